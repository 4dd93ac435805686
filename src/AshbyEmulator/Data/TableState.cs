using System.Collections.Concurrent;

namespace AshbyEmulator.Data;

/// <summary>
/// The mutation overlay of one table: per-row histories plus an ordered change list. Small by construction
/// (it only grows with mutations), so a million-row table costs nothing until it is mutated.
/// </summary>
internal sealed class TableState(int baseCount)
{
    private readonly ConcurrentDictionary<int, RowState[]> _rows = new();
    private readonly AppendOnlyList<ChangeEntry> _changes = new();
    private readonly AppendOnlyList<long> _createdVersions = new();

    public int BaseCount { get; } = baseCount;

    /// <summary>Rows that exist now (including rows created by mutations not yet published).</summary>
    public int CurrentCount => BaseCount + _createdVersions.Count;

    public bool HasChanges => !_rows.IsEmpty;

    /// <summary>Rows that existed at <paramref name="version"/>; created rows are appended in version order.</summary>
    public int CountAt(long version)
    {
        int lo = 0, hi = _createdVersions.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_createdVersions[mid] <= version)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return BaseCount + lo;
    }

    /// <summary>The row's latest history entry with Version ≤ <paramref name="version"/>, if any.</summary>
    public bool TryGet(int index, long version, out RowState state)
    {
        if (_rows.TryGetValue(index, out var history))
        {
            for (var i = history.Length - 1; i >= 0; i--)
            {
                if (history[i].Version <= version)
                {
                    state = history[i];
                    return true;
                }
            }
        }
        state = default;
        return false;
    }

    /// <summary>
    /// When the row reached revision <paramref name="revision"/> (its first history entry with it), or 0 if it never
    /// did: the time of the update that made a new offer version, for instance.
    /// </summary>
    public long RevisedAtMs(int index, int revision)
    {
        if (_rows.TryGetValue(index, out var history))
        {
            foreach (var entry in history)
            {
                if (entry.Revision == revision)
                {
                    return entry.ChangedAtMs;
                }
            }
        }
        return 0;
    }

    public int ChangeCount => _changes.Count;

    public ChangeEntry ChangeAt(int position) => _changes[position];

    /// <summary>Position of the first change with Version &gt; <paramref name="version"/> (binary search).</summary>
    public int FirstChangeAfter(long version)
    {
        int lo = 0, hi = _changes.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_changes[mid].Version <= version)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Records a change. Caller holds the dataset mutation lock; versions are increasing.</summary>
    public void Append(int index, RowState state)
    {
        if (state.Kind == ChangeKind.Create)
        {
            _createdVersions.Add(state.Version);
        }

        _rows.AddOrUpdate(index, static (_, s) => [s], static (_, old, s) => [.. old, s], state);
        _changes.Add(new ChangeEntry(state.Version, index));
    }
}
