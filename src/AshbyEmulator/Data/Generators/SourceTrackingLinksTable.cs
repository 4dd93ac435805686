using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>sourceTrackingLink.list: tracked application links per source; 1 in 7 is disabled (includeDisabled).</summary>
internal sealed class SourceTrackingLinksTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 7 == 3;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeDisabled || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        Span<byte> code = stackalloc byte[16];
        var c = new Utf8Builder(code);
        c.AppendHex(r.Field(RowField.Name), 8);
        Span<byte> link = stackalloc byte[96];
        var b = new Utf8Builder(link);
        b.Append("https://jobs.ashbyhq.com/northwind-labs?utm_source="u8);
        b.Append(c.Written);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.Code, c.Written);
        w.WriteBoolean(JsonNames.Enabled, !IsArchived(r));
        w.WriteUuid(JsonNames.SourceId, Table<SourcesTable>().Id(Table<SourcesTable>().Pick(r.Field(RowField.Source))));
        w.WriteString(JsonNames.Link, b.Written);
        w.WriteEndObject();
    }
}
