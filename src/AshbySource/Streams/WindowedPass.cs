using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// A full-refresh pass of an endpoint that takes <c>createdBefore</c> (<see cref="StreamDefinition.CreatedBefore"/>),
/// read as <see cref="Windows"/> disjoint creation-time windows, up to <see cref="InFlight"/> at once inside the run's
/// shared rate budget. One pass pages in a row, each page waiting for the previous one's cursor, so a big table is
/// bound by one request's latency (1,200 pages of applications at 300 ms are six minutes whatever the budget); side
/// by side, the budget sets the pace. Pages are written as they come, from whichever window; every checkpoint names
/// the windows begun and the next page of each unfinished one, so a killed sync resumes every window where it stopped.
/// </summary>
/// <remarks>
/// The windows cut the span from the start date (or <see cref="GridStart"/>) to the start of the sync into equal
/// parts; the first is open below and the last open above, so no row falls outside them and no bound lies in the
/// future (Ashby refuses one: https://developers.ashbyhq.com/changelog/2026-07-09-add-created-before-filter-to-list-endpoints).
/// A window is (after, before]: <c>createdBefore</c> is inclusive as documented, and a row created on a bound belongs
/// to the window below it. Only full-refresh passes are cut: a sync token comes only from one whole pass.
/// </remarks>
internal sealed class WindowedPass(StreamPasses passes, StreamDefinition stream, PageOwner pages)
{
    /// <summary>
    /// Windows of a pass. Equal spans of time are not equal numbers of rows, so there are several times more windows
    /// than are read at once: a dense window is one of many, and the last ones do not leave the pass to one window's
    /// latency. An empty window costs one request (40 of a pass of 1,200 pages).
    /// </summary>
    public const int Windows = 40;

    /// <summary>
    /// Windows read at once. At 300 ms a request, 8 carry 1,600 requests a minute: above Ashby's 1,000 per minute per
    /// key (https://docs.ashbyhq.com/how-do-i-generate-an-api-key), so the budget, not the latency, sets the pace.
    /// </summary>
    public const int InFlight = 8;

    /// <summary>Pages read but not yet written, per window at work, before reading waits.</summary>
    private const int PagesAhead = 2;

    /// <summary>
    /// Where the equal windows start without a start date. Rows created before it are not lost (the first window is
    /// open below); it only sets how the windows are spread: Ashby was founded in 2018, and an organisation's imported
    /// history rarely goes further back.
    /// </summary>
    public static readonly DateTimeOffset GridStart = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly Queue<(int Window, string? Cursor)> _resumable = new();
    private readonly SortedDictionary<int, string> _open = [];
    private WindowsCheckpoint _grid = null!;
    private long? _startDate;
    private int _next;

