using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// Reads a child stream: the pass over the parent endpoint, and for every parent row the child endpoint with the
/// parent's key, following the child's pages. Up to <see cref="Window"/> parents' children are read at once, all
/// within the run's shared rate budget, so a fan-out runs at the budget's pace rather than one request's latency;
/// their rows are written in parent order (<see cref="OrderedWindow{TItem, TOutput}"/>), so after every parent the
/// checkpoint says exactly how far the pass got (the parent page's cursor and how many of its parents are done). Each
/// parent in the window buffers at most <see cref="PagesPerParent"/> pages, and a parent page is held until its last
/// parent's children are written, so memory is bounded by the window, not by the data. What is left here is Ashby's
/// part: gone parents, an endpoint the organisation cannot serve, and where the checkpoints fall.
/// </summary>
/// <param name="passes">Reads the child endpoint's passes.</param>
/// <param name="stream">The child stream.</param>
/// <param name="pages">The stream's pages.</param>
/// <param name="tally">Counts what the fan-out read, for the layer above.</param>
/// <param name="include">Which of the listed parents' children are read; all when null.</param>
/// <param name="label">What this fan-out is, for its summary line (a rolling refresh's slice).</param>
internal sealed class ChildFanOut(StreamPasses passes, StreamDefinition stream, PageOwner pages, FanOutTally? tally = null, ParentFilter? include = null, string? label = null)
{
    /// <summary>
    /// Parents whose children are read at once. At 300 ms per request, 32 in flight carry 6,400 requests a
    /// minute: six times Ashby's 1,000 per minute per key (https://docs.ashbyhq.com/how-do-i-generate-an-api-key),
    /// so the budget, not the latency, sets the pace.
    /// </summary>
    public const int Window = 32;

    /// <summary>Pages a parent read ahead of the one being written may hold before its reading waits.</summary>
    private const int PagesPerParent = 2;

    private readonly ParentLink _link = stream.Parent!;

    /// <summary>
    /// Set by the first parent whose child request Ashby refused outright (<see cref="AshbyErrorClassifier.IsRefusal"/>):
    /// the endpoint is one the organisation cannot serve, so no further parent's children are asked for.
    /// </summary>
    private volatile AshbyApiException? _refused;

