namespace AshbySource.ContainerTests.Support;

/// <summary>The connector's streams, as the issue fixes them.</summary>
internal static class Streams
{
    public static readonly string[] All =
    [
        "application_criteria_evaluations", "application_feedback", "application_hiring_team_roles",
        "application_history", "applications", "approvals", "archive_reasons", "brands", "candidate_notes",
        "candidate_projects", "candidate_tags", "candidates", "close_reasons", "communication_templates",
        "custom_fields", "departments", "feedback_form_definitions", "hiring_team_roles", "interview_events",
        "interview_plans", "interview_schedules", "interview_stage_groups", "interview_stages", "interviewer_pauses",
        "interviewer_pool_members", "interviewer_pool_trainees", "interviewer_pools", "interviews", "job_boards",
        "job_interview_plans", "job_postings", "job_templates", "jobs", "locations", "offer_versions", "offers",
        "openings", "projects", "source_tracking_links", "sources", "survey_form_definitions", "survey_requests",
        "survey_submissions", "users",
    ];

    /// <summary>Streams whose pass follows a sync token (their own endpoint's, or their parent's).</summary>
    public static readonly string[] Incremental =
    [
        "application_criteria_evaluations", "application_feedback", "application_history", "applications",
        "approvals", "candidate_notes", "candidate_projects", "candidate_tags", "candidates", "custom_fields",
        "departments", "feedback_form_definitions", "interview_events", "interview_plans", "interview_schedules",
        "interviewer_pauses", "interviewer_pools", "interviews", "job_interview_plans", "job_templates", "jobs",
        "locations", "offer_versions", "offers", "openings", "projects", "survey_form_definitions", "survey_requests",
        "survey_submissions", "users",
    ];

    /// <summary>
    /// Streams whose primary key is not <c>id</c>: ids Ashby repeats across parents (the parent's id comes first), and
    /// a job's interview plan, which has no id of its own.
    /// </summary>
    public static readonly Dictionary<string, string[]> OtherKeys = new(StringComparer.Ordinal)
    {
        ["application_criteria_evaluations"] = ["applicationId", "id"],
        ["candidate_projects"] = ["candidateId", "id"],
        ["offer_versions"] = ["offerId", "id"],
        ["interviewer_pool_members"] = ["interviewerPoolId", "id"],
        ["interviewer_pool_trainees"] = ["interviewerPoolId", "id"],
        ["job_interview_plans"] = ["jobId"],
    };

    /// <summary>The fields of the stream's primary key.</summary>
    public static string[] KeyFields(string stream) => OtherKeys.GetValueOrDefault(stream, IdKey);

    private static readonly string[] IdKey = ["id"];
}
