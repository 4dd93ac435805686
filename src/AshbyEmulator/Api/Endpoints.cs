using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>Optional body parameters an endpoint documents (ashby-api.md §2.3–2.4, §4).</summary>
[Flags]
internal enum Params
{
    None = 0,
    IncludeArchived = 1 << 0,
    IncludeDeactivated = 1 << 1,
    IncludeNonSharedInterviews = 1 << 2,
    IncludeLocationHierarchy = 1 << 3,
    IncludeUnpublishedJobPostingsIds = 1 << 4,
    JobFilters = 1 << 5,
    ApplicationFilters = 1 << 6,
    OfferFilters = 1 << 7,
    ScheduleFilters = 1 << 8,
    PostingFilters = 1 << 9,
}

/// <summary>One RPC endpoint.</summary>
/// <param name="Name">Path without the slash, e.g. <c>candidate.list</c>.</param>
/// <param name="Table">The table listed; null for apiKey.info.</param>
/// <param name="Permission">Docs name of the required permission (used in error messages).</param>
/// <param name="Scope">apiKey.info spelling of the permission.</param>
/// <param name="Paginated">Paginated with syncToken (13 endpoints); otherwise one unpaginated snapshot.</param>
/// <param name="CreatedAfter">Accepts <c>createdAfter</c> (epoch ms).</param>
/// <param name="Accepts">Other documented parameters.</param>
internal sealed record EndpointSpec(string Name, TableId? Table, string Permission, string Scope, bool Paginated, bool CreatedAfter, Params Accepts)
{
    /// <summary>source.list documents <c>moreDataAvailable:false</c> although it is not paginated.</summary>
    public bool SnapshotReportsMoreData => Name == "source.list";

    /// <summary>opening.list and project.list also send a nextCursor on the last page (a real Ashby quirk).</summary>
    public bool CursorOnLastPage => Name is "opening.list" or "project.list";
}

internal static class Endpoints
{
    private const string Candidates = "candidatesRead", Jobs = "jobsRead", Interviews = "interviewsRead",
        Metadata = "hiringProcessMetadataRead", Organization = "organizationRead", Offers = "offersRead";

    public static readonly IReadOnlyList<EndpointSpec> All =
    [
        new("candidate.list", TableId.Candidates, Candidates, "candidates:read", true, true, Params.None),
        new("application.list", TableId.Applications, Candidates, "candidates:read", true, true, Params.ApplicationFilters),
        new("job.list", TableId.Jobs, Jobs, "jobs:read", true, true, Params.JobFilters | Params.IncludeUnpublishedJobPostingsIds),
        new("jobPosting.list", TableId.JobPostings, Jobs, "jobs:read", false, false, Params.PostingFilters),
        new("offer.list", TableId.Offers, Offers, "offers:read", true, true, Params.OfferFilters),
        new("interview.list", TableId.Interviews, Interviews, "interviews:read", true, false, Params.IncludeArchived | Params.IncludeNonSharedInterviews),
        new("interviewSchedule.list", TableId.InterviewSchedules, Interviews, "interviews:read", true, true, Params.ScheduleFilters),
        new("user.list", TableId.Users, Organization, "organization:read", true, false, Params.IncludeDeactivated),
        new("department.list", TableId.Departments, Organization, "organization:read", true, false, Params.IncludeArchived),
        new("location.list", TableId.Locations, Organization, "organization:read", true, false, Params.IncludeArchived | Params.IncludeLocationHierarchy),
        new("source.list", TableId.Sources, Metadata, "hiringProcessMetadata:read", false, false, Params.IncludeArchived),
        new("archiveReason.list", TableId.ArchiveReasons, Metadata, "hiringProcessMetadata:read", false, false, Params.IncludeArchived),
        new("candidateTag.list", TableId.CandidateTags, Metadata, "hiringProcessMetadata:read", true, false, Params.IncludeArchived),
        new("customField.list", TableId.CustomFields, Metadata, "hiringProcessMetadata:read", true, false, Params.IncludeArchived),
        new("opening.list", TableId.Openings, Jobs, "jobs:read", true, true, Params.None),
        new("project.list", TableId.Projects, Candidates, "candidates:read", true, true, Params.None),
        new("apiKey.info", null, "apiKeysRead", "apiKeys:read", false, false, Params.None),
    ];

    private static readonly Dictionary<string, EndpointSpec> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out EndpointSpec spec) => ByName.TryGetValue(name, out spec!);
}
