using System.Text.Json.Nodes;

namespace AshbySource.Streams;

/// <summary>How an endpoint hands out its rows.</summary>
internal enum Paging
{
    /// <summary><c>limit</c> + <c>cursor</c> pages until <c>moreDataAvailable</c> is false.</summary>
    Cursor,

    /// <summary>One call returns every row; the endpoint takes no <c>limit</c> or <c>cursor</c>.</summary>
    Snapshot,

    /// <summary>
    /// An <c>.info</c> endpoint: one call about one object, whose <c>results</c> is that object, not an array; no
    /// <c>limit</c>, <c>cursor</c> or paging fields.
    /// </summary>
    Object,
}

/// <summary>
/// How a stream hangs off another stream of the table (its parent). The parent's rows are read with the parent
/// row's endpoint, body, <c>createdAfter</c> and paging, in this stream's own pass and with this stream's own state.
/// </summary>
/// <param name="Stream">The parent stream's name.</param>
/// <param name="RequestParameter">Set for a child stream: the request field the parent key is sent in, one
/// request (and its pages) per parent row.</param>
/// <param name="ArrayField">Set for a derived stream: the parent row's array whose objects are this stream's
/// rows; no request of its own.</param>
/// <param name="AddedField">The field each row gets with the parent key, written first into the record, when
/// Ashby's item lacks it.</param>
/// <param name="KeyField">The parent row's field that identifies it.</param>
/// <param name="ItemsField">Set for a child stream whose rows are the objects of an array inside each record its
/// endpoint answers (<c>versions</c> of the one offer <c>offer.info</c> answers); unset, each record is a row: an
/// item of a list, or the one object of an <see cref="Paging.Object"/> endpoint.</param>
internal sealed record ParentLink(string Stream, string? RequestParameter, string? ArrayField, string AddedField, string KeyField = "id", string? ItemsField = null)
{
    /// <summary>
    /// One request per parent row, with the parent's <c>id</c> in <paramref name="requestParameter"/>; the rows are
    /// the records it answers, or the objects of their array <paramref name="itemsField"/>. Each row gets the
    /// parent key under <paramref name="addedField"/>, by default the request field's name.
    /// </summary>
    public static ParentLink PerRow(string stream, string requestParameter, string? addedField = null, string? itemsField = null) =>
        new(stream, requestParameter, null, addedField ?? requestParameter, ItemsField: itemsField);

    /// <summary>Rows taken from each parent row's <paramref name="arrayField"/>.</summary>
    public static ParentLink Derived(string stream, string arrayField, string addedField) => new(stream, null, arrayField, addedField);
}

/// <summary>A request field that must be sent with one of several values; each value is a pass with its own state.</summary>
internal sealed record RequestPartition(string Parameter, params string[] Values)
{
    /// <summary>
    /// The value the stream was read with before it was partitioned (then a fixed field of its body): a stored
    /// state without <c>partitions</c>, written back then, is this value's state, so its token is not lost.
    /// </summary>
    public string? FormerValue { get; init; }
}

/// <summary>
/// One Airbyte stream. Every stream-specific fact lives in this row (plus <c>schemas/{Name}.json</c>); no
/// other code branches on a stream name. A row names what it always has (name, endpoint, permission); every other
/// column is a named member with a default, so a row says only what sets it apart.
/// </summary>
/// <remarks>
/// A derived stream (<see cref="ParentLink.Derived"/>) has no request of its own: its endpoint, permission, body,
/// paging and <c>createdAfter</c> are its parent's, read through <see cref="PassStream"/> once
/// <see cref="StreamCatalog.Link"/> has joined the row to its parent.
/// </remarks>
internal sealed record StreamDefinition
{
    private static readonly string[] IdKey = ["id"];
    private static readonly JsonObject NoFields = [];

    private readonly string? _endpoint;
    private readonly string? _permission;
    private readonly JsonObject? _body;
    private readonly Paging? _paging;
    private readonly bool? _createdAfter;

    /// <summary>A stream read through its own requests.</summary>
    /// <param name="name">Airbyte stream name; also the schema file name.</param>
    /// <param name="endpoint">Ashby method, POSTed to <c>{base_url}/{endpoint}</c>.</param>
    /// <param name="permission">Ashby module permission the endpoint needs, as the docs name it.</param>
    public StreamDefinition(string name, string endpoint, string permission)
    {
        Name = name;
        _endpoint = endpoint;
        _permission = permission;
    }

    /// <summary>A stream whose rows are taken out of its parent's rows, with no request of its own.</summary>
    public StreamDefinition(string name, ParentLink derivedFrom)
    {
        Name = name;
        Parent = derivedFrom.ArrayField is not null ? derivedFrom : throw new ArgumentException("a derived stream's link names the parent's array", nameof(derivedFrom));
    }

    public string Name { get; }

    /// <summary>Ashby method, POSTed to <c>{base_url}/{Endpoint}</c>; for a derived stream, the parent's.</summary>
    public string Endpoint => _endpoint ?? PassStream.Endpoint;

