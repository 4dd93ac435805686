namespace AshbySource.Streams;

/// <summary>
/// The arithmetic of the rolling refresh (<see cref="ChildRefresh"/>), with no network and no clock: how big the next
/// slice is, where the state stands after it, and which parents a slice holds. The parents are a ring from 0 to 1;
/// a cycle goes round it once, a slice per sync.
/// </summary>
internal static class RefreshRing
{
    /// <summary>A ring position this close to 1 is the end of the cycle: sums of fractions of a period do not add up exactly.</summary>
    public const double Whole = 1 - 1e-9;

    /// <summary>A cycle that begins at <paramref name="now"/>, with what is known of the parents.</summary>
    public static RefreshCheckpoint NewCycle(long now, long? parents, long? firstCreated, long? rangeStart) =>
        new(CycleStarted: now, RangeStart: rangeStart, Done: 0, LastSync: now, Parents: parents, FirstCreated: firstCreated);

    /// <summary>
    /// Where the slice of a sync at <paramref name="now"/> ends: the time since the last slice as a share of the
    /// period, and at least a page of the parents, so the cycle moves round the ring at the period's pace however
    /// often syncs run; null when there is nothing to add (no time has passed and the parents are not known yet).
    /// </summary>
    public static double? NextSliceEnd(RefreshCheckpoint refresh, long now, TimeSpan period, int pageSize)
    {
        var elapsed = Math.Max(0, now - refresh.LastSync);
        var share = elapsed / period.TotalMilliseconds;
        var onePage = refresh.Parents > 0 ? (double)pageSize / refresh.Parents.Value : 0;
        var end = Math.Min(1, refresh.Done + Math.Max(share, onePage));
        return end > refresh.Done ? end : null;
    }

    /// <summary>
    /// The state once a slice up to <paramref name="end"/>, sized at the refresh's <see cref="RefreshCheckpoint.LastSync"/>,
    /// is read with <paramref name="parents"/> parents: further round the ring, or a new cycle from that sync when the
    /// ring is done, which then knows how many parents a whole cycle has (its range start is the caller's to set).
    /// </summary>
    public static RefreshCheckpoint AfterSlice(RefreshCheckpoint refresh, double end, long parents, long? firstCreated)
    {
        var earliest = refresh.FirstCreated is { } known && firstCreated is { } seen ? Math.Min(known, seen) : refresh.FirstCreated ?? firstCreated;
        var counted = refresh.Counted + parents;
        return end >= Whole
            ? NewCycle(refresh.LastSync, counted, earliest, refresh.RangeStart)
            : refresh with { Done = end, Counted = counted, FirstCreated = earliest, SliceEnd = null, Pass = null };
    }

    /// <summary>
    /// The creation-time window of the slice (<paramref name="start"/>, <paramref name="end"/>] of a ring from the
    /// cycle's range start to its start: the first slice of a cycle is open below and the last open above, so
    /// parents created before the ring or during the cycle are not left out; a slice's upper bound is the next
    /// one's lower bound, computed the same way from the same numbers.
    /// </summary>
    public static CreationWindow Window(RefreshCheckpoint refresh, double start, double end)
    {
        var from = refresh.RangeStart ?? WindowedPass.GridStart.ToUnixTimeMilliseconds();
        var span = Math.Max(0, refresh.CycleStarted - from);
        long Bound(double position) => from + (long)Math.Round(position * span);
        return new CreationWindow(start <= 0 ? null : Bound(start), end >= Whole ? null : Bound(end));
    }

    /// <summary>
    /// Where a parent key sits on a ring of hashes: FNV-1a of its characters, then MurmurHash3's 64-bit finaliser,
    /// without which keys that differ only in their last characters (Ashby's ids are UUIDs, but not every key is)
    /// would bunch up on the ring; as a fraction of 2⁶⁴. Fixed by this code alone, so a slice holds the same parents on every run.
    /// </summary>
    public static double KeyPosition(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 33)) * 0xff51afd7ed558ccdUL;
        hash = (hash ^ (hash >> 33)) * 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash / 18446744073709551616.0;
    }

    /// <summary>Whether <paramref name="position"/> is in the slice (<paramref name="start"/>, <paramref name="end"/>]; the first slice of a cycle takes 0 too, the last 1.</summary>
    public static bool InSlice(double position, double start, double end) =>
        (position > start || start <= 0) && (position <= end || end >= Whole);
}
