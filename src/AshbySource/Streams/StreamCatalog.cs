using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace AshbySource.Streams;

/// <summary>
/// Every stream. Endpoints, permissions, paging, flags and expansions follow Ashby's API reference
/// (https://developers.ashbyhq.com/reference); see docs/ashby.md for why each cursor field was chosen.
/// </summary>
/// <remarks>
/// No row has a budget of its own: Ashby publishes per-endpoint limits only for <c>report.*</c>, which no stream
/// calls; every other endpoint shares the organisation's limit, which the run's one rate budget already keeps to
/// and slows down for on a 429 (docs/ashby.md, "Rate limits").
/// </remarks>
internal static class StreamCatalog
{
    private const string Candidates = "candidatesRead";
    private const string Jobs = "jobsRead";
    private const string Interviews = "interviewsRead";
    private const string HiringProcess = "hiringProcessMetadataRead";
    private const string Organization = "organizationRead";
    private const string Offers = "offersRead";
    private const string Approvals = "approvalsRead";

    private static readonly string[] UpdatedAt = ["updatedAt"];
    private static readonly string[] CreatedAt = ["createdAt"];
    private static readonly string[] SubmittedAt = ["submittedAt"];
    private static readonly string[] LatestVersionCreatedAt = ["latestVersion", "createdAt"];

    // These objects carry no change timestamp. The sync token decides what is read; the cursor only orders
    // copies of one row in a destination, where equal values fall back to _airbyte_extracted_at (newest wins).
    private static readonly string[] NoTimestamp = ["id"];

    // A job's interview plan has neither a timestamp nor an id of its own: its key orders copies, as NoTimestamp does.
    private static readonly string[] JobKey = ["jobId"];

    /// <summary>A body of flags, each sent as <c>true</c>.</summary>
    private static JsonObject Flags(params string[] names) => new(names.Select(name => KeyValuePair.Create(name, (JsonNode?)true)));

    /// <summary>A body that asks for the <c>expand</c> <paramref name="values"/>, which fill declared fields.</summary>
    private static JsonObject Expand(params string[] values) => new() { ["expand"] = Strings(values) };

    private static JsonArray Strings(params string[] values) => [.. values.Select(value => (JsonNode?)value)];

