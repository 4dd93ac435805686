using System.Globalization;
using System.Runtime.CompilerServices;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// An incremental sync of a child stream: the children of the parents in the parent's sync-token delta, then the
/// rolling refresh. Ashby puts a parent into its delta when the parent changes, not when only a child does (a new
/// note, an AI criteria evaluation, a history edit), so children of unchanged parents would go stale until a full
/// refresh. The refresh re-reads the children of a slice of the parents every sync, sized by the time since the last
/// one (elapsed ÷ <see cref="PassSettings.ChildRefreshPeriod"/> of the parents, at least a page of them) and rotating,
/// so every parent's children are re-read once per period whatever the sync frequency: requests per day stay
/// parents ÷ days whether syncs run hourly or daily.
/// </summary>
/// <remarks>
/// Where the parent endpoint takes <c>createdBefore</c> (<see cref="StreamDefinition.CreatedBefore"/>), a slice is a
/// creation-time window, so a sync lists only its slice's parents; other parents (users, plans, offers, pools, jobs:
/// a few pages) are listed whole and a slice is a range of their keys' hashes. The slice's position is in the stream's
/// state (<see cref="RefreshCheckpoint"/>) and a slice is checkpointed like any fan-out: a killed sync resumes it.
/// </remarks>
internal sealed class ChildRefresh(StreamPasses passes, StreamDefinition stream, PageOwner pages)
{
    private readonly StreamDefinition _parent = stream.PassStream;
    private RefreshCheckpoint _refresh = null!;
    private StreamCheckpoint _synced = null!;

    public async IAsyncEnumerable<PassEvent> ReadAsync(StreamCheckpoint? stored, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = passes.Settings;
        var now = settings.SyncStartedAt.ToUnixTimeMilliseconds();
        var everyParent = stored?.SyncToken is null;
        var delta = new FanOutTally();
        _synced = stored ?? new StreamCheckpoint();
        await foreach (var passEvent in new ChildFanOut(passes, stream, pages, delta).ReadAsync(passes.ParentPassAsync(stream, SyncMode.Incremental, stored, pages, cancellationToken), cancellationToken))
        {
            // The delta's checkpoints keep the refresh as it was; the last one holds the new sync token.
            yield return WithCheckpoint(passEvent, checkpoint => _synced = checkpoint with { Refresh = stored?.Refresh });
        }

        if (settings.ChildRefreshPeriod <= TimeSpan.Zero)
        {
            yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: child_refresh_days is 0, so only the children of changed {_parent.Name} rows were read; children of the others change unseen until a full refresh.");
            yield break;
        }

        if (everyParent || stored?.Refresh is null)
        {
            // A pass without a token read every parent's children: they are fresh, and the first cycle starts now.
            _refresh = RefreshRing.NewCycle(now, everyParent ? delta.Parents : null, everyParent ? delta.FirstCreated : null, RangeStart(everyParent ? delta.FirstCreated : null));
            yield return new Checkpointed(_synced with { Refresh = _refresh });
            yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: rolling refresh begins its first cycle; every {_parent.Name} row's children will be re-read within {Days(settings.ChildRefreshPeriod)} days.");
            yield break;
        }

        _refresh = stored.Refresh;
        if (_refresh.SliceEnd is { } unfinished)
        {
            // A slice a killed sync left part-read: finish it before the next one.
            await foreach (var passEvent in ReadSliceAsync(_refresh.Done, unfinished, _refresh.Pass, cancellationToken))
            {
                yield return passEvent;
            }
        }

        if (RefreshRing.NextSliceEnd(_refresh, now, settings.ChildRefreshPeriod, settings.PageSize) is not { } end)
        {
            yield break;
        }

        _refresh = _refresh with { LastSync = now };
        await foreach (var passEvent in ReadSliceAsync(_refresh.Done, end, null, cancellationToken))
        {
            yield return passEvent;
        }
    }

    /// <summary>
    /// Re-reads the children of the parents in the slice (<paramref name="start"/>, <paramref name="end"/>] of the
    /// ring, from <paramref name="resume"/> when a killed sync left it part-read; the state moves round the ring once
    /// it is done, and a new cycle begins when the ring is.
    /// </summary>
    private async IAsyncEnumerable<PassEvent> ReadSliceAsync(double start, double end, PassCheckpoint? resume, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inSlice = _refresh with { SliceEnd = end };
        var window = _parent.CreatedBefore ? RefreshRing.Window(_refresh, start, end) : (CreationWindow?)null;
        ParentFilter? include = _parent.CreatedBefore ? null : key => RefreshRing.InSlice(RefreshRing.KeyPosition(key), start, end);
        var slice = new FanOutTally();
        var label = string.Create(CultureInfo.InvariantCulture, $"rolling refresh, {start * 100:0.0}%–{end * 100:0.0}% of the cycle begun {CreationWindow.Iso(_refresh.CycleStarted)}, {(window is { } w ? w.Describe() : "by key hash")}");
        var listing = passes.PassAsync(_parent, SyncMode.FullRefresh, resume is null ? null : _synced with { SyncToken = null, Refresh = null, Pass = resume }, pages, cancellationToken, label: $"{stream.Name} ({label})", window: window);
        await foreach (var passEvent in new ChildFanOut(passes, stream, pages, slice, include, label).ReadAsync(listing, cancellationToken))
        {
            yield return WithCheckpoint(passEvent, checkpoint => _synced with { Refresh = checkpoint.Pass is { } pass ? inSlice with { Pass = pass } : Advanced(end, slice) });
        }

        _refresh = Advanced(end, slice);
        _synced = _synced with { Refresh = _refresh };
    }

    /// <summary>The refresh once the slice up to <paramref name="end"/> is read.</summary>
    private RefreshCheckpoint Advanced(double end, FanOutTally slice)
    {
        var after = RefreshRing.AfterSlice(_refresh, end, slice.Parents, slice.FirstCreated);
        return after.Done > 0 ? after : after with { RangeStart = RangeStart(after.FirstCreated) };
    }

    /// <summary>Where a new cycle's ring of creation times begins, for a parent endpoint that takes <c>createdBefore</c>: the earliest parent known, not before the start date.</summary>
    private long? RangeStart(long? firstCreated) =>
        _parent.CreatedBefore
            ? Math.Max(firstCreated ?? WindowedPass.GridStart.ToUnixTimeMilliseconds(), passes.Settings.StartDate?.ToUnixTimeMilliseconds() ?? long.MinValue)
            : null;

    private static PassEvent WithCheckpoint(PassEvent passEvent, Func<StreamCheckpoint, StreamCheckpoint> map) =>
        passEvent switch
        {
            PageRead { Checkpoint: { } checkpoint } read => read with { Checkpoint = map(checkpoint) },
            Checkpointed checkpointed => new Checkpointed(map(checkpointed.Checkpoint)),
            NothingToRead nothing => new NothingToRead(map(nothing.Checkpoint)),
            _ => passEvent,
        };

    private static string Days(TimeSpan period) => period.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
}
