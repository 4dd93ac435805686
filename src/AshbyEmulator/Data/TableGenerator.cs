using System.Text.Json;

namespace AshbyEmulator.Data;

/// <summary>
/// Generates the rows of one table. Row i is a pure function of (seed, table, i) plus the overlay state, and
/// every generator answers the few cheap questions the pager needs (creation time, filter match) without
/// producing the whole record.
/// </summary>
internal abstract class TableGenerator
{
    protected TableGenerator(Dataset dataset, TableSpec table)
    {
        Dataset = dataset;
        Spec = table;
        Seed = dataset.Seed;
        State = dataset.State(table);
        BaseCount = State.BaseCount;
        EndpointParent = table.ChildOf is { } child ? dataset.Generator(dataset.Table(child.ParentStream)) : null;
    }

    protected Dataset Dataset { get; }

    public TableSpec Spec { get; }

    /// <summary>The parent table of a child endpoint (<see cref="TableSpec.ChildOf"/>), else null.</summary>
    public TableGenerator? EndpointParent { get; }

    protected ulong Seed { get; }

    public TableState State { get; }

    public int BaseCount { get; }

    /// <summary>Whether the admin API can archive rows of this table (candidates have no archived state).</summary>
    public virtual bool CanArchive => true;

    /// <summary>The id a row is listed under (a membership row lists the id of the object it links, see candidate_projects).</summary>
    public virtual Uuid Id(int index) => Uuid.ForRow(Seed, Spec.Ordinal, index);

    /// <summary>
    /// Whether base row <paramref name="index"/> exists. Tables with a varying number of rows per parent give every
    /// parent a fixed block of slots and say here which slots are used; unused slots are never listed or mutated.
    /// </summary>
    public virtual bool Exists(int index) => true;

    /// <summary>
    /// The base rows that can belong to parent <paramref name="parent"/> of a child endpoint, as [start, end);
    /// created rows (index ≥ <see cref="BaseCount"/>) are checked one by one. The whole base table by default.
    /// </summary>
    public virtual (int Start, int End) BaseRowsOf(int parent) => (0, BaseCount);

    /// <summary>
    /// The table that gets a row when a row of this one is created, updated or archived (an application's stage
    /// move is a new history row), or null. Called by the mutator with the row as the change left it.
    /// </summary>
    public virtual TableGenerator? ChildCreatedBy(ChangeKind change, in RowCtx after) => null;

    private Dictionary<Uuid, int>? _indexById;
    private readonly Lock _indexLock = new();

    /// <summary>
    /// The index of the row with id <paramref name="id"/> that exists at <paramref name="snapshot"/>, or -1. Child
    /// endpoints resolve the parent they are asked for with it. The map of base ids is built on first use.
    /// </summary>
    public int IndexOf(Uuid id, long snapshot)
    {
        var byId = Volatile.Read(ref _indexById);
        if (byId is null)
        {
            lock (_indexLock)
            {
                if (_indexById is null)
                {
                    var map = new Dictionary<Uuid, int>(BaseCount);
                    for (var i = 0; i < BaseCount; i++)
                    {
                        if (Exists(i))
                        {
                            map[Id(i)] = i;
                        }
                    }
                    Volatile.Write(ref _indexById, map);
                }
                byId = _indexById;
            }
        }
        if (byId.TryGetValue(id, out var index))
        {
            return index;
        }
        var count = State.CountAt(snapshot);
        for (var i = BaseCount; i < count; i++)
        {
            if (Id(i) == id)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Another table's generator, found by its type.</summary>
    protected T Table<T>()
        where T : TableGenerator => Dataset.Get<T>();

    public RowCtx Row(int index, long snapshot)
    {
        var hash = Hashing.Row(Seed, Spec.Ordinal, index);
        RowState state = default;
        var changed = State.HasChanges && State.TryGet(index, snapshot, out state);
        return new RowCtx(index, hash, snapshot, state, changed);
    }

    public long CreatedAtMs(in RowCtx r) => r.Index >= BaseCount ? r.State.CreatedAtMs : BaseCreatedAtMs(r.Index);

    /// <summary>
    /// Creation time of a base row. Must be non-decreasing in the index: list order is creation order, which
    /// turns <c>createdAfter</c> into a binary search instead of a scan.
    /// </summary>
    public virtual long BaseCreatedAtMs(int index) => Slot(index);

    public long UpdatedAtMs(in RowCtx r) => r.Changed ? r.State.ChangedAtMs : BaseUpdatedAtMs(r);

    protected virtual long BaseUpdatedAtMs(in RowCtx r)
    {
        var created = CreatedAtMs(r);
        var room = Math.Max(1, Math.Min(180 * Time.DayMs, Time.EpochMs - Time.DayMs - created));
        return created + (long)(r.Field(RowField.Updated) % (ulong)room);
    }

    /// <summary>A point inside the index's own slot of the five-year span: monotonic in the index.</summary>
    protected long Slot(int index)
    {
        var width = Math.Max(1, Time.SpanMs / BaseCount);
        var start = Time.StartMs + (long)((Int128)index * Time.SpanMs / BaseCount);
        return start + (long)(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Created) % (ulong)width);
    }

    /// <summary>Creation time of a child row: after its parent's, still monotonic (max of two monotonic series).</summary>
    protected long ChildSlot(int index, long parentCreatedAtMs) => Math.Max(Slot(index), parentCreatedAtMs + 60_000);

    public bool IsArchived(in RowCtx r) => r.MutationArchived || (r.Index < BaseCount && BaseArchived(r.Index, r.Hash));

    /// <summary>Whether a base row starts out archived/deactivated/unpublished (the rows behind include flags).</summary>
    protected virtual bool BaseArchived(int index, ulong hash) => false;

    /// <summary>The include flags and filters of <paramref name="f"/> (createdAfter is the pager's job).</summary>
    public virtual bool Matches(in RowCtx r, ListFilter f) => true;

    public abstract void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f);

