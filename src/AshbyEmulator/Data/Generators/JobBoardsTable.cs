using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>jobBoard.list: enabled boards only. Board 0 is the primary external board, 1 the internal one, 2 a second external board; 3 is disabled.</summary>
internal sealed class JobBoardsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Northwind Labs Careers", "Internal Mobility Board", "Northwind Labs EMEA Careers", "Legacy Careers Page"))
{
    public const int Primary = 0, Internal = 1;

    protected override bool BaseArchived(int index, ulong hash) => index == 3;

    public override bool Matches(in RowCtx r, ListFilter f) => !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteBoolean(JsonNames.IsInternal, r.Index == Internal);
        w.WriteEndObject();
    }
}