    public async IAsyncEnumerable<PassEvent> ReadAsync(IAsyncEnumerable<PassEvent> parentPass, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var counts = tally ?? new FanOutTally();
        var skipped = 0L;
        var parentPassDone = false;
        await using (var parentEvents = parentPass.GetAsyncEnumerator(cancellationToken))
        await using (var window = new OrderedWindow<Slot, PassEvent>(Window, PagesPerParent, slot => slot.Key is not null, ReadChildrenAsync, cancellationToken))
        {
            while (true)
            {
                // Keep the window full: start the next parents' children, reading the next parent page when needed.
                while (window.HasRoom && _refused is null && (window.HasWaiting || !parentPassDone))
                {
                    if (window.AdmitNext())
                    {
                        continue;
                    }

                    if (!await parentEvents.MoveNextAsync())
                    {
                        parentPassDone = true;
                    }
                    else if (parentEvents.Current is PageRead page)
                    {
                        counts.ParentPages++;
                        Enqueue(page, window, counts);
                    }
                    else
                    {
                        yield return parentEvents.Current;
                    }
                }

                if (!window.TryTakeOldest(out var head))
                {
                    break;
                }

                if (head.Item.PageEnd is { } pageEnd)
                {
                    // The end of a parent page: everything of it is written, and the page goes to the emitter with no rows.
                    yield return pageEnd;
                    continue;
                }

                var rows = 0L;
                await foreach (var childEvent in head.ReadOutputsAsync(cancellationToken))
                {
                    if (childEvent is PageRead read)
                    {
                        rows += read.RowCount;
                        counts.ChildPages++;
                    }

                    yield return childEvent;
                }

                var key = head.Item.Key;
                var failure = await head.EndAsync();
                if (failure is AshbyApiException { Kind: AshbyErrorKind.ObjectGone } gone)
                {
                    // Deleted between the parent page and the child request (https://developers.ashbyhq.com/docs/responses).
                    skipped++;
                    yield return new PassNote(LogLevel.Warn, $"Stream {stream.Name}: {_link.Stream} row {key} is gone ({gone.Resolution.Code}); skipped its {stream.Name}.");
                }
                else if (failure is AshbyApiException refused && AshbyErrorClassifier.IsRefusal(refused.Resolution))
                {
                    throw Unservable(stream, refused, $"{_link.Stream} row {key}");
                }
                else if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                // A checkpoint after a parent with rows; the page end follows right away for its last parent.
                if (rows > 0 && !(window.TryPeek(out var after) && after.PageEnd is not null))
                {
                    yield return new Checkpointed(head.Item.Checkpoint);
                }
            }
        }

        var what = label is null ? "" : $" ({label})";
        var listed = counts.Listed == counts.Parents ? "" : $" of {counts.Listed} listed";
        yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}{what}: children of {counts.Parents}{listed} {_link.Stream} rows read ({skipped} gone) with {counts.ChildPages} requests, from {counts.ParentPages} pages of {_link.Stream}, at most {Window} at once.");
    }

    /// <summary>
    /// The stream's failure when Ashby refuses its endpoint for a parent (<paramref name="what"/>): a config_error,
    /// since what fixes it is the user's choice (deselect the stream, or enable the feature in Ashby), quoting
    /// what Ashby said so that its support can look the request up.
    /// </summary>
    internal static ConnectorException Unservable(StreamDefinition stream, AshbyApiException refused, string what)
    {
        var said = AshbyErrorClassifier.Quote(refused.Resolution.Code, refused.AshbyMessage, refused.RequestId);
        var feature = stream.Feature is { } named
            ? $"{stream.Endpoint} needs {named}, which this organisation may not have"
            : $"this organisation may lack the Ashby feature that {stream.Endpoint} needs";
        return new ConnectorException(
            $"Ashby refused {stream.Endpoint} for {what} ({said}), so the stream {stream.Name} stopped and sent no further {stream.Endpoint} requests: {feature}. Deselect the stream {stream.Name}, or enable the feature in Ashby and sync again; the other streams are not affected.",
            FailureType.ConfigError,
            refused.InternalMessage,
            refused);
    }

    /// <summary>
    /// Queues a slot per parent of the page not yet done whose children are to be read, each with the checkpoint that
    /// holds once it is done, and one for the page's end: the page itself, with no rows and its own checkpoint.
    /// </summary>
    private void Enqueue(PageRead page, OrderedWindow<Slot, PassEvent> window, FanOutTally counts)
    {
        var replay = page.Replay!;
        var done = replay.Pass?.ParentsDone ?? 0;
        for (var i = done; i < page.Page.RecordCount; i++)
        {
            var parent = page.Page.RecordAt(i);
            var key = StreamPasses.ParentKey(parent, _link, parentStream: stream.PassStream);
            counts.Listed++;
            if (include is not null && !include(key))
            {
                continue;
            }

            counts.Saw(parent);
            window.Add(new Slot(key, replay with { Pass = replay.Pass! with { ParentsDone = i + 1 } }));
        }

        window.Add(new Slot(null, page.Checkpoint!) { PageEnd = page with { Rows = new ParentRows(_link.AddedField, []) } });
    }

    /// <summary>Reads one parent's children into <paramref name="events"/>.</summary>
    private async Task ReadChildrenAsync(Slot parent, ChannelWriter<PassEvent> events, CancellationToken cancellationToken)
    {
        var key = parent.Key!;
        var scope = new RequestScope(_link.RequestParameter!, key);
        try
        {
            await foreach (var passEvent in passes.PassAsync(stream, SyncMode.FullRefresh, null, pages, cancellationToken, scope, $"{stream.Name} ({_link.RequestParameter} {key})"))
            {
                switch (passEvent)
                {
                    case PageRead read:
                        await events.WriteAsync(new PageRead(read.Page, null) { Rows = new ParentRows(_link.AddedField, Rows(read.Page, key)) }, cancellationToken);
                        break;

                    // A pass per parent would log a summary per parent: only warnings are worth a line each.
                    case PassNote { Level: LogLevel.Info }:
                        break;
                    default:
                        await events.WriteAsync(passEvent, cancellationToken);
                        break;
                }
            }
        }
        catch (AshbyApiException refused) when (AshbyErrorClassifier.IsRefusal(refused.Resolution))
        {
            _refused ??= refused;
            throw;
        }
    }

    /// <summary>
    /// The rows of one answer of the child endpoint: each record (an item of a list, or an .info endpoint's one
    /// object), or the objects of each record's <see cref="ParentLink.ItemsField"/>; each gets the parent key.
    /// </summary>
    private List<RowSlice> Rows(AshbyEnvelope page, string key)
    {
        var rows = new List<RowSlice>(page.RecordCount);
        List<(int Start, int Length)>? items = _link.ItemsField is null ? null : [];
        for (var i = 0; i < page.RecordCount; i++)
        {
            var record = page.RecordAt(i);
            if (items is null)
            {
                rows.Add(RowSlice.Of(record, i, 0, record.Length, _link.AddedField, key));
                continue;
            }

            items.Clear();
            RawRecord.ArrayObjects(record, _link.ItemsField!, items);
            foreach (var (start, length) in items)
            {
                rows.Add(RowSlice.Of(record, i, start, length, _link.AddedField, key));
            }
        }

        return rows;
    }

    /// <summary>
    /// One place in the window, in parent order: a parent whose children are read (<see cref="Key"/> set), or the
    /// end of a parent page (<see cref="PageEnd"/>). <see cref="Checkpoint"/> holds once everything up to it is written.
    /// </summary>
    private sealed record Slot(string? Key, StreamCheckpoint Checkpoint)
    {
        /// <summary>The parent page a page-end slot closes, with no rows: the emitter writes its checkpoint and releases it.</summary>
        public PageRead? PageEnd { get; init; }
    }
}

/// <summary>Whether the children of the parent with key <paramref name="parentKey"/> are read.</summary>
internal delegate bool ParentFilter(string parentKey);

/// <summary>What a fan-out read, counted as it goes: for its summary line and for the rolling refresh's sizing.</summary>
internal sealed class FanOutTally
{
    /// <summary>Parent rows listed.</summary>
    public long Listed { get; set; }

    /// <summary>Parent rows whose children were asked for.</summary>
    public long Parents { get; private set; }

    /// <summary>Pages of the parent endpoint read: the requests that listed the parents.</summary>
    public long ParentPages { get; set; }

    /// <summary>Pages of the child endpoint read: one request each.</summary>
    public long ChildPages { get; set; }

    /// <summary>The earliest <c>createdAt</c> among those parents (Unix ms), when they carry one.</summary>
    public long? FirstCreated { get; private set; }

    /// <summary>Counts a parent whose children are read, and its creation time.</summary>
    public void Saw(ReadOnlySpan<byte> parent)
    {
        Parents++;
        if (RawRecord.TopLevelString(parent, "createdAt") is { } created
            && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            && !(FirstCreated <= at.ToUnixTimeMilliseconds()))
        {
            FirstCreated = at.ToUnixTimeMilliseconds();
        }
    }
}
