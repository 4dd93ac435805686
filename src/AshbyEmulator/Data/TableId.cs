namespace AshbyEmulator.Data;

/// <summary>The 16 tables, named after the connector's streams.</summary>
internal enum TableId
{
    Candidates,
    Applications,
    Jobs,
    JobPostings,
    Offers,
    Interviews,
    InterviewSchedules,
    Users,
    Departments,
    Locations,
    Sources,
    ArchiveReasons,
    CandidateTags,
    CustomFields,
    Openings,
    Projects,
}

internal static class Tables
{
    public static readonly TableId[] All = Enum.GetValues<TableId>();

    private static readonly string[] StreamNames =
    [
        "candidates", "applications", "jobs", "job_postings", "offers", "interviews", "interview_schedules", "users",
        "departments", "locations", "sources", "archive_reasons", "candidate_tags", "custom_fields", "openings", "projects",
    ];

    public static string StreamName(this TableId table) => StreamNames[(int)table];

    public static bool TryParse(string? name, out TableId table)
    {
        var i = Array.IndexOf(StreamNames, name);
        table = i < 0 ? default : (TableId)i;
        return i >= 0;
    }
}

/// <summary>Base row counts. Everything derives from the number of candidates (<c>--scale</c>).</summary>
internal sealed class TableSizes
{
    private readonly int[] _counts = new int[Tables.All.Length];

    public int this[TableId table] => _counts[(int)table];

    public static TableSizes For(int scale)
    {
        var n = Math.Max(1, scale);
        var jobs = Math.Max(20, n / 50);
        var s = new TableSizes();
        void Set(TableId t, long v) => s._counts[(int)t] = (int)Math.Clamp(v, 1, int.MaxValue / 2);
        Set(TableId.Candidates, n);
        Set(TableId.Applications, n + (n / 5));
        Set(TableId.InterviewSchedules, Math.Max(1, n / 2));
        Set(TableId.Offers, Math.Max(1, n / 20));
        Set(TableId.Jobs, jobs);
        Set(TableId.JobPostings, Math.Max(1, jobs * 7 / 10));
        Set(TableId.Openings, jobs * 6 / 5);
        Set(TableId.Projects, Math.Max(5, n / 200));
        Set(TableId.Users, Math.Max(10, n / 100));
        Set(TableId.Departments, Math.Clamp(jobs / 5, 8, 60));
        Set(TableId.Locations, Math.Clamp(jobs / 5, 8, 60));
        Set(TableId.Sources, 25);
        Set(TableId.ArchiveReasons, 12);
        Set(TableId.CandidateTags, 40);
        Set(TableId.CustomFields, 30);
        Set(TableId.Interviews, Math.Max(20, jobs / 2));
        return s;
    }
}
