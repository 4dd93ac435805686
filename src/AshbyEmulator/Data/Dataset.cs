namespace AshbyEmulator.Data;

/// <summary>
/// The whole synthetic Ashby organisation: per-table overlays, the global version counter and one generator
/// per row of <see cref="Tables.All"/>. Nothing here is proportional to the number of rows.
/// </summary>
internal sealed class Dataset
{
    private readonly TableState[] _states;
    private readonly TableGenerator?[] _generators;
    private readonly bool[] _building;
    private readonly Dictionary<string, TableSpec> _byStream;
    private long _version;

    /// <param name="seed">The <c>--seed</c>.</param>
    /// <param name="scale">The <c>--scale</c> (number of candidates).</param>
    /// <param name="extraTables">Tables appended after <see cref="Tables.All"/> (tests use this for test-only tables).</param>
    /// <param name="realistic">The <c>--realistic</c> mode (see <see cref="Realistic"/>).</param>
    public Dataset(ulong seed, int scale, IEnumerable<TableSpec>? extraTables = null, bool realistic = false)
    {
        Seed = Hashing.Mix(seed ^ 0xA5B1_0000_0000_0000UL);
        Scale = scale;
        Realistic = realistic;
        All = Tables.Numbered(Tables.All.Concat(extraTables ?? []));
        _byStream = All.ToDictionary(t => t.Stream, StringComparer.Ordinal);
        _states = [.. All.Select(t => new TableState(t.BaseRows(scale)))];
        _generators = new TableGenerator?[All.Count];
        _building = new bool[All.Count];
        foreach (var table in All)
        {
            Generator(table);
        }
    }

    /// <summary>The data seed (mixed from <c>--seed</c>).</summary>
    public ulong Seed { get; }

    public int Scale { get; }

    /// <summary>
    /// The <c>--realistic</c> mode. The data differs in one way only: a job's postings on several boards share one id
    /// (job_postings), as real Ashby lists them; rows, counts and changes are the same.
    /// </summary>
    public bool Realistic { get; }

    /// <summary>Every table, in ordinal order.</summary>
    public IReadOnlyList<TableSpec> All { get; }

    /// <summary>The latest published version; a pass started now sees exactly the changes up to it.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Held by the mutator while it appends changes; readers never take it.</summary>
    internal Lock MutationLock { get; } = new();

    internal void Publish(long version) => Volatile.Write(ref _version, version);

    public TableState State(TableSpec table) => _states[table.Ordinal];

    public bool TryFind(string? stream, out TableSpec table) => _byStream.TryGetValue(stream ?? "", out table!);

    public TableSpec Table(string stream) => _byStream[stream];

    /// <summary>
    /// The generator of a table. Generators are built on first use, so one that reads another table in its
    /// constructor (jobs precompute from departments) gets it built first, whatever the row order.
    /// </summary>
    public TableGenerator Generator(TableSpec table)
    {
        if (_generators[table.Ordinal] is { } built)
        {
            return built;
        }
        if (_building[table.Ordinal])
        {
            throw new InvalidOperationException($"The generators of {table.Stream} depend on each other in their constructors.");
        }
        _building[table.Ordinal] = true;
        return _generators[table.Ordinal] = table.Generator.Create(this, table);
    }

    /// <summary>The generator of type <typeparamref name="T"/>, for generators that embed or refer to other tables.</summary>
    public T Get<T>()
        where T : TableGenerator => (T)Generator(TableOf<T>.Spec);
}
