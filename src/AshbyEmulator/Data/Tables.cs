using AshbyEmulator.Data.Generators;
using static AshbyEmulator.Data.ListParams;
using static AshbyEmulator.Data.Paging;

namespace AshbyEmulator.Data;

/// <summary>
/// The emulator's tables, one row each, named after the connector's streams. A row's position is its
/// ordinal (part of ids, row hashes and cursors), so new tables go at the end. Shapes, parameters and
/// quirks follow Ashby's API docs (https://developers.ashbyhq.com/reference).
/// </summary>
internal static class Tables
{
    private static readonly Permission Candidates = Permission.Candidates, Jobs = Permission.Jobs, Interviews = Permission.Interviews,
        Metadata = Permission.Metadata, Organization = Permission.Organization, Offers = Permission.Offers, Approvals = Permission.Approvals;

    public static readonly IReadOnlyList<TableSpec> All = Numbered(
    [
        //  stream                 endpoint                  permission    paging              accepts                                                size                                    generator
        new("candidates",          "candidate.list",         Candidates,   CursorAndSyncToken, CreatedAfter | CreatedBefore,                          s => s.Candidates,                      GeneratorFactory.Of((d, t) => new CandidatesTable(d, t))),
        new("applications",        "application.list",       Candidates,   CursorAndSyncToken, CreatedAfter | CreatedBefore | ApplicationFilters,     s => s.Candidates + (s.Candidates / 5), GeneratorFactory.Of((d, t) => new ApplicationsTable(d, t))),
        new("jobs",                "job.list",               Jobs,         CursorAndSyncToken, CreatedAfter | JobFilters | IncludeUnpublishedJobPostingsIds, s => s.Jobs,                   GeneratorFactory.Of((d, t) => new JobsTable(d, t))) { Info = new("jobInterviewPlan.info", "jobId", "job_not_found"), EmbeddedStreams = ["job_interview_plans"] },
        new("job_postings",        "jobPosting.list",        Jobs,         Snapshot,           PostingFilters,                                        s => Math.Max(1, s.Jobs * 7 / 10) + (s.Jobs * 4 / 10), GeneratorFactory.Of((d, t) => new JobPostingsTable(d, t))) { ChildOf = new("jobBoardId", "job_boards", "job_board_not_found") { Required = false } },
        new("offers",              "offer.list",             Offers,       CursorAndSyncToken, CreatedAfter | OfferFilters,                           s => s.Candidates / 20,                 GeneratorFactory.Of((d, t) => new OffersTable(d, t))) { Info = new("offer.info", "offerId", "offer_not_found", ExcludeFormDefinition), EmbeddedStreams = ["offer_versions"] },
        new("interviews",          "interview.list",         Interviews,   CursorAndSyncToken, IncludeArchived | IncludeNonSharedInterviews,          s => Math.Max(20, s.Jobs / 2),          GeneratorFactory.Of((d, t) => new InterviewsTable(d, t))),
        new("interview_schedules", "interviewSchedule.list", Interviews,   CursorAndSyncToken, CreatedAfter | ScheduleFilters,                        s => s.Candidates / 2,                  GeneratorFactory.Of((d, t) => new InterviewSchedulesTable(d, t))) { EmbeddedStreams = ["interview_events"] },
        new("users",               "user.list",              Organization, CursorAndSyncToken, IncludeDeactivated,                                    s => Math.Max(10, s.Candidates / 100),  GeneratorFactory.Of((d, t) => new UsersTable(d, t))),
        new("departments",         "department.list",        Organization, CursorAndSyncToken, IncludeArchived,                                       s => Math.Clamp(s.Jobs / 5, 8, 60),     GeneratorFactory.Of((d, t) => new DepartmentsTable(d, t))),
        new("locations",           "location.list",          Organization, CursorAndSyncToken, IncludeArchived | IncludeLocationHierarchy,            s => Math.Clamp(s.Jobs / 5, 8, 60),     GeneratorFactory.Of((d, t) => new LocationsTable(d, t))),
        new("sources",             "source.list",            Metadata,     Snapshot,           IncludeArchived,                                       _ => 25,                                GeneratorFactory.Of((d, t) => new SourcesTable(d, t))) { Quirks = Quirks.SnapshotReportsMoreData },
        new("archive_reasons",     "archiveReason.list",     Metadata,     Snapshot,           IncludeArchived,                                       _ => 12,                                GeneratorFactory.Of((d, t) => new ArchiveReasonsTable(d, t))),
        new("candidate_tags",      "candidateTag.list",      Metadata,     CursorAndSyncToken, IncludeArchived,                                       _ => 40,                                GeneratorFactory.Of((d, t) => new CandidateTagsTable(d, t))),
        new("custom_fields",       "customField.list",       Metadata,     CursorAndSyncToken, IncludeArchived,                                       _ => CustomFieldCatalog.All.Length,      GeneratorFactory.Of((d, t) => new CustomFieldsTable(d, t))),
        new("openings",            "opening.list",           Jobs,         CursorAndSyncToken, CreatedAfter,                                          s => s.Jobs * 6 / 5,                    GeneratorFactory.Of((d, t) => new OpeningsTable(d, t))) { Quirks = Quirks.CursorOnLastPage },
        new("projects",            "project.list",           Candidates,   CursorAndSyncToken, CreatedAfter,                                          s => Math.Max(5, s.Candidates / 200),   GeneratorFactory.Of((d, t) => new ProjectsTable(d, t))) { Quirks = Quirks.CursorOnLastPage },
        new("interview_plans",     "interviewPlan.list",     Interviews,   CursorAndSyncToken, IncludeArchived,                                       s => Math.Max(10, s.Jobs / 2),          GeneratorFactory.Of((d, t) => new InterviewPlansTable(d, t))),
        new("interview_stages",    "interviewStage.list",    Interviews,   Snapshot,           None,                                                  s => InterviewPlansTable.Kinds * Math.Max(10, s.Jobs / 2), GeneratorFactory.Of((d, t) => new InterviewStagesTable(d, t))) { ChildOf = new("interviewPlanId", "interview_plans", "interview_plan_not_found"), Quirks = Quirks.SnapshotReportsMoreData },
        new("interview_stage_groups", "interviewStageGroup.list", Interviews, Snapshot,         None,                                                  _ => 6,                                 GeneratorFactory.Of((d, t) => new InterviewStageGroupsTable(d, t))),
        new("application_feedback", "applicationFeedback.list", Candidates, CursorAndSyncToken, CreatedAfter | FeedbackFilters,                       s => s.Candidates / 2,                  GeneratorFactory.Of((d, t) => new ApplicationFeedbackTable(d, t))),
        new("feedback_form_definitions", "feedbackFormDefinition.list", Metadata, CursorAndSyncToken, IncludeArchived,                             _ => 8,                                 GeneratorFactory.Of((d, t) => new FeedbackFormDefinitionsTable(d, t))),
        new("interviewer_pools",   "interviewerPool.list",   Metadata,     CursorAndSyncToken, InterviewerPoolFilters,                                s => Math.Max(5, Math.Max(10, s.Candidates / 100) / 4), GeneratorFactory.Of((d, t) => new InterviewerPoolsTable(d, t))) { Info = new("interviewerPool.info", "interviewerPoolId", "interviewer_pool_not_found"), EmbeddedStreams = ["interviewer_pool_members", "interviewer_pool_trainees"] },
        new("job_templates",       "jobTemplate.list",       Jobs,         CursorAndSyncToken, JobTemplateExpand,                                     s => Math.Max(5, s.Jobs / 10),          GeneratorFactory.Of((d, t) => new JobTemplatesTable(d, t))),
        new("survey_form_definitions", "surveyFormDefinition.list", Metadata, CursorAndSyncToken, None,                                            _ => 7,                                 GeneratorFactory.Of((d, t) => new SurveyFormDefinitionsTable(d, t))),
        new("approvals",           "approval.list",          Approvals,    CursorAndSyncToken, ApprovalFilters,                                                 s => (s.Candidates / 20) + (s.Jobs / 2), GeneratorFactory.Of((d, t) => new ApprovalsTable(d, t))),
        new("job_boards",          "jobBoard.list",          Jobs,         Snapshot,           None,                                                  _ => 4,                                 GeneratorFactory.Of((d, t) => new JobBoardsTable(d, t))) { Quirks = Quirks.SnapshotReportsMoreData },
        new("close_reasons",       "closeReason.list",       Metadata,     Snapshot,           IncludeArchived,                                       _ => 8,                                 GeneratorFactory.Of((d, t) => new CloseReasonsTable(d, t))) { Quirks = Quirks.SnapshotReportsMoreData },
        new("brands",              "brand.list",             Organization, Cursor,             None,                                                  _ => 3,                                 GeneratorFactory.Of((d, t) => new BrandsTable(d, t))),
        new("source_tracking_links", "sourceTrackingLink.list", Metadata,  Snapshot,           IncludeDisabled,                                       _ => 20,                                GeneratorFactory.Of((d, t) => new SourceTrackingLinksTable(d, t))) { Quirks = Quirks.SnapshotReportsMoreData },
        new("hiring_team_roles",   "hiringTeamRole.list",    Organization, Snapshot,           NamesOnly,                                             _ => 5,                                 GeneratorFactory.Of((d, t) => new HiringTeamRolesTable(d, t))),
        new("application_hiring_team_roles", "applicationHiringTeamRole.list", Candidates, Snapshot, None,                                         _ => 4,                                 GeneratorFactory.Of((d, t) => new ApplicationHiringTeamRolesTable(d, t))),
        new("communication_templates", "communicationTemplate.list", Metadata, Snapshot,       None,                                                  _ => 12,                                GeneratorFactory.Of((d, t) => new CommunicationTemplatesTable(d, t))),
        new("survey_submissions",  "surveySubmission.list",  Candidates,   CursorAndSyncToken, CreatedAfter | SurveySubmissionFilters,                s => Applications(s) / 5,               GeneratorFactory.Of((d, t) => new SurveySubmissionsTable(d, t))),
        new("survey_requests",     "surveyRequest.list",     Candidates,   CursorAndSyncToken, CreatedAfter | SurveyRequestFilters,                   s => Applications(s) / 4,               GeneratorFactory.Of((d, t) => new SurveyRequestsTable(d, t))),
        new("application_history", "application.listHistory", Candidates,  Cursor,             None,                                                  s => InterviewPlansTable.Kinds * Applications(s), GeneratorFactory.Of((d, t) => new ApplicationHistoryTable(d, t))) { ChildOf = new("applicationId", "applications", "application_not_found") },
        new("application_criteria_evaluations", "application.listCriteriaEvaluations", Candidates, Cursor, None,                                    s => 3L * Applications(s),              GeneratorFactory.Of((d, t) => new ApplicationCriteriaEvaluationsTable(d, t))) { ChildOf = new("applicationId", "applications", "application_not_found") },
        new("candidate_notes",     "candidate.listNotes",    Candidates,   CursorAndSyncToken, None,                                                  s => 3L * s.Candidates,                 GeneratorFactory.Of((d, t) => new CandidateNotesTable(d, t))) { ChildOf = new("candidateId", "candidates", "candidate_not_found") },
        new("candidate_projects",  "candidate.listProjects", Candidates,   Cursor,             None,                                                  s => 2L * s.Candidates,                 GeneratorFactory.Of((d, t) => new CandidateProjectsTable(d, t))) { ChildOf = new("candidateId", "candidates", "candidate_not_found") },
        new("interviewer_pauses",  "user.listInterviewerPauses", Organization, Snapshot,       None,                                                  s => 2L * Math.Max(10, s.Candidates / 100), GeneratorFactory.Of((d, t) => new InterviewerPausesTable(d, t))) { ChildOf = new("userId", "users", "user_not_found") },
    ]);

    private static long Applications(TableScale s) => s.Candidates + (s.Candidates / 5);

    /// <summary>Gives each row its position as ordinal.</summary>
    public static IReadOnlyList<TableSpec> Numbered(IEnumerable<TableSpec> tables) =>
        [.. tables.Select((table, i) => table with { Ordinal = i })];
}

/// <summary>The row of the table generated by <typeparamref name="T"/>: lets generators find each other by type, once.</summary>
internal static class TableOf<T>
    where T : TableGenerator
{
    public static readonly TableSpec Spec = Tables.All.Single(t => t.Generator.Type == typeof(T));
}
