using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewStage.list {interviewPlanId}: plan p owns base rows [8p, 8p+8), one per stage kind, and the kinds
/// its plan does not use are empty slots. Rows created through the admin API are extra interview stages. A job's
/// plan (jobInterviewPlan.info) shows these stages with the activities and interviews each one schedules.
/// </summary>
internal sealed class InterviewStagesTable(Dataset dataset, TableSpec table) : ChildTableGenerator<InterviewPlansTable>(dataset, table)
{
    private static readonly int[] GroupOfKind = [0, 1, 2, 2, 2, 3, 4, 5];

    private static readonly Word ExtraTitle = new("Additional Interview");

    private static readonly Word ActivityDebrief = new("Debrief");

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
        WriteStageFields(w, r);
        w.WriteUuid(JsonNames.InterviewPlanId, Parents.Id(ParentOf(r)));
    }

    /// <summary>The fields a stage shows in interviewStage.list and in a job's plan (jobInterviewPlan.info).</summary>
    private void WriteStageFields(Utf8JsonWriter w, in RowCtx r)
    {
        var plan = ParentOf(r);
        var extra = r.Index >= BaseCount;
        var kind = Kind(r);
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, extra ? ExtraTitle.Utf8 : WordLists.InterviewStageTitles[kind].Utf8, r.Revision);
        w.WriteString(JsonNames.Type, WordLists.InterviewStageTypes[kind].Json);
        w.WriteNumber(JsonNames.OrderInInterviewPlan, extra ? ExtraOrder(r, plan) : Parents.Order(plan, kind));
        w.WriteUuid(JsonNames.InterviewStageGroupId, Table<InterviewStageGroupsTable>().Id(GroupOfKind[kind]));
    }

    private int Kind(in RowCtx r) => r.Index >= BaseCount ? InterviewPlansTable.FirstInterview : r.Index % InterviewPlansTable.Kinds;

    /// <summary>The stages of <paramref name="plan"/> in plan order: its base stages, then those added to it later.</summary>
    public IEnumerable<int> StagesOf(int plan, long snapshot)
    {
        var (start, end) = BaseRowsOf(plan);
        for (var i = start; i < end; i++)
        {
            if (Exists(i))
            {
                yield return i;
            }
        }
        var count = State.CountAt(snapshot);
        for (var i = BaseCount; i < count; i++)
        {
            if (ParentOf(Row(i, snapshot)) == plan)
            {
                yield return i;
            }
        }
    }

    /// <summary>
    /// A stage of a job's plan as jobInterviewPlan.info shows it: the stage and the activities to schedule in it, each
    /// with the interviews it needs. Interview stages have one or two activities of one to three interviews; the
    /// other stages (lead, review, offer, hired, archived) schedule none.
    /// </summary>
    public void WritePlanStage(Utf8JsonWriter w, int index, long snapshot)
    {
        var r = Row(index, snapshot);
        var kind = Kind(r);
        var interviewStage = WordLists.InterviewStageTypes[kind].Value == "Active";
        var rng = r.Rng(RowField.Events);
        var interviews = Table<InterviewsTable>();
        Span<byte> title = stackalloc byte[96];
        w.WriteStartObject();
        WriteStageFields(w, r);
        w.WriteStartArray(JsonNames.Activities);
        var activities = interviewStage ? rng.Int(1, 3) : 0;
        for (var a = 0; a < activities; a++)
        {
            w.WriteStartObject();
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xAC7, index, a));
            w.WriteString(JsonNames.Title, a == 0 ? WordLists.InterviewStageTitles[kind].Json : ActivityDebrief.Json);
            w.WriteStartArray(JsonNames.Interviews);
            var count = a == 0 ? rng.Int(1, 4) : 1;
            for (var k = 0; k < count; k++)
            {
                var interview = interviews.PickActiveShared(rng.Next());
                w.WriteStartObject();
                w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xAC8, index, (a * 4) + k));
                w.WriteString(JsonNames.Title, InterviewsTable.Title(interview, title));
                w.WriteUuid(JsonNames.InterviewId, interviews.Id(interview));
                w.WriteNumber(JsonNames.InterviewDurationMinutes, 15 * rng.Int(2, 5));
                w.WriteBoolean(JsonNames.IsSchedulable, !rng.Percent(10));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
