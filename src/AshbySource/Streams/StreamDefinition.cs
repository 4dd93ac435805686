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
/// row's endpoint, fixed body, <c>createdAfter</c> and paging, in this stream's own pass and with this stream's
/// own state.
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
    /// the records it answers, or the objects of their array <paramref name="itemsField"/>.
    /// </summary>
    public static ParentLink PerRow(string stream, string requestParameter, string addedField, string? itemsField = null) =>
        new(stream, requestParameter, null, addedField, ItemsField: itemsField);

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
/// other code branches on a stream name.
/// </summary>
/// <param name="Name">Airbyte stream name; also the schema file name.</param>
/// <param name="Endpoint">Ashby method, POSTed to <c>{base_url}/{Endpoint}</c>; for a derived stream, the
/// parent's.</param>
/// <param name="Permission">Ashby module permission the endpoint needs, as the docs name it.</param>
/// <param name="FixedBody">Fields sent on every request of a pass, as a JSON object: the include flags
/// without which Ashby silently leaves rows out (https://developers.ashbyhq.com/docs/pagination-and-incremental-sync),
/// and the <c>expand</c> values that fill declared fields.</param>
/// <param name="Paging">How the endpoint pages.</param>
/// <param name="AcceptsCreatedAfter">Whether <c>start_date</c> is sent as <c>createdAfter</c>.</param>
/// <param name="CursorField">The record field destinations order versions by; set exactly on the streams
/// whose pass follows a <c>syncToken</c> (their own endpoint's, or their parent's), which makes them incremental.</param>
/// <param name="Suggested">Listed in <c>metadata.yaml</c> <c>suggestedStreams</c>.</param>
/// <param name="Parent">For a child or derived stream, the stream it hangs off.</param>
/// <param name="Partitions">For an endpoint that lists one kind of row per request, the values of the field
/// that chooses the kind; every value is read, each with its own sync token.</param>
/// <param name="Key">The primary key; <c>id</c> unless ids are unique only within a parent.</param>
internal sealed record StreamDefinition(
    string Name,
    string Endpoint,
    string Permission,
    string FixedBody,
    Paging Paging,
    bool AcceptsCreatedAfter,
    string[]? CursorField,
    bool Suggested,
    ParentLink? Parent = null,
    RequestPartition? Partitions = null,
    string[]? Key = null)
{
    private static readonly string[] IdKey = ["id"];

    public string[] PrimaryKey => Key ?? IdKey;

    public bool SupportsIncremental => CursorField is not null;

    /// <summary>One request per parent row.</summary>
    public bool IsChild => Parent?.RequestParameter is not null;

    /// <summary>Rows taken from the parent's rows, no request of its own.</summary>
    public bool IsDerived => Parent?.ArrayField is not null;

    /// <summary>The stream whose endpoint the stream's pass pages through: the parent's for child and derived streams.</summary>
    public StreamDefinition PassStream => Parent is { } parent ? StreamCatalog.ByName[parent.Stream] : this;

    /// <summary>Whether a killed full refresh resumes where it stopped: paged passes, and every fan-out over parents.</summary>
    public bool IsResumable => IsChild || PassStream.Paging == Paging.Cursor;

    /// <summary>
    /// The <c>apiKey.info</c> scope that grants <see cref="Permission"/>: Ashby spells permissions
    /// <c>candidatesRead</c> in its docs and <c>candidates:read</c> in the key's scopes.
    /// </summary>
    public string Scope => Permission.EndsWith("Read", StringComparison.Ordinal)
        ? string.Concat(Permission.AsSpan(0, Permission.Length - 4), ":read")
        : Permission;
}
