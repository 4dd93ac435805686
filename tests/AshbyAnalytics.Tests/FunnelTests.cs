using System.Globalization;
using static AshbyAnalytics.Tests.Figures;

namespace AshbyAnalytics.Tests;

/// <summary>
/// analytics/funnel.sql against the same funnel counted in C# from the synced records: per cohort (completed
/// considerations, or all), overall and per job, department and source, every step's reach, conversion and median
/// days.
/// </summary>
public sealed class FunnelTests(SyncedWarehouse warehouse) : SyncedWarehouseTests
{
    private const string FunnelRows = "select * from analytics.funnel";

    [Fact]
    public void ReachConversionAndMedianDays_OfEveryStep_MatchTheApplicationsHistories()
    {
        var expected = ExpectedFunnel();

        var actual = Of(warehouse, FunnelRows, row => Key((string)row["cohort"]!, (string)row["breakdown"]!, (string?)row["breakdown_id"], (long)row["stage_group_order"]!),
            "breakdown_name", "stage_group_id", "stage_group_title", "stage_group_type", "applications_reached", "conversion_from_previous", "median_days_in_stage", "applications_timed");

        actual.ShouldMatch(expected, "funnel steps");
        actual.Keys.Should().Contain(k => k.StartsWith("completed/job/", StringComparison.Ordinal) && k.EndsWith("/4", StringComparison.Ordinal), "some job hired someone");
    }

    [Fact]
    public void TheCompletedFunnel_StartsWithEveryHiredOrArchivedApplicationOfTheJob_AndEndsWithItsHires()
    {
        // A second road: the applications' status, not their stage history.
        var steps = warehouse.Rows("interview_stage_groups").Where(g => At(g, "stageType") != "Archived").Select(g => int.Parse(At(g, "order")!, CultureInfo.InvariantCulture)).Order().ToList();
        var (first, hired) = (steps[0], steps[^1]);
        var expected = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var job in warehouse.Rows("applications").GroupBy(a => At(a, "job.id")))
        {
            var completed = job.Count(a => At(a, "status") is "Hired" or "Archived");
            var hires = job.Count(a => At(a, "status") == "Hired");
            // A step nobody reached has no row.
            if (completed > 0)
            {
                expected[Key("completed", "job", job.Key, first)] = [(long)completed];
            }

            expected[Key("all", "job", job.Key, first)] = [(long)job.Count()];
            if (hires > 0)
            {
                expected[Key("completed", "job", job.Key, hired)] = [(long)hires];
                expected[Key("all", "job", job.Key, hired)] = [(long)hires];
            }
        }

        var actual = Of(warehouse, $"select * from analytics.funnel where breakdown = 'job' and stage_group_order in ({first}, {hired})",
            row => Key((string)row["cohort"]!, "job", (string?)row["breakdown_id"], (long)row["stage_group_order"]!), "applications_reached");

        actual.ShouldMatch(expected, "cohort sizes and hires per job");
    }

    private static string Key(string cohort, string breakdown, string? id, long stepOrder) => $"{cohort}/{breakdown}/{id ?? "-"}/{stepOrder}";

    /// <summary>
    /// The funnel's definition, counted here: steps are the stage groups but Archived, in order; an application
    /// reached every step up to the furthest group it entered; its days in a step are the days of that group's
    /// stages once it has left them all.
    /// </summary>
    private Dictionary<string, object?[]> ExpectedFunnel()
    {
        var groups = warehouse.Records["interview_stage_groups"];
        var stageGroup = warehouse.Rows("interview_stages").ToDictionary(s => At(s, "id")!, s => groups[At(s, "interviewStageGroupId")!]);
        var steps = groups.Values.Where(g => At(g, "stageType") != "Archived").OrderBy(g => int.Parse(At(g, "order")!, CultureInfo.InvariantCulture)).ToList();
        var history = warehouse.Rows("application_history").ToLookup(h => At(h, "applicationId"));
        var jobs = warehouse.Records["jobs"];
        var departments = warehouse.Records["departments"];
        var sources = warehouse.Records["sources"];

        // (cohort, breakdown, id, name) → per step order: applications reached, days of those who left it.
        var tallies = new Dictionary<(string Cohort, string Breakdown, string? Id, string Name), SortedDictionary<int, (int Reached, List<double> Days)>>();
        foreach (var application in warehouse.Rows("applications"))
        {
            var rows = history[At(application, "id")].ToList();
            var entered = rows.Select(h => stageGroup[At(h, "stageId")!]).Where(g => At(g, "stageType") != "Archived").ToList();
            if (entered.Count == 0)
            {
                continue;
            }

            var furthest = entered.Max(g => int.Parse(At(g, "order")!, CultureInfo.InvariantCulture));
            var daysInGroup = rows.GroupBy(h => At(stageGroup[At(h, "stageId")!], "id")!)
                .Where(g => g.All(h => At(h, "leftStageAt") is not null))
                .ToDictionary(g => g.Key, g => g.Sum(h => Days(Time(h, "enteredStageAt")!.Value, Time(h, "leftStageAt")!.Value)));

            var job = jobs.GetValueOrDefault(At(application, "job.id") ?? string.Empty);
            var department = departments.GetValueOrDefault(At(job, "departmentId") ?? At(application, "job.departmentId") ?? string.Empty);
            var sourceId = At(application, "source.id");
            var source = sources.GetValueOrDefault(sourceId ?? string.Empty);
            (string, string?, string)[] breakdowns =
            [
                ("all", null, "All applications"),
                ("job", At(application, "job.id"), At(job, "title") ?? At(application, "job.title") ?? "(none)"),
                ("department", At(department, "id"), At(department, "name") ?? "(none)"),
                ("source", sourceId, At(source, "title") ?? At(application, "source.title") ?? "(none)"),
            ];
            var cohorts = At(application, "status") is "Hired" or "Archived" ? new[] { "completed", "all" } : ["all"];
            foreach (var cohort in cohorts)
            {
                foreach (var (breakdown, id, name) in breakdowns)
                {
                    var tally = tallies.TryGetValue((cohort, breakdown, id, name), out var t) ? t : tallies[(cohort, breakdown, id, name)] = [];
                    foreach (var step in steps.Where(s => int.Parse(At(s, "order")!, CultureInfo.InvariantCulture) <= furthest))
                    {
                        var order = int.Parse(At(step, "order")!, CultureInfo.InvariantCulture);
                        var (reached, days) = tally.TryGetValue(order, out var counted) ? counted : (0, new List<double>());
                        if (daysInGroup.TryGetValue(At(step, "id")!, out var d))
                        {
                            days.Add(d);
                        }

                        tally[order] = (reached + 1, days);
                    }
                }
            }
        }

        var expected = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var ((cohort, breakdown, id, name), tally) in tallies)
        {
            int? previous = null;
            foreach (var (order, (reached, days)) in tally)
            {
                var step = steps.Single(s => At(s, "order") == order.ToString(CultureInfo.InvariantCulture));
                expected.Add(Key(cohort, breakdown, id, order),
                [
                    name, At(step, "id"), At(step, "title"), At(step, "stageType"), (long)reached,
                    previous is { } p ? (double)reached / p : null, Median(days), (long)days.Count,
                ]);
                previous = reached;
            }
        }

        return expected;
    }
}
