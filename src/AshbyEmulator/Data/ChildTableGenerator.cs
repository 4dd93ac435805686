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
}
