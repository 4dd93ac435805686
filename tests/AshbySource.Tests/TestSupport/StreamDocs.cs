using System.Text;
using System.Text.RegularExpressions;
using AshbySource.Streams;

namespace AshbySource.Tests.TestSupport;

/// <summary>
/// What the documents say about the streams, written from the stream table: the stream tables of README.md and
/// docs/ashby.md, the permission table, the counts and the <c>start_date</c> and <c>api_key</c> texts of the spec.
/// StreamListTests keeps every copy equal to this.
/// </summary>
internal static partial class StreamDocs
{
    public static IReadOnlyList<StreamDefinition> Incremental => [.. StreamCatalog.All.Where(s => s.SupportsIncremental)];

    /// <summary>Streams whose own requests carry <c>createdAfter</c>.</summary>
    public static IReadOnlyList<StreamDefinition> FilteredByStartDate => [.. StreamCatalog.All.Where(s => s.Parent is null && s.CreatedAfter)];

    /// <summary>Streams read through the rows of a stream that <c>start_date</c> filters.</summary>
    public static IReadOnlyList<StreamDefinition> FilteredThroughParent => [.. StreamCatalog.All.Where(s => s.Parent is not null && s.PassStream.CreatedAfter)];

    /// <summary>README.md's stream table.</summary>
    public static string ReadmeTable() => Table(
        ["stream", "Ashby endpoint", "sync modes", "cursor field", "primary key", "`start_date`", "parent", "how fresh (incremental)"],
        s => [s.Name, Endpoint(s), SyncModes(s), Cursor(s), Key(s), StartDate(s), Parent(s), Freshness(s)]);

    /// <summary>docs/ashby.md's stream table.</summary>
    public static string DocsTable() => Table(
        ["Stream", "Ashby endpoint", "Permission", "Sync modes", "Cursor field (incremental)", "Primary key", "`start_date` applies", "Requests per sync", "How fresh in incremental syncs"],
        s => [Code(s.Name), Endpoint(s), Code(s.Permission), SyncModes(s), Cursor(s), Key(s), StartDate(s), Requests(s), Freshness(s)]);

    /// <summary>docs/ashby.md's table of the API key's permissions and the streams each one opens.</summary>
    public static string PermissionTable()
    {
        var text = new StringBuilder("| Ashby permission (API key module) | API permission name | Streams |\n| --- | --- | --- |\n");
        foreach (var group in StreamCatalog.All.GroupBy(s => s.Permission))
        {
            text.Append($"| {Module(group.Key)}: read | {Code(group.Key)} | {string.Join(", ", group.Select(s => Code(s.Name)))} |\n");
        }

        return text.Append("| API Keys: read (optional) | `apiKeysRead` | none; lets the connector read the key's scopes in one call |\n").ToString();
    }

    /// <summary>The API key modules the streams need, in the table's order: <c>hiringProcessMetadataRead</c> is "Hiring Process Metadata".</summary>
    public static IReadOnlyList<string> Modules => [.. StreamCatalog.All.Select(s => s.Permission).Distinct().Select(Module)];

    /// <summary>The spec's description of <c>api_key</c>.</summary>
    public static string ApiKeyDescription() =>
        $"An Ashby API key (Ashby: Admin > Integrations > API Keys). Give it read access to the modules of the streams you want: {string.Join(", ", Modules)}; API Keys read lets the connector detect the permissions up front.";

    /// <summary>The spec's description of <c>start_date</c>: every stream it filters, directly or through a parent.</summary>
    public static string StartDateDescription() =>
        "Only records created at or after this UTC date-time are synced, on the streams whose Ashby endpoint filters by creation time: "
        + string.Join(", ", FilteredByStartDate.Select(s => s.Name))
        + "; and on the streams read through one of those, which get only the rows that hang off a record created since: "
        + string.Join(", ", FilteredThroughParent.Select(s => s.Name))
        + ". Other streams are read whole. Leave empty to sync everything.";

