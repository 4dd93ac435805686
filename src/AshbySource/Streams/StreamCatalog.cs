using System.Collections.Frozen;
using System.Collections.Immutable;

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

    public static ImmutableArray<StreamDefinition> All { get; } =
    [
        //  name                                 endpoint                                 permission     fixed body                                                                                                            paging           createdAfter  cursor       suggested
        new("candidates",                        "candidate.list",                        Candidates,    "{}",                                                                                                                 Paging.Cursor,   true,         UpdatedAt,   true),
        new("applications",                      "application.list",                      Candidates,    """{"expand":["openings"]}""",                                                                                        Paging.Cursor,   true,         UpdatedAt,   true),
        new("jobs",                              "job.list",                              Jobs,          """{"status":["Draft","Open","Closed","Archived"],"includeUnpublishedJobPostingsIds":true,"expand":["location","openings"]}""", Paging.Cursor, true, UpdatedAt, true),
        new("job_postings",                      "jobPosting.list",                       Jobs,          """{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"]}""",             Paging.Snapshot, false,        null,        true,  Parent: ParentLink.PerRow("job_boards", "jobBoardId", addedField: "jobBoardId")),
        new("offers",                            "offer.list",                            Offers,        "{}",                                                                                                                 Paging.Cursor,   true,         LatestVersionCreatedAt, true),
        new("interviews",                        "interview.list",                        Interviews,    """{"includeArchived":true,"includeNonSharedInterviews":true}""",                                                      Paging.Cursor,   false,        NoTimestamp, false),
        new("interview_schedules",               "interviewSchedule.list",                Interviews,    "{}",                                                                                                                 Paging.Cursor,   true,         UpdatedAt,   true),
        new("users",                             "user.list",                             Organization,  """{"includeDeactivated":true}""",                                                                                    Paging.Cursor,   false,        UpdatedAt,   true),
        new("departments",                       "department.list",                       Organization,  """{"includeArchived":true}""",                                                                                       Paging.Cursor,   false,        UpdatedAt,   false),
        new("locations",                         "location.list",                         Organization,  """{"includeArchived":true,"includeLocationHierarchy":true}""",                                                       Paging.Cursor,   false,        NoTimestamp, false),
        new("sources",                           "source.list",                           HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Snapshot, false,        null,        false),
        new("archive_reasons",                   "archiveReason.list",                    HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Snapshot, false,        null,        false),
        new("candidate_tags",                    "candidateTag.list",                     HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Cursor,   false,        NoTimestamp, false),
        new("custom_fields",                     "customField.list",                      HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Cursor,   false,        NoTimestamp, false),
        new("openings",                          "opening.list",                          Jobs,          "{}",                                                                                                                 Paging.Cursor,   true,         LatestVersionCreatedAt, false),
        new("projects",                          "project.list",                          Candidates,    "{}",                                                                                                                 Paging.Cursor,   true,         CreatedAt,   false),
        new("interview_plans",                   "interviewPlan.list",                    Interviews,    """{"includeArchived":true}""",                                                                                       Paging.Cursor,   false,        UpdatedAt,   true),
        new("interview_stages",                  "interviewStage.list",                   Interviews,    "{}",                                                                                                                 Paging.Snapshot, false,        null,        true,  Parent: ParentLink.PerRow("interview_plans", "interviewPlanId", addedField: "interviewPlanId")),
        new("interview_stage_groups",            "interviewStageGroup.list",              Interviews,    "{}",                                                                                                                 Paging.Snapshot, false,        null,        false),
        new("interview_events",                  "interviewSchedule.list",                Interviews,    "{}",                                                                                                                 Paging.Cursor,   true,         UpdatedAt,   true,  Parent: ParentLink.Derived("interview_schedules", "interviewEvents", addedField: "interviewScheduleId")),
        new("application_feedback",              "applicationFeedback.list",              Candidates,    "{}",                                                                                                                 Paging.Cursor,   true,         SubmittedAt, true),
        new("application_history",               "application.listHistory",               Candidates,    "{}",                                                                                                                 Paging.Cursor,   false,        NoTimestamp, true,  Parent: ParentLink.PerRow("applications", "applicationId", addedField: "applicationId")),
        new("application_criteria_evaluations",  "application.listCriteriaEvaluations",   Candidates,    "{}",                                                                                                                 Paging.Cursor,   false,        NoTimestamp, false, Parent: ParentLink.PerRow("applications", "applicationId", addedField: "applicationId"), Key: ["applicationId", "id"]),
        new("application_hiring_team_roles",     "applicationHiringTeamRole.list",        Candidates,    "{}",                                                                                                                 Paging.Snapshot, false,        null,        false),
        new("candidate_notes",                   "candidate.listNotes",                   Candidates,    "{}",                                                                                                                 Paging.Cursor,   false,        CreatedAt,   false, Parent: ParentLink.PerRow("candidates", "candidateId", addedField: "candidateId")),
        new("candidate_projects",                "candidate.listProjects",                Candidates,    "{}",                                                                                                                 Paging.Cursor,   false,        NoTimestamp, false, Parent: ParentLink.PerRow("candidates", "candidateId", addedField: "candidateId"), Key: ["candidateId", "id"]),
        new("survey_submissions",                "surveySubmission.list",                 Candidates,    "{}",                                                                                                                 Paging.Cursor,   true,         SubmittedAt, false, Partitions: new("surveyType", "CandidateExperience", "Questionnaire", "HiringManagerExperience")),
        new("survey_requests",                   "surveyRequest.list",                    Candidates,    "{}",                                                                                                                 Paging.Cursor,   true,         NoTimestamp, false, Partitions: new("surveyType", "CandidateExperience", "Questionnaire") { FormerValue = "CandidateExperience" }),
        new("feedback_form_definitions",         "feedbackFormDefinition.list",           HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Cursor,   false,        NoTimestamp, false),
        new("interviewer_pools",                 "interviewerPool.list",                  HiringProcess, """{"includeArchivedPools":true,"includeArchivedTrainingStages":true}""",                                             Paging.Cursor,   false,        NoTimestamp, false),
        new("survey_form_definitions",           "surveyFormDefinition.list",             HiringProcess, "{}",                                                                                                                 Paging.Cursor,   false,        NoTimestamp, false),
        new("close_reasons",                     "closeReason.list",                      HiringProcess, """{"includeArchived":true}""",                                                                                       Paging.Snapshot, false,        null,        false),
        new("source_tracking_links",             "sourceTrackingLink.list",               HiringProcess, """{"includeDisabled":true}""",                                                                                       Paging.Snapshot, false,        null,        false),
        new("communication_templates",           "communicationTemplate.list",            HiringProcess, "{}",                                                                                                                 Paging.Snapshot, false,        null,        false),
        new("job_templates",                     "jobTemplate.list",                      Jobs,          """{"expand":["location"]}""",                                                                                        Paging.Cursor,   false,        UpdatedAt,   false),
        new("job_boards",                        "jobBoard.list",                         Jobs,          "{}",                                                                                                                 Paging.Snapshot, false,        null,        false),
        new("brands",                            "brand.list",                            Organization,  "{}",                                                                                                                 Paging.Cursor,   false,        null,        false),
        new("hiring_team_roles",                 "hiringTeamRole.list",                   Organization,  """{"namesOnly":false}""",                                                                                            Paging.Snapshot, false,        null,        false),
        new("interviewer_pauses",                "user.listInterviewerPauses",            Organization,  "{}",                                                                                                                 Paging.Snapshot, false,        CreatedAt,   false, Parent: ParentLink.PerRow("users", "userId", addedField: "userId")),
        new("approvals",                         "approval.list",                         Approvals,     "{}",                                                                                                                 Paging.Cursor,   false,        NoTimestamp, false),

        // One .info request per parent row; Ashby has no list of these rows (docs/ashby.md, "Per-object streams").
        new("offer_versions",                    "offer.info",                            Offers,        """{"excludeFormDefinition":true}""",                                                                                 Paging.Object,   false,        CreatedAt,   false, Parent: ParentLink.PerRow("offers", "offerId", addedField: "offerId", itemsField: "versions"), Key: ["offerId", "id"]),
        // Membership is read whole every time: interviewerPool.list shows no membership, so nothing documents that a
        // pool whose members changed enters its sync-token delta; pools are tens of rows, one request each.
        new("interviewer_pool_members",          "interviewerPool.info",                  HiringProcess, "{}",                                                                                                                 Paging.Object,   false,        null,        false, Parent: ParentLink.PerRow("interviewer_pools", "interviewerPoolId", addedField: "interviewerPoolId", itemsField: "qualifiedMembers"), Key: ["interviewerPoolId", "id"]),
        new("interviewer_pool_trainees",         "interviewerPool.info",                  HiringProcess, "{}",                                                                                                                 Paging.Object,   false,        null,        false, Parent: ParentLink.PerRow("interviewer_pools", "interviewerPoolId", addedField: "interviewerPoolId", itemsField: "trainees"), Key: ["interviewerPoolId", "id"]),
        new("job_interview_plans",               "jobInterviewPlan.info",                 Jobs,          "{}",                                                                                                                 Paging.Object,   false,        JobKey,      false, Parent: ParentLink.PerRow("jobs", "jobId", addedField: "jobId"), Key: ["jobId"]),
    ];

    public static FrozenDictionary<string, StreamDefinition> ByName { get; } =
        All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
}
