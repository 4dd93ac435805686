using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>
/// Finds the rows of one page. Full passes walk row indices (creation order); incremental passes walk the
/// table's change list, so their cost is proportional to the changes, never to the table.
/// </summary>
internal static class Pager
{
    /// <summary>Rows of a page plus where the next page starts (-1 = no more) and where the scan ended.</summary>
    public readonly record struct Page(List<int> Rows, int Next, int End);

    private static bool Visible(TableGenerator gen, in RowCtx r, ListFilter f) =>
        (r.Index >= gen.BaseCount || gen.Exists(r.Index)) && gen.Matches(r, f) && gen.MatchesParent(r, f)
        && (f.CreatedAfterMs is not { } after || gen.CreatedAtMs(r) > after)
        && (f.CreatedBeforeMs is not { } before || gen.CreatedAtMs(r) <= before);

    /// <summary>
    /// The rows a full pass visits, in index order: for a child endpoint only its parent's block of base rows and
    /// then the created rows (so a per-parent request never scans the whole table); else every row.
    /// </summary>
    private static IEnumerable<int> Indices(TableGenerator gen, ListFilter f, int from, int count)
    {
        var (start, end) = f.ParentIndex >= 0 ? gen.BaseRowsOf(f.ParentIndex) : (0, gen.BaseCount);
        for (var i = Math.Max(from, start); i < end; i++)
        {
            yield return i;
        }
        for (var i = Math.Max(from, Math.Max(end, gen.BaseCount)); i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>Start of a full pass: the first row created after <c>createdAfter</c> (binary search; creation order).</summary>
    public static int FullStart(TableGenerator gen, ListFilter f, long snapshot) =>
        f.CreatedAfterMs is { } after ? FirstCreatedAfter(gen, snapshot, after, gen.State.CountAt(snapshot)) : 0;

    private static int FirstCreatedAfter(TableGenerator gen, long snapshot, long after, int count)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (gen.CreatedAtMs(gen.Row(mid, snapshot)) > after)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /// <summary>
    /// End of a full pass: the first row created after <c>createdBefore</c> (binary search, as for the start), so
    /// a window's last page knows no row follows without scanning the rest of the table.
    /// </summary>
    public static int FullEnd(TableGenerator gen, ListFilter f, long snapshot)
    {
        var count = gen.State.CountAt(snapshot);
        return f.CreatedBeforeMs is { } before ? FirstCreatedAfter(gen, snapshot, before, count) : count;
    }

    public static Page Full(TableGenerator gen, ListFilter f, long snapshot, int position, int limit)
    {
        var rows = new List<int>(Math.Min(limit, 128));
        var count = FullEnd(gen, f, snapshot);
        foreach (var i in Indices(gen, f, position, count))
        {
            if (!Visible(gen, gen.Row(i, snapshot), f))
            {
                continue;
            }
            // One visible row past a full page: the page says moreDataAvailable and the next one starts here.
            if (rows.Count == limit)
            {
                return new Page(rows, i, count);
            }
            rows.Add(i);
        }
        return new Page(rows, -1, count);
    }

    /// <summary>Start of an incremental pass: the first change after the token's version.</summary>
    public static int IncrementalStart(TableGenerator gen, long tokenVersion) => gen.State.FirstChangeAfter(tokenVersion);

    public static Page Incremental(TableGenerator gen, ListFilter f, long snapshot, int position, int limit)
    {
        var rows = new List<int>(Math.Min(limit, 128));
        var state = gen.State;
        var count = state.ChangeCount;
        var p = position;
        for (; p < count; p++)
        {
            var entry = state.ChangeAt(p);
            if (entry.Version > snapshot)
            {
                return new Page(rows, -1, p);
            }

            if (!IsLatestVisible(gen, entry, f, snapshot))
            {
                continue;
            }

            if (rows.Count == limit)
            {
                return new Page(rows, p, p);
            }

            rows.Add(entry.Index);
        }
        return new Page(rows, -1, p);
    }

    /// <summary>Counts the rows an incremental pass would return, stopping once past <paramref name="stopAbove"/>.</summary>
    public static long CountIncremental(TableGenerator gen, ListFilter f, long snapshot, int position, long stopAbove)
    {
        var state = gen.State;
        var count = state.ChangeCount;
        long n = 0;
        for (var p = position; p < count && n <= stopAbove; p++)
        {
            var entry = state.ChangeAt(p);
            if (entry.Version > snapshot)
            {
                break;
            }

            if (IsLatestVisible(gen, entry, f, snapshot))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>
    /// A change entry yields its row only if it is the row's last change within the snapshot (so a row
    /// changed twice is listed once) and the row, as of the snapshot, passes the request's filters.
    /// </summary>
    private static bool IsLatestVisible(TableGenerator gen, ChangeEntry entry, ListFilter f, long snapshot)
    {
        var r = gen.Row(entry.Index, snapshot);
        return r.Changed && r.State.Version == entry.Version && Visible(gen, r, f);
    }

    /// <summary>All rows of an unpaginated endpoint (a snapshot).</summary>
    public static IEnumerable<int> All(TableGenerator gen, ListFilter f, long snapshot)
    {
        var count = gen.State.CountAt(snapshot);
        foreach (var i in Indices(gen, f, 0, count))
        {
            if (Visible(gen, gen.Row(i, snapshot), f))
            {
                yield return i;
            }
        }
    }
}
