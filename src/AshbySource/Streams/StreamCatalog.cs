using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AshbySource.Streams;

/// <summary>
/// The 16 streams. Endpoints, permissions, paging and flags follow Ashby's API reference
/// (https://developers.ashbyhq.com/reference); see docs/ashby.md for why each cursor field was chosen.
/// </summary>
internal static class StreamCatalog
{
    private const string Candidates = "candidatesRead";
    private const string Jobs = "jobsRead";
    private const string Interviews = "interviewsRead";
    private const string HiringProcess = "hiringProcessMetadataRead";
    private const string Organization = "organizationRead";
    private const string Offers = "offersRead";

    private static readonly string[] UpdatedAt = ["updatedAt"];
    private static readonly string[] CreatedAt = ["createdAt"];
    private static readonly string[] LatestVersionCreatedAt = ["latestVersion", "createdAt"];

    // These objects carry no change timestamp. The sync token decides what is read; the cursor only orders
    // copies of one row in a destination, where equal values fall back to _airbyte_extracted_at (newest wins).
    private static readonly string[] NoTimestamp = ["id"];

    public static ImmutableArray<StreamDefinition> All { get; } =
    [
        //  name                   endpoint                  permission    fixed body                                                                                   paging           createdAfter  cursor
        new("candidates",          "candidate.list",         Candidates,   "{}",                                                                                        Paging.Cursor,   true,         UpdatedAt),
        new("applications",        "application.list",       Candidates,   "{}",                                                                                        Paging.Cursor,   true,         UpdatedAt),
        new("jobs",                "job.list",               Jobs,         """{"status":["Draft","Open","Closed","Archived"],"includeUnpublishedJobPostingsIds":true}""", Paging.Cursor,   true,         UpdatedAt),
        new("job_postings",        "jobPosting.list",        Jobs,         "{}",                                                                                        Paging.Snapshot, false,        null),
        new("offers",              "offer.list",             Offers,       "{}",                                                                                        Paging.Cursor,   true,         LatestVersionCreatedAt),
        new("interviews",          "interview.list",         Interviews,   """{"includeArchived":true,"includeNonSharedInterviews":true}""",                             Paging.Cursor,   false,        NoTimestamp),
        new("interview_schedules", "interviewSchedule.list", Interviews,   "{}",                                                                                        Paging.Cursor,   true,         UpdatedAt),
        new("users",               "user.list",              Organization, """{"includeDeactivated":true}""",                                                           Paging.Cursor,   false,        UpdatedAt),
        new("departments",         "department.list",        Organization, """{"includeArchived":true}""",                                                              Paging.Cursor,   false,        UpdatedAt),
        new("locations",           "location.list",          Organization, """{"includeArchived":true,"includeLocationHierarchy":true}""",                              Paging.Cursor,   false,        NoTimestamp),
        new("sources",             "source.list",            HiringProcess, """{"includeArchived":true}""",                                                             Paging.Snapshot, false,        null),
        new("archive_reasons",     "archiveReason.list",     HiringProcess, """{"includeArchived":true}""",                                                             Paging.Snapshot, false,        null),
        new("candidate_tags",      "candidateTag.list",      HiringProcess, """{"includeArchived":true}""",                                                             Paging.Cursor,   false,        NoTimestamp),
        new("custom_fields",       "customField.list",       HiringProcess, """{"includeArchived":true}""",                                                             Paging.Cursor,   false,        NoTimestamp),
        new("openings",            "opening.list",           Jobs,         "{}",                                                                                        Paging.Cursor,   true,         LatestVersionCreatedAt),
        new("projects",            "project.list",           Candidates,   "{}",                                                                                        Paging.Cursor,   true,         CreatedAt),
    ];

    public static FrozenDictionary<string, StreamDefinition> ByName { get; } =
        All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
}