    public async IAsyncEnumerable<PassEvent> ReadAsync(StreamCheckpoint? stored, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = passes.Settings;
        _startDate = settings.StartDate?.ToUnixTimeMilliseconds();
        if (stored?.FullRefreshComplete == true || stored?.Pass is not null)
        {
            // Nothing left to read, or a pass begun in one piece before windows existed: the plain pass handles both.
            await foreach (var passEvent in passes.PassAsync(stream, SyncMode.FullRefresh, stored, pages, cancellationToken))
            {
                yield return passEvent;
            }

            yield break;
        }

        if (Plan(stored, settings) is { } opening)
        {
            yield return opening;
        }

        var windowsLeft = _resumable.Count + (_grid.Count - _next);
        var pagesRead = 0L;
        var records = 0L;
        var events = Channel.CreateBounded<(int Window, PassEvent Event)>(new BoundedChannelOptions(InFlight * PagesAhead) { SingleReader = true });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = RunWindowsAsync(Math.Min(InFlight, windowsLeft), events.Writer, cancel);
        try
        {
            await foreach (var (window, passEvent) in events.Reader.ReadAllAsync(cancellationToken))
            {
                switch (passEvent)
                {
                    case PageRead read:
                        pagesRead++;
                        records += read.Page.RecordCount;
                        yield return read with { Checkpoint = Written(window, read.Checkpoint!) };
                        break;

                    // Each window's pass summary would be a line per window: one summary for the pass follows instead.
                    case PassNote { Level: LogLevel.Info }:
                        break;
                    default:
                        yield return passEvent;
                        break;
                }
            }

            if (await work is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            await cancel.CancelAsync();
            await work;
        }

        yield return new Checkpointed(new StreamCheckpoint { FullRefreshComplete = true });
        yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: {records} records, {pagesRead} pages from {windowsLeft} of {_grid.Count} creation-time windows, at most {InFlight} at once (full pass).");
    }

    /// <summary>Sets the windows and what is left of them: the stored ones when they fit, else new ones; returns a line for the log.</summary>
    private PassNote? Plan(StreamCheckpoint? stored, PassSettings settings)
    {
        if (stored?.Windows is { } kept && stored.CreatedAfter == _startDate)
        {
            _grid = kept;
            _next = kept.Next;
            foreach (var (window, cursor) in kept.Open ?? [])
            {
                var index = int.Parse(window, CultureInfo.InvariantCulture);
                _resumable.Enqueue((index, cursor.Length == 0 ? null : cursor));
                _open[index] = cursor;
            }

            return new PassNote(LogLevel.Info, $"Stream {stream.Name}: resuming the interrupted full pass: {_open.Count} windows part-read, {kept.Count - kept.Next} not begun, of {kept.Count}.");
        }

        var from = Math.Max(_startDate ?? long.MinValue, GridStart.ToUnixTimeMilliseconds());
        var to = settings.SyncStartedAt.ToUnixTimeMilliseconds();
        _grid = new WindowsCheckpoint(from, to, to > from ? Windows : 1);
        return stored?.Windows is null ? null
            : new PassNote(LogLevel.Warn, $"Stream {stream.Name}: start_date changed since the stored state was written, so it no longer fits. Reading the whole table.");
    }

    /// <summary>Window <paramref name="index"/>: (bound i, bound i + 1], the first open below and the last open above.</summary>
    private CreationWindow Window(int index) => new(index == 0 ? null : Bound(index), index == _grid.Count - 1 ? null : Bound(index + 1));

    private long Bound(int index) => _grid.From + (long)((Int128)(_grid.To - _grid.From) * index / _grid.Count);

    /// <summary>The next window to read and the cursor it resumes from; false when every window is begun.</summary>
    private bool TryTakeWindow(out int index, out string? cursor)
    {
        lock (_gate)
        {
            if (_resumable.TryDequeue(out var resumed))
            {
                (index, cursor) = resumed;
                return true;
            }

            cursor = null;
            index = _next;
            if (_next == _grid.Count)
            {
                return false;
            }

            _next++;
            _open[index] = "";
            return true;
        }
    }

    /// <summary>The stream's checkpoint once a page of <paramref name="window"/> is written: that window's progress, and every other's as written.</summary>
    private StreamCheckpoint Written(int window, StreamCheckpoint windowCheckpoint)
    {
        lock (_gate)
        {
            if (windowCheckpoint.Pass is { } pass)
            {
                _open[window] = pass.Cursor ?? "";
            }
            else
            {
                _open.Remove(window);
            }

            return new StreamCheckpoint
            {
                CreatedAfter = _startDate,
                Windows = _grid with { Next = _next, Open = _open.ToDictionary(entry => entry.Key.ToString(CultureInfo.InvariantCulture), entry => entry.Value) },
            };
        }
    }

    /// <summary>
    /// Reads windows with <paramref name="workers"/> readers until none is left, then closes <paramref name="events"/>;
    /// returns the first failure, after which the other readers are cancelled.
    /// </summary>
    private async Task<Exception?> RunWindowsAsync(int workers, ChannelWriter<(int, PassEvent)> events, CancellationTokenSource cancel)
    {
        Exception? failure = null;
        async Task ReadWindowsAsync()
        {
            try
            {
                while (TryTakeWindow(out var index, out var cursor))
                {
                    var resume = cursor is null ? null : new StreamCheckpoint { CreatedAfter = _startDate, Pass = new PassCheckpoint { Kind = PassCheckpoint.Full, Cursor = cursor } };
                    var window = Window(index);
                    await foreach (var passEvent in passes.PassAsync(stream, SyncMode.FullRefresh, resume, pages, cancel.Token, label: $"{stream.Name} ({window.Describe()})", window: window))
                    {
                        await events.WriteAsync((index, passEvent), cancel.Token);
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancel.IsCancellationRequested && failure is not null))
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                await cancel.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                // Cancelled because another window failed: that failure is the one to report.
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => ReadWindowsAsync()));
        events.Complete();
        return failure;
    }
}
