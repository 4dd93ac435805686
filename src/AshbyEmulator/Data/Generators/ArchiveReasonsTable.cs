using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>archiveReason.list: 12 reasons, one archived.</summary>
internal sealed class ArchiveReasonsTable(Dataset ds) : TableGenerator(ds, TableId.ArchiveReasons)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 9;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        WriteProps(w, r);
        w.WriteEndObject();
    }

    private void WriteProps(Utf8JsonWriter w, in RowCtx r)
    {
        var (text, type) = r.Index < Catalog.ArchiveReasons.Length
            ? Catalog.ArchiveReasons[r.Index]
            : (new Word($"Other reason {r.Index + 1}"), 2);
        w.WriteUuid(P.Id, Id(r.Index));
        WriteRevised(w, P.Text, text.Utf8, r.Revision);
        w.WriteString(P.ReasonType, Catalog.ReasonTypes[type].Json);
        w.WriteBoolean(P.IsArchived, IsArchived(r));
    }

    /// <summary>The archiveReason object embedded in applications (S26 adds customFields, always empty here).</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        w.WriteStartObject(name);
        WriteProps(w, Row(index, snapshot));
        w.WriteStartArray(P.CustomFields);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);
}
