namespace AshbyEmulator.Data.Generators;

/// <summary>
/// The interview plan every job uses: eight stages (Lead … Archived) whose ids are derived from the job, so
/// applications and interview schedules agree on stage ids without any table of stages.
/// </summary>
internal static class InterviewPlan
{
    public const int Lead = 0, Review = 1, FirstInterview = 2, LastInterview = 4, Offer = 5, Hired = 6, Archived = 7;

    private static readonly int[] GroupOfStage = [0, 1, 2, 2, 2, 3, 4, 5];

    public static Uuid StageId(ulong seed, int job, int stage) => Uuid.Derive(seed, 0x57A6, job, stage);

    public static Uuid GroupId(ulong seed, int stage) => Uuid.Derive(seed, 0x6A0, GroupOfStage[stage], 0);

    public static void Write(System.Text.Json.Utf8JsonWriter w, ulong seed, Uuid planId, int job, int stage)
    {
        w.WriteStartObject(JsonNames.CurrentInterviewStage);
        w.WriteUuid(JsonNames.Id, StageId(seed, job, stage));
        w.WriteString(JsonNames.Title, WordLists.InterviewStageTitles[stage].Json);
        w.WriteString(JsonNames.Type, WordLists.InterviewStageTypes[stage].Json);
        w.WriteNumber(JsonNames.OrderInInterviewPlan, stage);
        w.WriteUuid(JsonNames.InterviewStageGroupId, GroupId(seed, stage));
        w.WriteUuid(JsonNames.InterviewPlanId, planId);
        w.WriteEndObject();
    }
}
