using System.IO.Pipelines;
using System.Text.Json;
using AshbyEmulator.Data;
using Microsoft.AspNetCore.Http;

namespace AshbyEmulator.Api;

/// <summary>
/// Serves the list endpoints: resolves the pass (first page, cursor or syncToken), finds the page's rows
/// and streams the envelope with Utf8JsonWriter straight into the response body.
/// </summary>
internal sealed class ListService(Emulator emulator)
{
    /// <summary>Flush to the socket in chunks of about this size.</summary>
    private const int FlushThreshold = 32 * 1024;

    private readonly record struct Pass(long TokenVersion, long Snapshot, int Position, int Page)
    {
        public bool Incremental => TokenVersion >= 0;
    }

    public async Task HandleAsync(HttpResponse response, PipeWriter output, EndpointSpec spec, ListRequest req, CancellationToken ct)
    {
        var gen = emulator.Dataset.Generator(spec.Table!.Value);
        if (!spec.Paginated)
        {
            await WriteSnapshotAsync(response, output, spec, gen, req.Filter, ct);
            return;
        }
        var error = Resolve(spec, gen, req, out var pass);
        if (error is not null)
        {
            await Responses.WriteErrorAsync(response, output, error, ct);
            return;
        }
        var page = pass.Incremental
            ? Pager.Incremental(gen, req.Filter, pass.Snapshot, pass.Position, req.Limit)
            : Pager.Full(gen, req.Filter, pass.Snapshot, pass.Position, req.Limit);
        var more = page.Next >= 0;
        string? nextCursor = null, syncToken = null;
        if (more || spec.CursorOnLastPage)
            nextCursor = emulator.Codec.Encode(NewCursor(spec, req, pass, more ? page.Next : page.End));
        if (!more)
            syncToken = emulator.Codec.Encode(new TokenData(spec.Table.Value, pass.Snapshot, req.Filter.Hash, emulator.Codec.TokenGeneration, IssueTime(emulator.Options.TokenTtlSeconds)));

        response.StatusCode = 200;
        response.ContentType = Responses.JsonContentType;
        using var w = new Utf8JsonWriter(output, JsonOut.WriterOptions);
        w.WriteStartObject();
        w.WriteBoolean(P.Success, true);
        w.WriteStartArray(P.Results);
        long flushed = 0;
        foreach (var index in page.Rows)
        {
            WriteRow(w, gen, index, pass.Snapshot, req.Filter);
            // Utf8JsonWriter hands full segments to the pipe itself; push them to the socket every ~32 KB.
            if (w.BytesCommitted + w.BytesPending - flushed > FlushThreshold)
            {
                w.Flush();
                flushed = w.BytesCommitted;
                await output.FlushAsync(ct);
            }
        }
        w.WriteEndArray();
        w.WriteBoolean(P.MoreDataAvailable, more);
        if (nextCursor is not null)
            w.WriteString(P.NextCursor, nextCursor);
        if (syncToken is not null)
            w.WriteString(P.SyncToken, syncToken);
        w.WriteEndObject();
        w.Flush();
        await output.FlushAsync(ct);
    }

    private CursorData NewCursor(EndpointSpec spec, ListRequest req, Pass pass, int position) => new(
        spec.Table!.Value, pass.TokenVersion, pass.Snapshot, position, pass.Page + 1, req.Filter.Hash,
        emulator.Codec.CursorGeneration, IssueTime(emulator.Options.CursorTtlSeconds));

    /// <summary>Issue times are only recorded when a TTL needs them, keeping responses reproducible otherwise.</summary>
    private static long IssueTime(int ttlSeconds) => ttlSeconds > 0 ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : 0;

    private static bool Expired(long issuedAtMs, int ttlSeconds) =>
        ttlSeconds > 0 && issuedAtMs > 0 && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - issuedAtMs > ttlSeconds * 1000L;

