using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>brand.list: the organisation's employer brands (jobs' brandId).</summary>
internal sealed class BrandsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Northwind Labs", "Northwind Health", "Contoso Robotics"))
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Name, r);
        Span<byte> slug = stackalloc byte[48];
        var b = new Utf8Builder(slug);
        b.Append(Titles[r.Index % Titles.Length].Slug);
        if (r.Index >= Titles.Length)
        {
            b.Append(r.Index + 1);
        }
        w.WriteString(JsonNames.HostedJobsPageSlug, b.Written);
        w.WriteEndObject();
    }
}
