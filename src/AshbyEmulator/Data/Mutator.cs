namespace AshbyEmulator.Data;

/// <summary>What one table should undergo in a mutation call.</summary>
internal readonly record struct MutationPlan(TableSpec Table, int Create, int Update, int Archive);

/// <summary>Ids a mutation call created, updated and archived in one table.</summary>
internal sealed record TableChanges(TableSpec Table)
{
    public List<Uuid> Created { get; } = [];

    public List<Uuid> Updated { get; } = [];

    public List<Uuid> Archived { get; } = [];
}

/// <summary>Ids changed by a mutation call, per table.</summary>
internal sealed class MutationResult
{
    private readonly SortedDictionary<int, TableChanges> _tables = [];

    public long Version { get; set; }

    /// <summary>The tables the call touched, in ordinal order.</summary>
    public IEnumerable<TableChanges> Tables => _tables.Values;

    public TableChanges For(TableSpec table)
    {
        if (!_tables.TryGetValue(table.Ordinal, out var changes))
        {
            _tables[table.Ordinal] = changes = new TableChanges(table);
        }
        return changes;
    }
}

/// <summary>
/// Applies creates, updates and archives to the overlay. Every change gets its own version; all of a
/// call's changes become visible at once when the final version is published. Choices are a function of
/// the seed and the call number, so a scripted sequence of calls is reproducible.
/// </summary>
internal sealed class Mutator(Dataset dataset)
{
    private const int MaxPicks = 20;
    private int _calls;

    /// <summary>Plan for <c>{"fraction":x}</c>: about x of every table, 30% creates, 20% archives, 50% updates.</summary>
    public IReadOnlyList<MutationPlan> PlanFraction(double fraction)
    {
        var plans = new List<MutationPlan>();
        foreach (var table in dataset.All)
        {
            var gen = dataset.Generator(table);
            var n = Math.Max(1, (int)Math.Round(fraction * gen.State.CurrentCount));
            var create = (int)Math.Round(n * 0.3);
            var archive = gen.CanArchive ? (int)Math.Round(n * 0.2) : 0;
            plans.Add(new MutationPlan(table, create, n - create - archive, archive));
        }
        return plans;
    }

    public MutationResult Apply(IReadOnlyList<MutationPlan> plans)
    {
        lock (dataset.MutationLock)
        {
            var call = new Call(Hashing.Mix(dataset.Seed ^ Hashing.Mix((ulong)++_calls + 0xC0FFEE)), dataset.Version);
            foreach (var plan in plans)
            {
                var gen = dataset.Generator(plan.Table);
                call.Result.For(plan.Table);
                for (var k = 0; k < plan.Create; k++)
                {
                    Create(gen, call);
                }

                for (var k = 0; k < plan.Update; k++)
                {
                    var index = PickRow(gen, call, requireUnarchived: false);
                    if (index < 0)
                    {
                        continue;
                    }

                    var prev = Latest(gen, index, call.Version);
                    var v = ++call.Version;
                    gen.State.Append(index, prev with { Version = v, Kind = ChangeKind.Update, ChangedAtMs = Time.ChangeTimeMs(v), Revision = prev.Revision + 1 });
                    call.ReportUpdated(gen, index);
                    CreateFollowUp(gen, index, ChangeKind.Update, call);
                }
                for (var k = 0; k < plan.Archive && gen.CanArchive; k++)
                {
                    var index = PickRow(gen, call, requireUnarchived: true);
                    if (index < 0)
                    {
                        continue;
                    }

                    var prev = Latest(gen, index, call.Version);
                    var v = ++call.Version;
                    var at = Time.ChangeTimeMs(v);
                    gen.State.Append(index, prev with { Version = v, Kind = ChangeKind.Archive, ChangedAtMs = at, ArchivedAtMs = at });
                    call.Result.For(gen.Spec).Archived.Add(gen.Id(index));
                    CreateFollowUp(gen, index, ChangeKind.Archive, call);
                }
            }
            // Publishing last makes the whole call atomic for readers.
            dataset.Publish(call.Version);
            call.Result.Version = call.Version;
            return call.Result;
        }
    }

    /// <summary>Working state of one mutation call.</summary>
    private sealed class Call(ulong seed, long version)
    {
        public Rng Rng = new(seed);

        public long Version { get; set; } = version;

        public MutationResult Result { get; } = new();

        /// <summary>Rows already changed by this call; picks skip them so each id is listed once.</summary>
        public HashSet<(int Table, int Row)> Touched { get; } = [];

        public void ReportUpdated(TableGenerator gen, int index) => Result.For(gen.Spec).Updated.Add(gen.Id(index));
    }

    /// <summary>The row another table records for a change (an application's stage move → a history row).</summary>
    private static void CreateFollowUp(TableGenerator gen, int index, ChangeKind change, Call call)
    {
        if (gen.ChildCreatedBy(change, gen.Row(index, call.Version)) is { } child)
        {
            Create(child, call, index);
        }
    }

    private static void Create(TableGenerator gen, Call call, int parentIndex = -1)
    {
        var index = gen.State.CurrentCount;
        var parent = parentIndex >= 0 ? parentIndex : gen.ChooseParentForNewRow(call.Rng.Next());
        var v = ++call.Version;
        var at = Time.ChangeTimeMs(v);
        gen.State.Append(index, new RowState(v, ChangeKind.Create, at, at, 0, 0, parent, null));
        call.Touched.Add((gen.Spec.Ordinal, index));
        call.Result.For(gen.Spec).Created.Add(gen.Id(index));
        if (gen.LinkedParent is { } parentGen && parent >= 0)
        {
            LinkToParent(parentGen, parent, index, call);
        }
        CreateFollowUp(gen, index, ChangeKind.Create, call);
    }

    private static void LinkToParent(TableGenerator parentGen, int parent, int index, Call call)
    {
        // The parent lists its children (candidate.applicationIds, job.jobPostingIds), so it changes too.
        var prev = Latest(parentGen, parent, call.Version);
        var v = ++call.Version;
        parentGen.State.Append(parent, prev with
        {
            Version = v,
            Kind = ChangeKind.Update,
            ChangedAtMs = Time.ChangeTimeMs(v),
            Links = [.. prev.Links ?? [], index],
        });
        if (call.Touched.Add((parentGen.Spec.Ordinal, parent)))
        {
            call.ReportUpdated(parentGen, parent);
        }
    }

    /// <summary>The row's newest state, or a neutral state for a base row never mutated.</summary>
    private static RowState Latest(TableGenerator gen, int index, long version) =>
        gen.State.TryGet(index, version, out var s) ? s : new RowState(0, ChangeKind.Update, 0, 0, 0, 0, -1, null);

    /// <summary>A random existing row not yet touched by this call (and not archived, when archiving).</summary>
    private static int PickRow(TableGenerator gen, Call call, bool requireUnarchived)
    {
        var count = gen.State.CurrentCount;
        for (var attempt = 0; attempt < MaxPicks; attempt++)
        {
            var index = call.Rng.Int(count);
            if (call.Touched.Contains((gen.Spec.Ordinal, index)) || (index < gen.BaseCount && !gen.Exists(index)))
            {
                continue;
            }

            if (requireUnarchived && gen.IsArchived(gen.Row(index, call.Version)))
            {
                continue;
            }

            call.Touched.Add((gen.Spec.Ordinal, index));
            return index;
        }
        return -1;
    }
}
