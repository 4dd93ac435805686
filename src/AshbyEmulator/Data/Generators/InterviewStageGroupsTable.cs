using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>interviewStageGroup.list: the organisation's six stage groups, one per stage type, in order.</summary>
internal sealed class InterviewStageGroupsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] Titles = Word.Of("Lead", "Application Review", "Interviews", "Offer", "Hired", "Archived");

    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var kind = r.Index % Titles.Length;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, Titles[kind].Utf8, r.Revision);
        w.WriteNumber(JsonNames.Order, r.Index);
        w.WriteString(JsonNames.StageType, Vocab.StageGroupTypes[kind].Json);
        w.WriteEndObject();
    }
}