    private static string Table(string[] header, Func<StreamDefinition, string[]> cells)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n|").Append(string.Concat(Enumerable.Repeat(" --- |", header.Length))).Append('\n');
        foreach (var stream in StreamCatalog.All)
        {
            text.Append("| ").AppendJoin(" | ", cells(stream)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Endpoint(StreamDefinition stream)
    {
        if (stream.Parent is { ArrayField: { } array } derived)
        {
            return $"none: each `{derived.Stream}` row's `{array}[]`";
        }

        var text = new StringBuilder(Code(stream.Endpoint));
        if (stream.Parent is { RequestParameter: { } parameter } link)
        {
            text.Append($" per `{link.Stream}` row (`{parameter}`)");
        }

        if (stream.Partitions is { } partitions)
        {
            text.Append($", one pass per `{partitions.Parameter}` ({string.Join(", ", partitions.Values)})");
        }

        if (stream.Body.Count > 0)
        {
            text.Append(" with ").AppendJoin(", ", stream.Body.Select(field => $"`{field.Key}: {field.Value?.ToJsonString() ?? "null"}`"));
        }

        return stream.Paging == Paging.Object
            ? text.Append(stream.Parent!.ItemsField is { } items ? $"; a row per item of `{items}[]`" : "; the answer is the row").ToString()
            : text.ToString();
    }

    private static string SyncModes(StreamDefinition stream) => stream.SupportsIncremental ? "full refresh, incremental" : "full refresh";

    private static string Cursor(StreamDefinition stream) => stream.CursorField is { } cursor ? Code(string.Join('.', cursor)) : "";

    private static string Key(StreamDefinition stream) =>
        stream.PrimaryKey is [var single] ? Code(single) : $"`[{string.Join(", ", stream.PrimaryKey)}]`";

    private static string StartDate(StreamDefinition stream) =>
        stream.Parent is null ? (stream.CreatedAfter ? "yes" : "no")
        : stream.PassStream.CreatedAfter ? $"through `{stream.Parent.Stream}`" : "no";

    private static string Parent(StreamDefinition stream) => stream switch
    {
        { Parent: { ArrayField: not null } link } => $"derived from `{link.Stream}` (`{link.AddedField}` added)",
        { Parent: { } link } => $"child of `{link.Stream}` (`{link.AddedField}` added)",
        { Partitions: { } partitions } => $"partitioned by `{partitions.Parameter}`: a sync token per value",
        _ => "",
    };

    /// <summary>
    /// How stale a row can be between syncs: what Ashby's sync token reports, what the rolling refresh of child
    /// streams bounds, and what only a full read sees.
    /// </summary>
    private static string Freshness(StreamDefinition stream) => stream switch
    {
        { SupportsIncremental: false } => "read whole every sync",
        { IsChild: true, Parent: { } link } => $"children of changed `{link.Stream}` rows: next sync; other changes: within `child_refresh_days`; deleted rows stay until a full refresh",
        { IsDerived: true, Parent: { } link } => $"with its `{link.Stream}` row: next sync after it changes; deleted rows stay until a full refresh",
        _ => "changed rows: next sync; deleted rows stay until a full refresh",
    };

    private static string Requests(StreamDefinition stream)
    {
        if (stream.Parent is not { } link)
        {
            var pages = stream.Paging == Paging.Snapshot ? "one call" : "its pages";
            if (stream.CreatedBefore)
            {
                pages += $" (full refresh: in {WindowedPass.Windows} creation-time windows, {WindowedPass.InFlight} at once)";
            }

            return stream.Partitions is { } partitions ? $"{pages} per `{partitions.Parameter}`" : pages;
        }

        var parentPages = stream.PassStream.Paging == Paging.Snapshot ? $"`{link.Stream}` (one call)" : $"`{link.Stream}` pages";
        if (stream.IsDerived)
        {
            return $"{parentPages} (no request of its own)";
        }

        return stream.SupportsIncremental
            ? $"full: {parentPages} + 1 per parent row; incremental: delta pages + 1 per changed parent, and the rolling refresh: about (parent rows + their pages) ÷ `child_refresh_days` a day"
            : $"{parentPages} + 1 per parent row";
    }

    /// <summary>The module a permission belongs to, as Ashby's API key page names it: <c>hiringProcessMetadataRead</c> is "Hiring Process Metadata".</summary>
    private static string Module(string permission) =>
        string.Join(' ', Words().Matches(permission.EndsWith("Read", StringComparison.Ordinal) ? permission[..^4] : permission)
            .Select(word => char.ToUpperInvariant(word.Value[0]) + word.Value[1..]));

    private static string Code(string text) => $"`{text}`";

    [GeneratedRegex("[A-Za-z][a-z]*")]
    private static partial Regex Words();
}