    /// <summary>Ashby module permission the endpoint needs, as the docs name it; for a derived stream, the parent's.</summary>
    public string Permission => _permission ?? PassStream.Permission;

    /// <summary>
    /// Fields sent on every request of a pass: the include flags without which Ashby silently leaves rows out
    /// (https://developers.ashbyhq.com/docs/pagination-and-incremental-sync), and the <c>expand</c> values that fill
    /// declared fields. Read only; for a derived stream, the parent's.
    /// </summary>
    public JsonObject Body
    {
        get => IsDerived ? PassStream.Body : _body ?? NoFields;
        init => _body = value;
    }

    /// <summary>How the endpoint pages; for a derived stream, the parent's.</summary>
    public Paging Paging
    {
        get => IsDerived ? PassStream.Paging : _paging ?? Paging.Cursor;
        init => _paging = value;
    }

    /// <summary>Whether <c>start_date</c> is sent as <c>createdAfter</c>; for a derived stream, the parent's.</summary>
    public bool CreatedAfter
    {
        get => IsDerived ? PassStream.CreatedAfter : _createdAfter ?? false;
        init => _createdAfter = value;
    }

    /// <summary>
    /// Whether the endpoint also takes <c>createdBefore</c> (candidate.list and application.list since 2026-07-09:
    /// https://developers.ashbyhq.com/changelog/2026-07-09-add-created-before-filter-to-list-endpoints), so a pass
    /// can be cut into creation-time windows: full-refresh passes read windows side by side (<see cref="WindowedPass"/>),
    /// and a child stream's rolling refresh lists its slice of parents as one window (<see cref="ChildRefresh"/>).
    /// </summary>
    public bool CreatedBefore { get; init; }

    /// <summary>
    /// The record field destinations order versions by; set exactly on the streams whose pass follows a
    /// <c>syncToken</c> (their own endpoint's, or their parent's), which makes them incremental.
    /// </summary>
    public string[]? CursorField { get; init; }

    /// <summary>Listed in <c>metadata.yaml</c> <c>suggestedStreams</c>.</summary>
    public bool Suggested { get; init; }

    /// <summary>For a child or derived stream, the stream it hangs off.</summary>
    public ParentLink? Parent { get; init; }

    /// <summary>
    /// For an endpoint that lists one kind of row per request, the values of the field that chooses the kind;
    /// every value is read, each with its own sync token.
    /// </summary>
    public RequestPartition? Partitions { get; init; }

    /// <summary>
    /// The primary key; <c>id</c> unless ids are unique only within a parent (a posting on several job boards keeps
    /// its id on each: Ashby's jobPosting.info takes a jobBoardId and answers with that board's copy).
    /// </summary>
    public string[]? Key { get; init; }

    /// <summary>
    /// An Ashby feature the organisation must have for the endpoint to answer, when its docs name one: a refusal
    /// then names it in the stream's error.
    /// </summary>
    public string? Feature { get; init; }

    public string[] PrimaryKey => Key ?? IdKey;

    public bool SupportsIncremental => CursorField is not null;

    /// <summary>One request per parent row.</summary>
    public bool IsChild => Parent?.RequestParameter is not null;

    /// <summary>Rows taken from the parent's rows, no request of its own.</summary>
    public bool IsDerived => Parent?.ArrayField is not null;

    /// <summary>The stream whose endpoint the stream's pass pages through: the parent's for child and derived streams.</summary>
    public StreamDefinition PassStream => Parent is null ? this
        : ParentRow ?? throw new InvalidOperationException($"{Name} is not joined to its parent {Parent.Stream}: rows are read through StreamCatalog.Link");

    /// <summary>Whether a killed full refresh resumes where it stopped: paged passes, and every fan-out over parents.</summary>
    public bool IsResumable => IsChild || PassStream.Paging == Paging.Cursor;

    /// <summary>
    /// The <c>apiKey.info</c> scope that grants <see cref="Permission"/>: Ashby spells permissions
    /// <c>candidatesRead</c> in its docs and <c>candidates:read</c> in the key's scopes.
    /// </summary>
    public string Scope => Permission.EndsWith("Read", StringComparison.Ordinal)
        ? string.Concat(Permission.AsSpan(0, Permission.Length - 4), ":read")
        : Permission;

    /// <summary>The parent's row, set by <see cref="JoinedTo"/>.</summary>
    private StreamDefinition? ParentRow { get; init; }

    /// <summary>This row with its parent's row, which a derived stream reads its request columns from.</summary>
    internal StreamDefinition JoinedTo(StreamDefinition parent)
    {
        if (parent.Name != Parent?.Stream)
        {
            throw new ArgumentException($"{Name} hangs off {Parent?.Stream ?? "nothing"}, not {parent.Name}", nameof(parent));
        }

        if (IsDerived && (_body, _paging, _createdAfter) is not (null, null, null))
        {
            throw new InvalidOperationException($"{Name} is derived from {parent.Name}: its body, paging and createdAfter are the parent's, not its own");
        }

        return this with { ParentRow = parent };
    }

    /// <summary>The stream's name: a row's parent would otherwise print it again, and a top-level row itself.</summary>
    public override string ToString() => Name;
}
