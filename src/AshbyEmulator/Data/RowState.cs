namespace AshbyEmulator.Data;

internal enum ChangeKind : byte
{
    Create,
    Update,
    Archive,
}

/// <summary>
/// One entry of a row's mutation history (the overlay). A row's content at snapshot version S is its base
/// content (a pure function of seed, table and index) modified by its latest history entry with Version ≤ S.
/// </summary>
/// <param name="Version">Global dataset version of this change.</param>
/// <param name="Kind">What the change was.</param>
/// <param name="ChangedAtMs">Dataset time of the change; becomes <c>updatedAt</c>.</param>
/// <param name="CreatedAtMs">Creation time for rows created by a mutation; 0 for base rows.</param>
/// <param name="Revision">Number of updates so far; generators reseed their mutable fields with it.</param>
/// <param name="ArchivedAtMs">When an archive mutation hit the row; 0 if never.</param>
/// <param name="Ref">Parent row index chosen when a row was created by a mutation; -1 for base rows.</param>
/// <param name="Links">Child rows attached by later mutations (a candidate's new applications…).</param>
internal readonly record struct RowState(
    long Version,
    ChangeKind Kind,
    long ChangedAtMs,
    long CreatedAtMs,
    int Revision,
    long ArchivedAtMs,
    int Ref,
    int[]? Links)
{
    public bool IsArchived => ArchivedAtMs > 0;
}

/// <summary>An entry of a table's ordered change list, used to page incremental passes.</summary>
internal readonly record struct ChangeEntry(long Version, int Index);

/// <summary>
/// A list with one writer (holding the dataset's mutation lock) and lock-free readers: readers only look at
/// indices below a <see cref="Count"/> they read first, and arrays are replaced, never shrunk.
/// </summary>
internal sealed class AppendOnlyList<T>
{
    private T[] _items = new T[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public T this[int index] => Volatile.Read(ref _items)[index];

    public void Add(T item)
    {
        var items = _items;
        if (_count == items.Length)
        {
            var bigger = new T[items.Length * 2];
            Array.Copy(items, bigger, _count);
            Volatile.Write(ref _items, bigger);
            items = bigger;
        }
        items[_count] = item;
        Volatile.Write(ref _count, _count + 1);
    }
}