    /// <summary>For rows created by the admin API: the parent row they hang off (-1 = none).</summary>
    public virtual int ChooseParentForNewRow(ulong hash) => -1;

    /// <summary>The table whose row gets the new row linked (and is therefore updated), if any.</summary>
    public virtual TableGenerator? LinkedParent => null;

    /// <summary>The index of the parent row a row belongs to (-1 = none); child endpoints list rows by it.</summary>
    public virtual int ParentOf(in RowCtx r) => -1;

    /// <summary>
    /// Whether the row belongs to the parent a child-endpoint request names. True when no parent is named:
    /// the API requires one, while <c>/_admin/ids</c> lists the rows of every parent.
    /// </summary>
    public bool MatchesParent(in RowCtx r, ListFilter f) =>
        EndpointParent is null || f.ParentIndex < 0 || ParentOf(r) == f.ParentIndex;

    /// <summary>The ids of the objects of <paramref name="stream"/> (one of <see cref="TableSpec.EmbeddedStreams"/>) inside row <paramref name="r"/>.</summary>
    public virtual IEnumerable<Uuid> EmbeddedIds(RowCtx r, string stream) => [];

    /// <summary>
    /// The object the table's <see cref="TableSpec.Info"/> endpoint answers for row <paramref name="r"/>; only
    /// tables with such an endpoint override it.
    /// </summary>
    public virtual void WriteInfo(Utf8JsonWriter w, in RowCtx r, ListFilter f) =>
        throw new InvalidOperationException($"{Spec.Stream} has no per-object endpoint.");

    /// <summary>The id of the parent a child-endpoint row is listed under (<c>/_admin/ids?withParent=true</c>).</summary>
    public Uuid? ParentIdOf(in RowCtx r) =>
        EndpointParent is not null && ParentOf(r) is >= 0 and var parent ? EndpointParent.Id(parent) : null;

    /// <summary>Writes a name, adding " (rev N)" after updates so renames are visible.</summary>
    protected static void WriteRevised(Utf8JsonWriter w, JsonEncodedText name, ReadOnlySpan<byte> utf8, int revision)
    {
        if (revision == 0)
        {
            w.WriteString(name, utf8);
            return;
        }
        Span<byte> buf = stackalloc byte[utf8.Length + 24];
        var b = new Utf8Builder(buf);
        b.Append(utf8);
        b.Append(" (rev "u8);
        b.Append(revision);
        b.Append((byte)')');
        w.WriteString(name, b.Written);
    }

    /// <summary>The parent at or before which a monotonic child→parent mapping points: floor(i·parents/children).</summary>
    protected static int ScaleIndex(int index, int from, int to) => (int)((long)index * to / from);

    /// <summary>First child index whose <see cref="ScaleIndex"/> parent is <paramref name="parent"/>.</summary>
    protected static int FirstChild(int parent, int parents, int children) =>
        (int)((((long)parent * children) + parents - 1) / parents);
}
