using System.IO.Pipelines;
using System.Text.Json;
using AshbyEmulator.Data;
using Microsoft.AspNetCore.Http;

namespace AshbyEmulator.Api;

/// <summary>
/// Serves the list endpoints: resolves the pass (first page, cursor or syncToken), finds the page's rows
/// and streams the envelope with Utf8JsonWriter straight into the response body.
/// </summary>
internal sealed class ListService(Dataset dataset, PassCodec codec, Responses responses, PassLimits limits, TimeProvider time)
{
    private readonly record struct Pass(long TokenVersion, long Snapshot, int Position, int Page)
    {
        public bool Incremental => TokenVersion >= 0;
    }

    /// <summary>The <c>--realistic</c> mode: pages cut before rows are filtered (<see cref="PageCuts"/>) and null or [] keys left out (<see cref="AbsentKeyFilter"/>).</summary>
    public bool Realistic { get; init; }

    public async Task HandleAsync(HttpResponse response, PipeWriter output, TableSpec table, ListRequest req, CancellationToken ct)
    {
        var gen = dataset.Generator(table);
        if (table.ChildOf is { } child && req.Filter.ParentId is { } parentId)
        {
            req.Filter.ParentIndex = gen.EndpointParent!.IndexOf(parentId, dataset.Version);
            if (req.Filter.ParentIndex < 0)
            {
                await responses.WriteErrorAsync(response, output, ApiError.Logic(child.NotFoundCode, $"{child.Parameter} {parentId} does not exist."), ct);
                return;
            }
        }
        if (CreationWindowError(req.Filter) is { } windowError)
        {
            await responses.WriteErrorAsync(response, output, windowError, ct);
            return;
        }
        if (!table.Paged)
        {
            await WriteSnapshotAsync(response, output, table, gen, req.Filter, ct);
            return;
        }
        var error = Resolve(table, gen, req, out var pass);
        if (error is not null)
        {
            await responses.WriteErrorAsync(response, output, error, ct);
            return;
        }
        var limit = Realistic
            ? PageCuts.RowsOnPage(dataset.Seed, table, gen, req.Filter, pass.Snapshot, pass.Position, pass.Page, pass.Incremental, req.Limit)
            : req.Limit;
        var page = pass.Incremental
            ? Pager.Incremental(gen, req.Filter, pass.Snapshot, pass.Position, limit)
            : Pager.Full(gen, req.Filter, pass.Snapshot, pass.Position, limit);
        var more = page.Next >= 0;
        string? nextCursor = null, syncToken = null;
        if (more || table.Quirks.HasFlag(Quirks.CursorOnLastPage))
        {
            nextCursor = codec.Encode(NewCursor(table, req, pass, more ? page.Next : page.End));
        }
        if (!more && table.IssuesSyncTokens)
        {
            syncToken = codec.Encode(new TokenData(table.Ordinal, pass.Snapshot, req.Filter.Hash, codec.TokenGeneration, IssueTime(limits.TokenTtlSeconds)));
        }

        await WriteListAsync(response, output, gen, page.Rows, pass.Snapshot, req.Filter, w =>
        {
            w.WriteBoolean(JsonNames.MoreDataAvailable, more);
            if (nextCursor is not null)
            {
                w.WriteString(JsonNames.NextCursor, nextCursor);
            }
            if (syncToken is not null)
            {
                w.WriteString(JsonNames.SyncToken, syncToken);
            }
        }, ct);
    }

