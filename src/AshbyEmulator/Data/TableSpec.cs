namespace AshbyEmulator.Data;

/// <summary>How a list endpoint hands out its rows.</summary>
internal enum Paging
{
    /// <summary>Every matching row in one response; no limit, cursor or syncToken.</summary>
    Snapshot,

    /// <summary>Pages of at most <c>limit</c> rows chained by <c>nextCursor</c>; no syncToken.</summary>
    Cursor,

    /// <summary>Cursor pages, and the last page of a pass issues a syncToken for an incremental pass later.</summary>
    CursorAndSyncToken,
}

/// <summary>Optional body parameters (or groups of them) an endpoint documents in Ashby's API docs (https://developers.ashbyhq.com/reference).</summary>
[Flags]
internal enum ListParams
{
    None = 0,
    CreatedAfter = 1 << 0,
    IncludeArchived = 1 << 1,
    IncludeDeactivated = 1 << 2,
    IncludeNonSharedInterviews = 1 << 3,
    IncludeLocationHierarchy = 1 << 4,
    IncludeUnpublishedJobPostingsIds = 1 << 5,
    JobFilters = 1 << 6,
    ApplicationFilters = 1 << 7,
    OfferFilters = 1 << 8,
    ScheduleFilters = 1 << 9,
    PostingFilters = 1 << 10,
    IncludeDisabled = 1 << 11,
    InterviewerPoolFilters = 1 << 12,
    JobTemplateExpand = 1 << 13,
    NamesOnly = 1 << 14,
    FeedbackFilters = 1 << 15,
    SurveySubmissionFilters = 1 << 16,
    SurveyRequestFilters = 1 << 17,
    ApprovalFilters = 1 << 18,
    ExcludeFormDefinition = 1 << 19,

    /// <summary>
    /// <c>createdBefore</c> (epoch ms, at or before) on candidate.list and application.list since 2026-07-09
    /// (https://developers.ashbyhq.com/changelog/2026-07-09-add-created-before-filter-to-list-endpoints).
    /// </summary>
    CreatedBefore = 1 << 20,
}

/// <summary>Behaviour of real Ashby endpoints that differs from the documented common shape.</summary>
[Flags]
internal enum Quirks
{
    None = 0,

    /// <summary>A snapshot endpoint that still answers <c>moreDataAvailable:false</c> (source.list).</summary>
    SnapshotReportsMoreData = 1 << 0,

    /// <summary>The last page still carries a <c>nextCursor</c> (opening.list, project.list).</summary>
    CursorOnLastPage = 1 << 1,
}

/// <summary>A permission as Ashby's docs name it (error messages) and as apiKey.info spells it (scopes).</summary>
internal sealed record Permission(string DocsName, string Scope)
{
    public static readonly Permission Candidates = new("candidatesRead", "candidates:read");
    public static readonly Permission Jobs = new("jobsRead", "jobs:read");
    public static readonly Permission Interviews = new("interviewsRead", "interviews:read");
    public static readonly Permission Metadata = new("hiringProcessMetadataRead", "hiringProcessMetadata:read");
    public static readonly Permission Organization = new("organizationRead", "organization:read");
    public static readonly Permission Offers = new("offersRead", "offers:read");
    public static readonly Permission Approvals = new("approvalsRead", "approvals:read");
    public static readonly Permission ApiKeys = new("apiKeysRead", "apiKeys:read");
}

/// <summary>
/// A child endpoint lists the rows of one parent per call: the request must name the parent in
/// <paramref name="Parameter"/> (e.g. <c>applicationId</c>), and only that parent's rows are listed.
/// </summary>
/// <param name="Parameter">Body parameter holding the parent's id.</param>
/// <param name="ParentStream">Stream name of the parent table.</param>
/// <param name="NotFoundCode">Ashby's error code for an id that names no parent (e.g. <c>application_not_found</c>).</param>
internal sealed record ChildOf(string Parameter, string ParentStream, string NotFoundCode)
{
    /// <summary>
    /// Whether the request must name a parent. jobPosting.list's <c>jobBoardId</c> is optional: without it the
    /// endpoint lists the primary external board.
    /// </summary>
    public bool Required { get; init; } = true;
}

/// <summary>
/// A per-object endpoint that answers one row of its table by id (<c>offer.info</c>): <c>results</c> is that one
/// object, with what no list endpoint returns (an offer's versions, a pool's members). No paging; the endpoint
/// needs the table's permission.
/// </summary>
/// <param name="Endpoint">RPC path without the slash, e.g. <c>offer.info</c>.</param>
/// <param name="Parameter">The required body parameter holding the row's id.</param>
/// <param name="NotFoundCode">Ashby's error code for an id that names no row.</param>
/// <param name="Accepts">Documented optional parameters.</param>
internal sealed record InfoEndpoint(string Endpoint, string Parameter, string NotFoundCode, ListParams Accepts = ListParams.None);

/// <summary>The inputs of the size formulas: everything derives from the number of candidates (<c>--scale</c>).</summary>
internal readonly record struct TableScale(int Candidates)
{
    public int Jobs => Math.Max(20, Candidates / 50);
}

/// <summary>Builds a table's generator; <see cref="Type"/> lets generators find each other by type.</summary>
internal sealed record GeneratorFactory(Type Type, Func<Dataset, TableSpec, TableGenerator> Create)
{
    public static GeneratorFactory Of<T>(Func<Dataset, TableSpec, T> create)
        where T : TableGenerator => new(typeof(T), create);
}

/// <summary>
/// One table of the emulator and the list endpoint that serves it. Adding a table is one row in
/// <see cref="Tables.All"/> plus one <see cref="TableGenerator"/>.
/// </summary>
/// <param name="Stream">Table name, the same as the connector's stream name (admin API, banner).</param>
/// <param name="Endpoint">RPC path without the slash, e.g. <c>candidate.list</c>.</param>
/// <param name="Permission">Permission the endpoint requires.</param>
/// <param name="Paging">Snapshot, cursor pages, or cursor pages plus syncToken.</param>
/// <param name="Accepts">Documented optional parameters.</param>
/// <param name="Size">Base row count for a scale (clamped to at least 1).</param>
/// <param name="Generator">Makes the table's row generator.</param>
internal sealed record TableSpec(
    string Stream, string Endpoint, Permission Permission, Paging Paging, ListParams Accepts, Func<TableScale, long> Size,
    GeneratorFactory Generator)
{
    /// <summary>Position in the dataset's table list; part of every row's id and hash, and of cursors.</summary>
    public int Ordinal { get; init; }

    public Quirks Quirks { get; init; }

    /// <summary>Set for endpoints listed per parent row.</summary>
    public ChildOf? ChildOf { get; init; }

    /// <summary>The table's per-object endpoint, if Ashby has one whose answer a connector reads.</summary>
    public InfoEndpoint? Info { get; init; }

    /// <summary>
    /// The streams of objects embedded in this table's rows, or in its <see cref="Info"/> answers, that a connector
    /// emits as rows of their own (interview events inside schedules, versions inside an offer);
    /// <c>/_admin/ids</c> lists their ids under these names.
    /// </summary>
    public string[] EmbeddedStreams { get; init; } = [];

    public bool Paged => Paging != Paging.Snapshot;

    public bool IssuesSyncTokens => Paging == Paging.CursorAndSyncToken;

    public int BaseRows(int scale) => (int)Math.Clamp(Size(new TableScale(Math.Max(1, scale))), 1, int.MaxValue / 2);
}
