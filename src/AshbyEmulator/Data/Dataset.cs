using AshbyEmulator.Data.Generators;

namespace AshbyEmulator.Data;

/// <summary>
/// The whole synthetic Ashby organisation: sizes, per-table overlays, the global version counter and one
/// generator per table. Nothing here is proportional to the number of rows.
/// </summary>
internal sealed class Dataset
{
    private readonly TableState[] _states;
    private readonly TableGenerator[] _generators;
    private long _version;

    public Dataset(ulong seed, int scale)
    {
        Seed = Hashing.Mix(seed ^ 0xA5B1_0000_0000_0000UL);
        Scale = scale;
        Sizes = TableSizes.For(scale);
        _states = [.. Tables.All.Select(t => new TableState(Sizes[t]))];
        // Construction order follows constructor-time dependencies (jobs precompute from departments).
        Users = new UsersTable(this);
        Departments = new DepartmentsTable(this);
        Locations = new LocationsTable(this);
        Sources = new SourcesTable(this);
        ArchiveReasons = new ArchiveReasonsTable(this);
        CandidateTags = new CandidateTagsTable(this);
        CustomFields = new CustomFieldsTable(this);
        Jobs = new JobsTable(this);
        JobPostings = new JobPostingsTable(this);
        Openings = new OpeningsTable(this);
        Interviews = new InterviewsTable(this);
        Projects = new ProjectsTable(this);
        Candidates = new CandidatesTable(this);
        Applications = new ApplicationsTable(this);
        Offers = new OffersTable(this);
        InterviewSchedules = new InterviewSchedulesTable(this);
        _generators =
        [
            Candidates, Applications, Jobs, JobPostings, Offers, Interviews, InterviewSchedules, Users, Departments,
            Locations, Sources, ArchiveReasons, CandidateTags, CustomFields, Openings, Projects,
        ];
        for (var i = 0; i < _generators.Length; i++)
        {
            if (_generators[i].Table != (TableId)i)
                throw new InvalidOperationException("Generator order does not match TableId.");
        }
    }

    /// <summary>The data seed (mixed from <c>--seed</c>).</summary>
    public ulong Seed { get; }

    public int Scale { get; }

    public TableSizes Sizes { get; }

    /// <summary>The latest published version; a pass started now sees exactly the changes up to it.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Held by the mutator while it appends changes; readers never take it.</summary>
    internal Lock MutationLock { get; } = new();

    internal void Publish(long version) => Volatile.Write(ref _version, version);

    public TableState State(TableId table) => _states[(int)table];

    public TableGenerator Generator(TableId table) => _generators[(int)table];

    public CandidatesTable Candidates { get; }

    public ApplicationsTable Applications { get; }

    public JobsTable Jobs { get; }

    public JobPostingsTable JobPostings { get; }

    public OffersTable Offers { get; }

    public InterviewsTable Interviews { get; }

    public InterviewSchedulesTable InterviewSchedules { get; }

    public UsersTable Users { get; }

    public DepartmentsTable Departments { get; }

    public LocationsTable Locations { get; }

    public SourcesTable Sources { get; }

    public ArchiveReasonsTable ArchiveReasons { get; }

    public CandidateTagsTable CandidateTags { get; }

    public CustomFieldsTable CustomFields { get; }

    public OpeningsTable Openings { get; }

    public ProjectsTable Projects { get; }
}
