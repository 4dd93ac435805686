namespace AshbyEmulator.Data;

/// <summary>
/// A table whose rows hang off rows of <typeparamref name="TParent"/> in creation order: base row i belongs to
/// parent floor(i·parents/rows) and is created after it, and a row created through the admin API picks an
/// existing parent. Keeps list order (creation order) monotonic for children too.
/// </summary>
internal abstract class ChildTableGenerator<TParent>(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
    where TParent : TableGenerator
{
    /// <summary>The parent table.</summary>
    protected TParent Parents => Table<TParent>();

    public override int ParentOf(in RowCtx r) =>
        r.Index >= BaseCount ? r.State.Ref : ScaleIndex(r.Index, BaseCount, Parents.BaseCount);

    public override long BaseCreatedAtMs(int index) =>
        ChildSlot(index, Parents.BaseCreatedAtMs(ScaleIndex(index, BaseCount, Parents.BaseCount)));

    public override int ChooseParentForNewRow(ulong hash) => Hashing.Below(hash, Parents.State.CurrentCount);

    public override (int Start, int End) BaseRowsOf(int parent) => parent >= Parents.BaseCount
        ? (BaseCount, BaseCount)
        : (FirstChild(parent, Parents.BaseCount, BaseCount), Math.Min(BaseCount, FirstChild(parent + 1, Parents.BaseCount, BaseCount)));
}

/// <summary>
/// A child table whose parents have between 0 and <see cref="Slots"/> rows each: parent p owns base rows
/// [p·Slots, (p+1)·Slots) and <see cref="Count"/> says how many of them exist. The size formula must be
/// parents × <see cref="Slots"/>.
/// </summary>
internal abstract class SlottedChildTable<TParent>(Dataset dataset, TableSpec table, int slots) : ChildTableGenerator<TParent>(dataset, table)
    where TParent : TableGenerator
{
    protected int Slots { get; } = slots;

    /// <summary>How many rows base parent <paramref name="parent"/> has (at most <see cref="Slots"/>).</summary>
    protected abstract int Count(int parent);

    public override bool Exists(int index) => index >= BaseCount || index % Slots < Count(index / Slots);

    /// <summary>The position of a base row among its parent's rows.</summary>
    protected int SlotOf(int index) => index % Slots;
}
