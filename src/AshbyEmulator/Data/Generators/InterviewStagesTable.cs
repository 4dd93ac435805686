using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewStage.list {interviewPlanId}: plan p owns base rows [8p, 8p+8), one per stage kind, and the kinds
/// its plan does not use are empty slots. Rows created through the admin API are extra interview stages.
/// </summary>
internal sealed class InterviewStagesTable(Dataset dataset, TableSpec table) : ChildTableGenerator<InterviewPlansTable>(dataset, table)
{
    private static readonly int[] GroupOfKind = [0, 1, 2, 2, 2, 3, 4, 5];

    private static readonly Word ExtraTitle = new("Additional Interview");

    public override bool CanArchive => false;

    public override bool Exists(int index) => index >= BaseCount || Parents.HasKind(index / InterviewPlansTable.Kinds, index % InterviewPlansTable.Kinds);

    public Uuid StageId(int plan, int kind) => Id((plan * InterviewPlansTable.Kinds) + kind);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        WriteProps(w, r);
        w.WriteEndObject();
    }

    /// <summary>The stage object embedded as an application's <c>currentInterviewStage</c>.</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int plan, int kind, long snapshot)
    {
        w.WriteStartObject(name);
        WriteProps(w, Row((plan * InterviewPlansTable.Kinds) + kind, snapshot));
        w.WriteEndObject();
    }

    /// <summary>A stage added through the admin API comes after its plan's stages and the ones added before it.</summary>
    private int ExtraOrder(in RowCtx r, int plan)
    {
        var order = plan < Parents.BaseCount ? Parents.Order(plan, InterviewPlansTable.Archived) + 1 : 0;
        for (var earlier = BaseCount; earlier < r.Index; earlier++)
        {
            if (ParentOf(Row(earlier, r.Snapshot)) == plan)
            {
                order++;
            }
        }
        return order;
    }

    private void WriteProps(Utf8JsonWriter w, in RowCtx r)
    {
        var plan = ParentOf(r);
        var extra = r.Index >= BaseCount;
        var kind = extra ? InterviewPlansTable.FirstInterview : r.Index % InterviewPlansTable.Kinds;
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, extra ? ExtraTitle.Utf8 : WordLists.InterviewStageTitles[kind].Utf8, r.Revision);
        w.WriteString(JsonNames.Type, WordLists.InterviewStageTypes[kind].Json);
        w.WriteNumber(JsonNames.OrderInInterviewPlan, extra ? ExtraOrder(r, plan) : Parents.Order(plan, kind));
        w.WriteUuid(JsonNames.InterviewStageGroupId, Table<InterviewStageGroupsTable>().Id(GroupOfKind[kind]));
        w.WriteUuid(JsonNames.InterviewPlanId, Parents.Id(plan));
    }
}
