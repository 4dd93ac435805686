using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>A small fixed list of named rows (boards, reasons, roles…): row i takes title i, revised by updates.</summary>
internal abstract class NamedCatalogTable(Dataset dataset, TableSpec table, Word[] titles) : TableGenerator(dataset, table)
{
    protected Word[] Titles { get; } = titles;

    protected void WriteTitle(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r) =>
        WriteRevised(w, name, r.Index < Titles.Length ? Titles[r.Index].Utf8 : System.Text.Encoding.UTF8.GetBytes($"{Titles[r.Index % Titles.Length].Value} {r.Index + 1}"), r.Revision);
}
