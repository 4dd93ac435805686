namespace AshbySource.ContainerTests.Support;

/// <summary>The connector's streams, as the issue fixes them.</summary>
internal static class Streams
{
    public static readonly string[] All =
    [
        "applications", "archive_reasons", "candidate_tags", "candidates", "custom_fields", "departments",
        "interview_schedules", "interviews", "job_postings", "jobs", "locations", "offers", "openings",
        "projects", "sources", "users",
    ];

    /// <summary>Streams whose Ashby endpoint takes a sync token.</summary>
    public static readonly string[] Incremental =
    [
        "applications", "candidate_tags", "candidates", "custom_fields", "departments", "interview_schedules",
        "interviews", "jobs", "locations", "offers", "openings", "projects", "users",
    ];
}