    /// <summary>
    /// The table. A row names the stream, its endpoint and permission, then only the columns that set it apart:
    /// <see cref="StreamDefinition.Body"/>, <see cref="StreamDefinition.Paging"/> (a cursor unless said),
    /// <see cref="StreamDefinition.CreatedAfter"/>, <see cref="StreamDefinition.CursorField"/> (incremental),
    /// <see cref="StreamDefinition.Suggested"/>, <see cref="StreamDefinition.Parent"/>,
    /// <see cref="StreamDefinition.Partitions"/>, <see cref="StreamDefinition.Key"/>, <see cref="StreamDefinition.Feature"/>.
    /// </summary>
    public static ImmutableArray<StreamDefinition> All { get; } = Link(
    [
        new("candidates",                       "candidate.list",                      Candidates)    { CreatedAfter = true, CreatedBefore = true, CursorField = UpdatedAt, Suggested = true },
        new("applications",                     "application.list",                    Candidates)    { Body = Expand("openings"), CreatedAfter = true, CreatedBefore = true, CursorField = UpdatedAt, Suggested = true },
        new("jobs",                             "job.list",                            Jobs)
        {
            Body = new() { ["status"] = Strings("Draft", "Open", "Closed", "Archived"), ["includeUnpublishedJobPostingsIds"] = true, ["expand"] = Strings("location", "openings") },
            CreatedAfter = true, CursorField = UpdatedAt, Suggested = true,
        },
        new("job_postings",                     "jobPosting.list",                     Jobs)
        {
            Body = new() { ["includeUnpublishedJobPostings"] = true, ["expand"] = Strings("customFields", "jobCustomFields", "locationDetail") },
            Paging = Paging.Snapshot, Suggested = true, Parent = ParentLink.PerRow("job_boards", "jobBoardId"), Key = ["jobBoardId", "id"],
        },
        new("offers",                           "offer.list",                          Offers)        { CreatedAfter = true, CursorField = LatestVersionCreatedAt, Suggested = true },
        new("interviews",                       "interview.list",                      Interviews)    { Body = Flags("includeArchived", "includeNonSharedInterviews"), CursorField = NoTimestamp },
        new("interview_schedules",              "interviewSchedule.list",              Interviews)    { CreatedAfter = true, CursorField = UpdatedAt, Suggested = true },
        new("users",                            "user.list",                           Organization)  { Body = Flags("includeDeactivated"), CursorField = UpdatedAt, Suggested = true },
        new("departments",                      "department.list",                     Organization)  { Body = Flags("includeArchived"), CursorField = UpdatedAt },
        new("locations",                        "location.list",                       Organization)  { Body = Flags("includeArchived", "includeLocationHierarchy"), CursorField = NoTimestamp },
        new("sources",                          "source.list",                         HiringProcess) { Body = Flags("includeArchived"), Paging = Paging.Snapshot },
        new("archive_reasons",                  "archiveReason.list",                  HiringProcess) { Body = Flags("includeArchived"), Paging = Paging.Snapshot },
        new("candidate_tags",                   "candidateTag.list",                   HiringProcess) { Body = Flags("includeArchived"), CursorField = NoTimestamp },
        new("custom_fields",                    "customField.list",                    HiringProcess) { Body = Flags("includeArchived"), CursorField = NoTimestamp },
        new("openings",                         "opening.list",                        Jobs)          { CreatedAfter = true, CursorField = LatestVersionCreatedAt },
        new("projects",                         "project.list",                        Candidates)    { CreatedAfter = true, CursorField = CreatedAt },
        new("interview_plans",                  "interviewPlan.list",                  Interviews)    { Body = Flags("includeArchived"), CursorField = UpdatedAt, Suggested = true },
        new("interview_stages",                 "interviewStage.list",                 Interviews)
        {
            Paging = Paging.Snapshot, Suggested = true, Parent = ParentLink.PerRow("interview_plans", "interviewPlanId"),
        },
        new("interview_stage_groups",           "interviewStageGroup.list",            Interviews)    { Paging = Paging.Snapshot },
        new("interview_events",                 ParentLink.Derived("interview_schedules", "interviewEvents", addedField: "interviewScheduleId"))
        {
            CursorField = UpdatedAt, Suggested = true,
        },
        new("application_feedback",             "applicationFeedback.list",            Candidates)    { CreatedAfter = true, CursorField = SubmittedAt, Suggested = true },
        new("application_history",              "application.listHistory",             Candidates)
        {
            CursorField = NoTimestamp, Suggested = true, Parent = ParentLink.PerRow("applications", "applicationId"),
        },
        new("application_criteria_evaluations", "application.listCriteriaEvaluations", Candidates)
        {
            CursorField = NoTimestamp, Parent = ParentLink.PerRow("applications", "applicationId"), Key = ["applicationId", "id"], Feature = "Ashby's AI Application Review",
        },
        new("application_hiring_team_roles",    "applicationHiringTeamRole.list",      Candidates)    { Paging = Paging.Snapshot },
        new("candidate_notes",                  "candidate.listNotes",                 Candidates)    { CursorField = CreatedAt, Parent = ParentLink.PerRow("candidates", "candidateId") },
        new("candidate_projects",               "candidate.listProjects",              Candidates)
        {
            CursorField = NoTimestamp, Parent = ParentLink.PerRow("candidates", "candidateId"), Key = ["candidateId", "id"],
        },
        new("survey_submissions",               "surveySubmission.list",               Candidates)
        {
            CreatedAfter = true, CursorField = SubmittedAt, Partitions = new("surveyType", "CandidateExperience", "Questionnaire", "HiringManagerExperience"),
        },
        new("survey_requests",                  "surveyRequest.list",                  Candidates)
        {
            CreatedAfter = true, CursorField = NoTimestamp, Partitions = new("surveyType", "CandidateExperience", "Questionnaire") { FormerValue = "CandidateExperience" },
        },
        new("feedback_form_definitions",        "feedbackFormDefinition.list",         HiringProcess) { Body = Flags("includeArchived"), CursorField = NoTimestamp },
        new("interviewer_pools",                "interviewerPool.list",                HiringProcess) { Body = Flags("includeArchivedPools", "includeArchivedTrainingStages"), CursorField = NoTimestamp },
        new("survey_form_definitions",          "surveyFormDefinition.list",           HiringProcess) { CursorField = NoTimestamp },
        new("close_reasons",                    "closeReason.list",                    HiringProcess) { Body = Flags("includeArchived"), Paging = Paging.Snapshot },
        new("source_tracking_links",            "sourceTrackingLink.list",             HiringProcess) { Body = Flags("includeDisabled"), Paging = Paging.Snapshot },
        new("communication_templates",          "communicationTemplate.list",          HiringProcess) { Paging = Paging.Snapshot },
        new("job_templates",                    "jobTemplate.list",                    Jobs)          { Body = Expand("location"), CursorField = UpdatedAt },
        new("job_boards",                       "jobBoard.list",                       Jobs)          { Paging = Paging.Snapshot },
        new("brands",                           "brand.list",                          Organization),
        new("hiring_team_roles",                "hiringTeamRole.list",                 Organization)  { Body = new() { ["namesOnly"] = false }, Paging = Paging.Snapshot },
        new("interviewer_pauses",               "user.listInterviewerPauses",          Organization)
        {
            Paging = Paging.Snapshot, CursorField = CreatedAt, Parent = ParentLink.PerRow("users", "userId"),
        },
        new("approvals",                        "approval.list",                       Approvals)     { CursorField = NoTimestamp },

        // One .info request per parent row; Ashby has no list of these rows (docs/ashby.md, "Per-object streams").
        new("offer_versions",                   "offer.info",                          Offers)
        {
            Body = Flags("excludeFormDefinition"), Paging = Paging.Object, CursorField = CreatedAt,
            Parent = ParentLink.PerRow("offers", "offerId", itemsField: "versions"), Key = ["offerId", "id"],
        },

        // Membership is read whole every time: interviewerPool.list shows no membership, so nothing documents that a
        // pool whose members changed enters its sync-token delta; pools are tens of rows, one request each.
        new("interviewer_pool_members",         "interviewerPool.info",                HiringProcess)
        {
            Paging = Paging.Object, Parent = ParentLink.PerRow("interviewer_pools", "interviewerPoolId", itemsField: "qualifiedMembers"), Key = ["interviewerPoolId", "id"],
        },
        new("interviewer_pool_trainees",        "interviewerPool.info",                HiringProcess)
        {
            Paging = Paging.Object, Parent = ParentLink.PerRow("interviewer_pools", "interviewerPoolId", itemsField: "trainees"), Key = ["interviewerPoolId", "id"],
        },
        new("job_interview_plans",              "jobInterviewPlan.info",               Jobs)
        {
            Paging = Paging.Object, CursorField = JobKey, Parent = ParentLink.PerRow("jobs", "jobId"), Key = ["jobId"],
        },
    ]);

    public static FrozenDictionary<string, StreamDefinition> ByName { get; } =
        All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>
    /// The rows with every child and derived row joined to its parent's row, which must be a top-level row of the
    /// same table: a derived stream reads its request columns from it, and every pass over a parent pages through it.
    /// </summary>
    internal static ImmutableArray<StreamDefinition> Link(IReadOnlyList<StreamDefinition> rows)
    {
        var byName = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        StreamDefinition ParentOf(StreamDefinition row) =>
            byName.GetValueOrDefault(row.Parent!.Stream) is { Parent: null } parent
                ? parent
                : throw new InvalidOperationException($"{row.Name} hangs off {row.Parent.Stream}, which is not a top-level stream of the table");

        return [.. rows.Select(row => row.Parent is null ? row : row.JoinedTo(ParentOf(row)))];
    }
}
