using System.Diagnostics;
using System.Text.Json;
using AshbySource.Configuration;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// The one pagination loop every stream goes through: pages with <c>limit</c>/<c>cursor</c> until
/// <c>moreDataAvailable</c> is false, writes each page's records followed by a checkpoint, commits Ashby's sync
/// token only after the last page, and recovers from unusable tokens and cursors anywhere in a pass.
/// </summary>
internal sealed class StreamPager(AshbyClient client, SourceConfig config, MessageWriter writer, ConnectorLog log, AshbyHttpOptions httpOptions)
{
    /// <summary>Restarts of one pass after an expired or invalid page cursor before the stream fails.</summary>
    private const int MaxPassRestarts = 3;

    public async Task ReadAsync(ConfiguredStream configured, StreamCheckpoint? stored, MessageBuffer output, CancellationToken cancellationToken)
    {
        var stream = configured.Definition;
        var incremental = configured.SyncMode == SyncMode.Incremental;
        var createdAfter = stream.AcceptsCreatedAfter ? config.StartDate?.ToUnixTimeMilliseconds() : null;
        var limit = stream.Paging == Paging.Cursor ? config.PageSize : (int?)null;
        var stopwatch = Stopwatch.StartNew();
        var progress = new Progress(stream.Name, output);
        var observer = RateLimitObserver(stream.Name);

        var (token, resumeCursor) = StartingPoint(stream, incremental, createdAfter, stored);
        var restarts = 0;
        var requests = 0;
        var pages = 0;
        var records = 0L;
        var runningSent = false;

        while (true)
        {
            var cursor = resumeCursor;
            resumeCursor = null;

            // 64-bit fingerprints, not the cursors themselves: memory stays small however many pages a pass has.
            var seenCursors = new HashSet<ulong>();

            // The next page is asked for before this one is written out, so Ashby prepares it meanwhile. Only one
            // request of a stream is in flight at a time; a prefetch left over when the pass stops is cancelled.
            using var passCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<AshbyEnvelope>? pending = null;
            Task<AshbyEnvelope> Fetch(string? pageCursor)
            {
                requests++;
                return client.PostAsync(stream.Endpoint, RequestBody.Build(stream, limit, pageCursor, token, createdAfter), observer, passCancel.Token);
            }

            try
            {
                pending = Fetch(cursor);
                while (true)
                {
                    var current = pending!;
                    pending = null;
                    using var page = await current;
                    pages++;
                    if (!runningSent)
                    {
                        output.StreamStatus(stream.Name, "RUNNING");
                        runningSent = true;
                    }

                    // Only moreDataAvailable ends a pass: Ashby may send a nextCursor on the last page too.
                    string? next = null;
                    if (stream.Paging == Paging.Cursor && page.MoreDataAvailable)
                    {
                        next = page.NextCursor
                            ?? throw new ConnectorException($"Ashby said {stream.Endpoint} has more data but sent no cursor for it.", FailureType.SystemError);
                        if (next == cursor || !seenCursors.Add(Fingerprint(next)))
                        {
                            // A cursor seen before means the pages would repeat forever.
                            throw new ConnectorException($"Ashby sent a page cursor of {stream.Endpoint} that was already used; stopping instead of looping.", FailureType.SystemError, $"repeated cursor '{next}'");
                        }

                        pending = Fetch(next);
                    }

                    for (var i = 0; i < page.RecordCount; i++)
                    {
                        output.Record(stream.Name, page.RecordAt(i));
                    }

                    records += page.RecordCount;
                    progress.Add(page.RecordCount);

                    if (next is not null)
                    {
                        cursor = next;
                        var kind = token is null ? PassCheckpoint.Full : PassCheckpoint.Incremental;
                        progress.State(new StreamCheckpoint
                        {
                            SyncToken = incremental ? token : null,
                            CreatedAfter = createdAfter,
                            Pass = new PassCheckpoint { Kind = kind, Cursor = next },
                        });
                        writer.Commit(output);
                        continue;
                    }

                    progress.State(FinalCheckpoint(stream, incremental, token, page.SyncToken, createdAfter));
                    writer.Commit(output);
                    log.Info($"Stream {stream.Name}: {records} records, {pages} pages, {requests} requests, {stopwatch.Elapsed.TotalSeconds:0.00} s ({(token is null ? "full" : "incremental")} pass).");
                    return;
                }
            }
            catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.SyncTokenUnusable && token is not null)
            {
                writer.Commit(output);
                log.Warn($"Stream {stream.Name}: Ashby refused the stored sync token ({ex.Code}). Reading the whole table again in this run; rows already sent may be sent twice, and destinations dedupe them on id.");
                token = null;
            }
            catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.CursorUnusable && cursor is not null && restarts < MaxPassRestarts)
            {
                writer.Commit(output);
                restarts++;
                log.Warn($"Stream {stream.Name}: Ashby refused the page cursor ({ex.Code}). Restarting the pass from its first page (restart {restarts} of {MaxPassRestarts}); rows may be sent twice and are deduped on id.");
            }
            finally
            {
                if (pending is not null)
                {
                    await AbandonAsync(pending, passCancel);
                }
            }
        }
    }

    /// <summary>FNV-1a, 64 bits: a repeated cursor is still found, and two different ones collide with odds of about 2⁻⁶⁴ per pair.</summary>
    private static ulong Fingerprint(string cursor)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in cursor)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Cancels a prefetched page nobody will read and waits for it, so its buffer goes back to the pool.</summary>
    private static async Task AbandonAsync(Task<AshbyEnvelope> pending, CancellationTokenSource cancel)
    {
        await cancel.CancelAsync();
        try
        {
            (await pending).Dispose();
        }
        catch (Exception)
        {
            // Only reached while another exception ends the pass; that one is what matters.
        }
    }

    /// <summary>Where a pass starts: the token to send (incremental) and the cursor of a checkpoint to resume.</summary>
    private (string? Token, string? Cursor) StartingPoint(StreamDefinition stream, bool incremental, long? createdAfter, StreamCheckpoint? stored)
    {
        var token = incremental ? stored?.SyncToken : null;
        if (stored is null || (token is null && stored.Pass is null))
        {
            return (null, null);
        }

        if (stored.CreatedAfter != createdAfter)
        {
            // Tokens and cursors only list rows under the filters they were made with.
            log.Warn($"Stream {stream.Name}: start_date changed since the stored state was written, so it no longer fits. Reading the whole table.");
            return (null, null);
        }

        switch (stored.Pass)
        {
            case { Kind: PassCheckpoint.Incremental } pass when token is not null:
                log.Info($"Stream {stream.Name}: resuming the interrupted incremental pass from its last checkpoint.");
                return (token, pass.Cursor);
            case { Kind: PassCheckpoint.Full } pass:
                log.Info($"Stream {stream.Name}: resuming the interrupted full pass from its last checkpoint.");
                return (null, pass.Cursor);
            default:
                return (token, null);
        }
    }

    private StreamCheckpoint FinalCheckpoint(StreamDefinition stream, bool incremental, string? usedToken, string? newToken, long? createdAfter)
    {
        if (!incremental)
        {
            return new StreamCheckpoint { FullRefreshComplete = true };
        }

        if (newToken is null)
        {
            log.Warn($"Stream {stream.Name}: Ashby ended the pass without a sync token; the next sync reads the whole table again.");
        }

        return new StreamCheckpoint { SyncToken = newToken ?? usedToken, CreatedAfter = createdAfter };
    }

    private RequestObserver RateLimitObserver(string stream)
    {
        var lastNotice = DateTimeOffset.MinValue;
        return new RequestObserver(resumeAt =>
        {
            var now = httpOptions.Time.GetUtcNow();
            if (now - lastNotice < httpOptions.LongWait)
            {
                return;
            }

            lastNotice = now;
            writer.Write(b => b.StreamStatus(stream, "RUNNING", resumeAt.ToUnixTimeMilliseconds()));
        });
    }

    /// <summary>Counts records since the last STATE and drops a STATE identical to the previous one.</summary>
    private sealed class Progress(string stream, MessageBuffer output)
    {
        private long _sinceState;
        private byte[]? _lastState;

        public void Add(int records) => _sinceState += records;

        public void State(StreamCheckpoint checkpoint)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.StreamCheckpoint);
            if (_lastState is not null && bytes.AsSpan().SequenceEqual(_lastState))
            {
                // The same state again would tell the platform nothing new; its records count towards the next one.
                return;
            }

            _lastState = bytes;
            output.StreamState(stream, json => json.WriteRawValue(bytes, skipInputValidation: true), _sinceState);
            _sinceState = 0;
        }
    }
}
