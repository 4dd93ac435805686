using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>archiveReason.list: 12 reasons, one archived.</summary>
internal sealed class ArchiveReasonsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
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
        var (text, type) = r.Index < WordLists.ArchiveReasons.Length
            ? WordLists.ArchiveReasons[r.Index]
            : (new Word($"Other reason {r.Index + 1}"), 2);
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Text, text.Utf8, r.Revision);
        w.WriteString(JsonNames.ReasonType, WordLists.ReasonTypes[type].Json);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
    }

    /// <summary>The archiveReason object embedded in applications (S26 adds customFields, always empty here).</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        w.WriteStartObject(name);
        WriteProps(w, Row(index, snapshot));
        w.WriteStartArray(JsonNames.CustomFields);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);
}
