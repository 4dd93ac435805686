using AshbyEmulator.Data.Generators;
using static AshbyEmulator.Data.ListParams;
using static AshbyEmulator.Data.Paging;

namespace AshbyEmulator.Data;

/// <summary>
/// The emulator's tables, one row each, named after the connector's streams. A row's position is its
/// ordinal (part of ids, row hashes and cursors), so new tables go at the end. Shapes, parameters and
/// quirks follow Ashby's API docs (https://developers.ashbyhq.com/reference).
/// </summary>
internal static class Tables
{
    private static readonly Permission Candidates = Permission.Candidates, Jobs = Permission.Jobs, Interviews = Permission.Interviews,
        Metadata = Permission.Metadata, Organization = Permission.Organization, Offers = Permission.Offers;

    public static readonly IReadOnlyList<TableSpec> All = Numbered(
    [
        //  stream                 endpoint                  permission    paging              accepts                                                size                                    generator
        new("candidates",          "candidate.list",         Candidates,   CursorAndSyncToken, CreatedAfter,                                          s => s.Candidates,                      GeneratorFactory.Of((d, t) => new CandidatesTable(d, t))),
        new("applications",        "application.list",       Candidates,   CursorAndSyncToken, CreatedAfter | ApplicationFilters,                     s => s.Candidates + (s.Candidates / 5), GeneratorFactory.Of((d, t) => new ApplicationsTable(d, t))),
        new("jobs",                "job.list",               Jobs,         CursorAndSyncToken, CreatedAfter | JobFilters | IncludeUnpublishedJobPostingsIds, s => s.Jobs,                   GeneratorFactory.Of((d, t) => new JobsTable(d, t))),
        new("job_postings",        "jobPosting.list",        Jobs,         Snapshot,           PostingFilters,                                        s => s.Jobs * 7 / 10,                   GeneratorFactory.Of((d, t) => new JobPostingsTable(d, t))),
        new("offers",              "offer.list",             Offers,       CursorAndSyncToken, CreatedAfter | OfferFilters,                           s => s.Candidates / 20,                 GeneratorFactory.Of((d, t) => new OffersTable(d, t))),
        new("interviews",          "interview.list",         Interviews,   CursorAndSyncToken, IncludeArchived | IncludeNonSharedInterviews,          s => Math.Max(20, s.Jobs / 2),          GeneratorFactory.Of((d, t) => new InterviewsTable(d, t))),
        new("interview_schedules", "interviewSchedule.list", Interviews,   CursorAndSyncToken, CreatedAfter | ScheduleFilters,                        s => s.Candidates / 2,                  GeneratorFactory.Of((d, t) => new InterviewSchedulesTable(d, t))),
        new("users",               "user.list",              Organization, CursorAndSyncToken, IncludeDeactivated,                                    s => Math.Max(10, s.Candidates / 100),  GeneratorFactory.Of((d, t) => new UsersTable(d, t))),
        new("departments",         "department.list",        Organization, CursorAndSyncToken, IncludeArchived,                                       s => Math.Clamp(s.Jobs / 5, 8, 60),     GeneratorFactory.Of((d, t) => new DepartmentsTable(d, t))),
        new("locations",           "location.list",          Organization, CursorAndSyncToken, IncludeArchived | IncludeLocationHierarchy,            s => Math.Clamp(s.Jobs / 5, 8, 60),     GeneratorFactory.Of((d, t) => new LocationsTable(d, t))),
        new("sources",             "source.list",            Metadata,     Snapshot,           IncludeArchived,                                       _ => 25,                                GeneratorFactory.Of((d, t) => new SourcesTable(d, t))) { Quirks = Quirks.SnapshotReportsMoreData },
        new("archive_reasons",     "archiveReason.list",     Metadata,     Snapshot,           IncludeArchived,                                       _ => 12,                                GeneratorFactory.Of((d, t) => new ArchiveReasonsTable(d, t))),
        new("candidate_tags",      "candidateTag.list",      Metadata,     CursorAndSyncToken, IncludeArchived,                                       _ => 40,                                GeneratorFactory.Of((d, t) => new CandidateTagsTable(d, t))),
        new("custom_fields",       "customField.list",       Metadata,     CursorAndSyncToken, IncludeArchived,                                       _ => 30,                                GeneratorFactory.Of((d, t) => new CustomFieldsTable(d, t))),
        new("openings",            "opening.list",           Jobs,         CursorAndSyncToken, CreatedAfter,                                          s => s.Jobs * 6 / 5,                    GeneratorFactory.Of((d, t) => new OpeningsTable(d, t))) { Quirks = Quirks.CursorOnLastPage },
        new("projects",            "project.list",           Candidates,   CursorAndSyncToken, CreatedAfter,                                          s => Math.Max(5, s.Candidates / 200),   GeneratorFactory.Of((d, t) => new ProjectsTable(d, t))) { Quirks = Quirks.CursorOnLastPage },
    ]);

    /// <summary>Gives each row its position as ordinal.</summary>
    public static IReadOnlyList<TableSpec> Numbered(IEnumerable<TableSpec> tables) =>
        [.. tables.Select((table, i) => table with { Ordinal = i })];
}

/// <summary>The row of the table generated by <typeparamref name="T"/>: lets generators find each other by type, once.</summary>
internal static class TableOf<T>
    where T : TableGenerator
{
    public static readonly TableSpec Spec = Tables.All.Single(t => t.Generator.Type == typeof(T));
}