    /// <summary>
    /// Ashby's checks of a creation-time window: <c>invalid_input</c> when <c>createdAfter</c> is later than
    /// <c>createdBefore</c>, or when either lies in the future (the second also holds for <c>createdAfter</c> alone;
    /// https://developers.ashbyhq.com/changelog/2026-07-09-add-created-before-filter-to-list-endpoints). The future
    /// is the wall clock's, as on Ashby's servers, not the dataset's.
    /// </summary>
    private ApiError? CreationWindowError(ListFilter f)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (f.CreatedAfterMs is { } after && f.CreatedBeforeMs is { } before && after > before)
        {
            return ApiError.Input($"createdAfter ({after}) is later than createdBefore ({before}).");
        }
        if (f.CreatedAfterMs > now || f.CreatedBeforeMs > now)
        {
            return ApiError.Input($"createdAfter and createdBefore cannot be in the future (now {now}).");
        }
        return null;
    }

    private CursorData NewCursor(TableSpec table, ListRequest req, Pass pass, int position) => new(
        table.Ordinal, pass.TokenVersion, pass.Snapshot, position, pass.Page + 1, req.Filter.Hash,
        codec.CursorGeneration, IssueTime(limits.CursorTtlSeconds));

    /// <summary>Issue times are only recorded when a TTL needs them, keeping responses reproducible otherwise.</summary>
    private long IssueTime(int ttlSeconds) => ttlSeconds > 0 ? time.GetUtcNow().ToUnixTimeMilliseconds() : 0;

    private bool Expired(long issuedAtMs, int ttlSeconds) =>
        ttlSeconds > 0 && issuedAtMs > 0 && time.GetUtcNow().ToUnixTimeMilliseconds() - issuedAtMs > ttlSeconds * 1000L;

    private ApiError? Resolve(TableSpec table, TableGenerator gen, ListRequest req, out Pass pass)
    {
        pass = default;
        if (req.Cursor is not null)
        {
            // The cursor alone defines the pass; a syncToken repeated next to it (Ashby's own examples do) is ignored.
            if (!codec.TryDecode(req.Cursor, out CursorData c) || c.Table != table.Ordinal || c.FilterHash != req.Filter.Hash
                || c.Snapshot > dataset.Version)
            {
                return ApiError.Logic("invalid_next_cursor", "The pagination cursor is invalid for this request. Restart the pass from the first page.");
            }
            if (c.Generation < codec.CursorGeneration || Expired(c.IssuedAtMs, limits.CursorTtlSeconds))
            {
                return ApiError.Logic("next_cursor_expired", "The pagination cursor has expired. Restart the pass from the first page.");
            }
            pass = new Pass(c.TokenVersion, c.Snapshot, c.Position, c.Page);
            return null;
        }
        var snapshot = dataset.Version;
        if (req.SyncToken is not null)
        {
            if (!codec.TryDecode(req.SyncToken, out TokenData t) || t.Table != table.Ordinal || t.FilterHash != req.Filter.Hash || t.Version > snapshot)
            {
                return ApiError.Logic("sync_token_invalid",
                    "The sync token is invalid for this request (it must come from this endpoint with identical filters). Discard it and perform a full sync.");
            }
            if (t.Generation < codec.TokenGeneration || Expired(t.IssuedAtMs, limits.TokenTtlSeconds))
            {
                return ApiError.Logic("sync_token_expired", "The sync token has expired. Discard it and perform a full sync without a syncToken.");
            }
            var start = Pager.IncrementalStart(gen, t.Version);
            var cap = (long)limits.IncrementalPageCap * req.Limit;
            if (Pager.CountIncremental(gen, req.Filter, snapshot, start, cap) > cap)
            {
                return ApiError.Logic("incremental_sync_too_large",
                    $"Too many changes since the sync token was issued (more than {limits.IncrementalPageCap} pages). Discard the token and perform a full sync.");
            }
            pass = new Pass(t.Version, snapshot, start, 1);
            return null;
        }
        pass = new Pass(-1, snapshot, Pager.FullStart(gen, req.Filter, snapshot), 1);
        return null;
    }

    /// <summary>jobPosting.list, source.list, archiveReason.list: every matching row, no paging fields (source.list: moreDataAvailable:false).</summary>
    private Task WriteSnapshotAsync(HttpResponse response, PipeWriter output, TableSpec table, TableGenerator gen, ListFilter f, CancellationToken ct)
    {
        var snapshot = dataset.Version;
        return WriteListAsync(response, output, gen, Pager.All(gen, f, snapshot), snapshot, f, w =>
        {
            if (table.Quirks.HasFlag(Quirks.SnapshotReportsMoreData))
            {
                w.WriteBoolean(JsonNames.MoreDataAvailable, false);
            }
        }, ct);
    }

    /// <summary>Streams <c>{"success":true,"results":[rows…], paging fields}</c> into the response body.</summary>
    private async Task WriteListAsync(
        HttpResponse response, PipeWriter output, TableGenerator gen, IEnumerable<int> rows, long snapshot, ListFilter f,
        Action<Utf8JsonWriter> writePaging, CancellationToken ct)
    {
        response.StatusCode = 200;
        response.ContentType = Responses.JsonContentType;
        using var w = new Utf8JsonWriter(output, JsonOut.WriterOptions);
        using var absentKeys = Realistic ? new AbsentKeyFilter() : null;
        w.WriteStartObject();
        w.WriteBoolean(JsonNames.Success, true);
        w.WriteStartArray(JsonNames.Results);
        await Responses.WriteRowsAsync(w, output, rows, (writer, index) =>
        {
            if (absentKeys is null)
            {
                gen.Write(writer, gen.Row(index, snapshot), f);
                return;
            }
            gen.Write(absentKeys.Begin(), gen.Row(index, snapshot), f);
            absentKeys.CopyTo(writer);
        }, ct);
        w.WriteEndArray();
        writePaging(w);
        w.WriteEndObject();
        w.Flush();
        await output.FlushAsync(ct);
    }

    /// <summary>
    /// A per-object endpoint (<c>offer.info</c>): <c>{"success":true,"results":{…}}</c> for the row the request
    /// names, as of now; an id that names no row is the endpoint's not-found error. Archived rows still exist.
    /// </summary>
    public async Task HandleInfoAsync(HttpResponse response, PipeWriter output, TableSpec table, InfoEndpoint info, ListRequest req, CancellationToken ct)
    {
        var gen = dataset.Generator(table);
        var snapshot = dataset.Version;
        var id = req.Filter.ObjectId!.Value;
        var index = gen.IndexOf(id, snapshot);
        if (index < 0)
        {
            await responses.WriteErrorAsync(response, output, ApiError.Logic(info.NotFoundCode, $"{info.Parameter} {id} does not exist."), ct);
            return;
        }
        await WriteResultsObjectAsync(response, output, w => gen.WriteInfo(w, gen.Row(index, snapshot), req.Filter), ct);
    }

    /// <summary><c>apiKey.info</c>: title, createdAt and scopes of the calling key.</summary>
    public static Task WriteApiKeyInfoAsync(HttpResponse response, PipeWriter output, string key, CancellationToken ct) =>
        WriteResultsObjectAsync(response, output, w =>
        {
            w.WriteStartObject();
            w.WriteString(JsonNames.Title, DemoKeys.Titles[key]);
            w.WriteTime(JsonNames.CreatedAt, Time.EpochMs - (400 * Time.DayMs) + 43_200_000);
            w.WriteStartArray(JsonNames.Scopes);
            foreach (var scope in DemoKeys.Scopes[key])
            {
                w.WriteStringValue(scope);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, ct);

    /// <summary>Writes <c>{"success":true,"results":…}</c>, the answer of an endpoint about one object.</summary>
    private static async Task WriteResultsObjectAsync(HttpResponse response, PipeWriter output, Action<Utf8JsonWriter> writeResults, CancellationToken ct)
    {
        response.StatusCode = 200;
        response.ContentType = Responses.JsonContentType;
        using (var w = new Utf8JsonWriter(output, JsonOut.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteBoolean(JsonNames.Success, true);
            w.WritePropertyName(JsonNames.Results);
            writeResults(w);
            w.WriteEndObject();
        }
        await output.FlushAsync(ct);
    }
}

/// <summary>Lifetimes and the size cap of passes (from the command line).</summary>
/// <param name="TokenTtlSeconds">syncToken lifetime; 0 = never expires.</param>
/// <param name="CursorTtlSeconds">Page cursor lifetime; 0 = never expires.</param>
/// <param name="IncrementalPageCap">Incremental passes needing more pages than this get incremental_sync_too_large.</param>
internal sealed record PassLimits(int TokenTtlSeconds, int CursorTtlSeconds, int IncrementalPageCap);