    private ApiError? Resolve(EndpointSpec spec, TableGenerator gen, ListRequest req, out Pass pass)
    {
        pass = default;
        var table = spec.Table!.Value;
        var codec = emulator.Codec;
        var options = emulator.Options;
        if (req.Cursor is not null)
        {
            // The cursor alone defines the pass; a syncToken repeated next to it (Ashby's own examples do) is ignored.
            if (!codec.TryDecode(req.Cursor, out CursorData c) || c.Table != table || c.FilterHash != req.Filter.Hash
                || c.Snapshot > emulator.Dataset.Version)
            {
                return ApiError.Logic("invalid_next_cursor", "The pagination cursor is invalid for this request. Restart the pass from the first page.");
            }
            if (c.Generation < codec.CursorGeneration || Expired(c.IssuedAtMs, options.CursorTtlSeconds))
                return ApiError.Logic("next_cursor_expired", "The pagination cursor has expired. Restart the pass from the first page.");
            pass = new Pass(c.TokenVersion, c.Snapshot, c.Position, c.Page);
            return null;
        }
        var snapshot = emulator.Dataset.Version;
        if (req.SyncToken is not null)
        {
            if (!codec.TryDecode(req.SyncToken, out TokenData t) || t.Table != table || t.FilterHash != req.Filter.Hash || t.Version > snapshot)
            {
                return ApiError.Logic("sync_token_invalid",
                    "The sync token is invalid for this request (it must come from this endpoint with identical filters). Discard it and perform a full sync.");
            }
            if (t.Generation < codec.TokenGeneration || Expired(t.IssuedAtMs, options.TokenTtlSeconds))
                return ApiError.Logic("sync_token_expired", "The sync token has expired. Discard it and perform a full sync without a syncToken.");
            var start = Pager.IncrementalStart(gen, t.Version);
            var cap = (long)options.IncrementalPageCap * req.Limit;
            if (Pager.CountIncremental(gen, req.Filter, snapshot, start, cap) > cap)
            {
                return ApiError.Logic("incremental_sync_too_large",
                    $"Too many changes since the sync token was issued (more than {options.IncrementalPageCap} pages). Discard the token and perform a full sync.");
            }
            pass = new Pass(t.Version, snapshot, start, 1);
            return null;
        }
        pass = new Pass(-1, snapshot, Pager.FullStart(gen, req.Filter, snapshot), 1);
        return null;
    }

    private static void WriteRow(Utf8JsonWriter w, TableGenerator gen, int index, long snapshot, ListFilter f) =>
        gen.Write(w, gen.Row(index, snapshot), f);

    /// <summary>jobPosting.list, source.list, archiveReason.list: every matching row, no paging fields (source.list: moreDataAvailable:false).</summary>
    private async Task WriteSnapshotAsync(HttpResponse response, PipeWriter output, EndpointSpec spec, TableGenerator gen, ListFilter f, CancellationToken ct)
    {
        var snapshot = emulator.Dataset.Version;
        response.StatusCode = 200;
        response.ContentType = Responses.JsonContentType;
        using var w = new Utf8JsonWriter(output, JsonOut.WriterOptions);
        w.WriteStartObject();
        w.WriteBoolean(P.Success, true);
        w.WriteStartArray(P.Results);
        long flushed = 0;
        foreach (var index in Pager.All(gen, f, snapshot))
        {
            WriteRow(w, gen, index, snapshot, f);
            // Utf8JsonWriter hands full segments to the pipe itself; push them to the socket every ~32 KB.
            if (w.BytesCommitted + w.BytesPending - flushed > FlushThreshold)
            {
                w.Flush();
                flushed = w.BytesCommitted;
                await output.FlushAsync(ct);
            }
        }
        w.WriteEndArray();
        if (spec.SnapshotReportsMoreData)
            w.WriteBoolean(P.MoreDataAvailable, false);
        w.WriteEndObject();
        w.Flush();
        await output.FlushAsync(ct);
    }

    /// <summary><c>apiKey.info</c>: title, createdAt and scopes of the calling key.</summary>
    public static async Task WriteApiKeyInfoAsync(HttpResponse response, PipeWriter output, string key, CancellationToken ct)
    {
        response.StatusCode = 200;
        response.ContentType = Responses.JsonContentType;
        using (var w = new Utf8JsonWriter(output, JsonOut.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteBoolean(P.Success, true);
            w.WriteStartObject(P.Results);
            w.WriteString(P.Title, DemoKeys.Titles[key]);
            w.WriteTime(P.CreatedAt, Time.EpochMs - (400 * Time.DayMs) + 43_200_000);
            w.WriteStartArray(P.Scopes);
            foreach (var scope in DemoKeys.Scopes[key])
                w.WriteStringValue(scope);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        await output.FlushAsync(ct);
    }
}
