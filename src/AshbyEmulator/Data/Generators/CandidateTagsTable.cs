using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>candidateTag.list: 40 tags, 10% archived.</summary>
internal sealed class CandidateTagsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 4;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteObject(w, r);

    public void WriteEmbedded(Utf8JsonWriter w, int index, long snapshot) => WriteObject(w, Row(index, snapshot));

    private void WriteObject(Utf8JsonWriter w, in RowCtx r)
    {
        var title = r.Index < WordLists.Tags.Length ? WordLists.Tags[r.Index] : new Word($"Tag {r.Index + 1}");
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, title.Utf8, r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteEndObject();
    }
}
