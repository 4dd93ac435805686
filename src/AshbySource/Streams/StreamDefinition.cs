namespace AshbySource.Streams;

/// <summary>How an endpoint hands out its rows.</summary>
internal enum Paging
{
    /// <summary><c>limit</c> + <c>cursor</c> pages until <c>moreDataAvailable</c> is false.</summary>
    Cursor,

    /// <summary>One call returns every row; the endpoint takes no <c>limit</c> or <c>cursor</c>.</summary>
    Snapshot,
}

/// <summary>
/// One Airbyte stream. Every stream-specific fact lives in this row (plus <c>schemas/{Name}.json</c>); no
/// other code branches on a stream name.
/// </summary>
/// <param name="Name">Airbyte stream name; also the schema file name.</param>
/// <param name="Endpoint">Ashby method, POSTed to <c>{base_url}/{Endpoint}</c>.</param>
/// <param name="Permission">Ashby module permission the endpoint needs, as the docs name it.</param>
/// <param name="FixedBody">Fields sent on every request of a pass, as a JSON object: the include flags
/// without which Ashby silently leaves rows out (https://developers.ashbyhq.com/docs/pagination-and-incremental-sync).</param>
/// <param name="Paging">How the endpoint pages.</param>
/// <param name="AcceptsCreatedAfter">Whether <c>start_date</c> is sent as <c>createdAfter</c>.</param>
/// <param name="CursorField">The record field destinations order versions by; set exactly on the endpoints
/// that accept a <c>syncToken</c>, which makes the stream incremental.</param>
internal sealed record StreamDefinition(
    string Name,
    string Endpoint,
    string Permission,
    string FixedBody,
    Paging Paging,
    bool AcceptsCreatedAfter,
    string[]? CursorField)
{
    public static readonly string[] PrimaryKey = ["id"];

    public bool SupportsIncremental => CursorField is not null;

    /// <summary>
    /// The <c>apiKey.info</c> scope that grants <see cref="Permission"/>: Ashby spells permissions
    /// <c>candidatesRead</c> in its docs and <c>candidates:read</c> in the key's scopes.
    /// </summary>
    public string Scope => Permission.EndsWith("Read", StringComparison.Ordinal)
        ? string.Concat(Permission.AsSpan(0, Permission.Length - 4), ":read")
        : Permission;
}
