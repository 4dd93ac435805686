using System.Globalization;
using System.Text.Json.Nodes;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>Section 3: all 16 streams against an emulator with per-request latency, under the default budget.</summary>
internal sealed partial class Bench
{
    private const int LatencyBudget = 600;

    /// <summary>Above this, the max_concurrent_streams 1 comparison runs at a smaller scale.</summary>
    private static readonly TimeSpan LongestComparison = TimeSpan.FromMinutes(15);

    private sealed record LatencyRun(int Scale, int Streams, double Wall, long Requests, string LongestStream, long LongestPages, long Records, double BudgetBound, double LatencyBound)
    {
        public double Bound => Math.Max(BudgetBound, LatencyBound);
    }

    /// <summary>A big table is read at the request budget's pace, not at one request's latency per page.</summary>
    private const double LatencyTarget = 1.1;

    private async Task LatencyAsync()
    {
        var scale = options.LatencyScale;
        var latency = options.LatencyMs;
        var runs = new List<LatencyRun>();
        LatencyRun four;
        int compareScale;
        await using (var emulator = await EmulatorProcess.StartAsync(scale, latency))
        {
            await DiscoverAsync(emulator);
            four = await LatencyRunAsync(emulator, 4);
            runs.Add(four);

            // One stream at a time needs every page's latency in a row.
            var estimate = TimeSpan.FromSeconds(four.Requests * (latency / 1000.0) * 1.03);
            compareScale = options.CompareScale ?? (estimate > LongestComparison ? scale / 2 : scale);
            if (compareScale == scale)
            {
                runs.Add(await LatencyRunAsync(emulator, 1));
            }
            else
            {
                Progress($"latency: a max_concurrent_streams 1 run at {Scale(scale)} would take about {Duration(estimate)}; comparing at {Scale(compareScale)}");
            }
        }

        if (compareScale != scale)
        {
            await using var smaller = await EmulatorProcess.StartAsync(compareScale, latency);
            runs.Add(await LatencyRunAsync(smaller, 4));
            runs.Add(await LatencyRunAsync(smaller, 1));
        }

        _sections.Line("## 3. Latency-bound sync").Line();
        _sections.Line($"All 16 streams (full refresh) from an emulator that adds {latency} ms to every request, with the default budget")
            .Line($"`requests_per_minute: {LatencyBudget}`. The lower bound of a run is max(total requests / budget, the longest stream's pages × latency):")
            .Line("no schedule can beat the budget, and one stream's pages follow each other, except that a full pass of `candidates` or `applications`")
            .Line($"reads creation-time windows {WindowsInFlight} at once, so about a {WindowsInFlight}th of its pages follow each other (the pages column shows all of")
            .Line("them). Requests are counted by the emulator (`/_admin/stats`).")
            .Line("For `max_concurrent_streams: 1` the latency bound is the latency of every page that waits for another, stream after stream.")
            .Line();
        _sections.Table([">candidates", ">max_concurrent_streams", ">requests", "longest stream", ">records", ">budget bound s", ">latency bound s", ">wall s", ">wall / bound", ">wall / budget bound"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                Scale(r.Scale),
                r.Streams.ToString(CultureInfo.InvariantCulture),
                F0(r.Requests),
                $"{r.LongestStream} ({F0(r.LongestPages)} pages)",
                F0(r.Records),
                F1(r.BudgetBound),
                F1(r.LatencyBound),
                F1(r.Wall),
                Ratio(r.Wall / r.Bound),
                Ratio(r.Wall / r.BudgetBound),
            ]));

        var compareFour = runs.Last(r => r.Streams == 4);
        var one = runs.Single(r => r.Streams == 1);
        var speedUp = one.Wall / compareFour.Wall;
        var smallerNote = compareScale != scale
            ? $" (measured at {Scale(compareScale)} candidates, not {Scale(scale)}: one stream at a time at {Scale(scale)} would take over {LongestComparison.TotalMinutes:0} minutes)"
            : string.Empty;
        _sections.Line($"Speed-up of `max_concurrent_streams: 4` over `1`: {F1(one.Wall)} s / {F1(compareFour.Wall)} s = **{Ratio(speedUp)}**{smallerNote}.").Line();

        _targets.Add(new TargetRow("3", $"latency-bound sync, 16 streams at {Scale(scale)}, {latency} ms, {LatencyBudget}/min, 4 streams", $"wall ≤ {LatencyTarget:0.0} × budget bound",
            $"{F1(four.Wall)} s vs budget bound {F1(four.BudgetBound)} s = {Ratio(four.Wall / four.BudgetBound)}; speed-up over 1 stream at a time {Ratio(speedUp)}{(compareScale != scale ? $" (at {Scale(compareScale)})" : string.Empty)}",
            four.Wall <= LatencyTarget * four.BudgetBound));
    }

    private async Task<LatencyRun> LatencyRunAsync(EmulatorProcess emulator, int streams)
    {
        Progress($"latency: {Scale(emulator.Scale)} candidates, {emulator.LatencyMs} ms, max_concurrent_streams {streams}");
        var config = WriteConfig(emulator.Url, LatencyBudget, streams);
        var catalog = WriteCatalog(IsBenchmarked, incremental: false);
        await emulator.Admin.ResetStatsAsync();
        var result = await ReadAsync(_connector, config, catalog);
        var stats = await emulator.Admin.StatsAsync();
        var requests = stats["requests"]!.GetValue<long>();
        var byEndpoint = stats["byEndpoint"]!.AsObject().Select(p => (Endpoint: p.Key, Count: p.Value!.GetValue<long>())).ToList();
        var longest = byEndpoint.MaxBy(e => SequentialPages(e.Endpoint, e.Count));
        var latency = emulator.LatencyMs / 1000.0;
        var budgetBound = requests * 60.0 / LatencyBudget;
        var latencyBound = (streams == 1 ? byEndpoint.Sum(e => SequentialPages(e.Endpoint, e.Count)) : SequentialPages(longest.Endpoint, longest.Count)) * latency;
        Progress($"  wall {F1(result.Wall.TotalSeconds)} s, {requests} requests, longest {longest.Endpoint} {longest.Count}, bound {F1(Math.Max(budgetBound, latencyBound))} s");
        return new LatencyRun(emulator.Scale, streams, result.Wall.TotalSeconds, requests, StreamOf(longest.Endpoint), longest.Count, result.Output.Records, budgetBound, latencyBound);
    }

    /// <summary>
    /// The connector reads a full pass of these endpoints as creation-time windows, this many at once
    /// (WindowedPass.InFlight in src/AshbySource/Streams), so only about pages ÷ that many of them follow each other.
    /// </summary>
    private static readonly string[] WindowedEndpoints = ["candidate.list", "application.list"];

    private const int WindowsInFlight = 8;

    /// <summary>The pages of an endpoint that wait for each other: all of them, or for a windowed pass about a window's share.</summary>
    private static long SequentialPages(string endpoint, long pages) =>
        WindowedEndpoints.Contains(endpoint) ? (pages + WindowsInFlight - 1) / WindowsInFlight : pages;

    /// <summary>The stream an endpoint serves (the README's stream table).</summary>
    private static string StreamOf(string endpoint) => Endpoints.FirstOrDefault(e => e.Endpoint == endpoint).Stream ?? endpoint;

    private static readonly (string Stream, string Endpoint)[] Endpoints =
    [
        ("candidates", "candidate.list"), ("applications", "application.list"), ("jobs", "job.list"), ("job_postings", "jobPosting.list"),
        ("offers", "offer.list"), ("interviews", "interview.list"), ("interview_schedules", "interviewSchedule.list"), ("users", "user.list"),
        ("departments", "department.list"), ("locations", "location.list"), ("sources", "source.list"), ("archive_reasons", "archiveReason.list"),
        ("candidate_tags", "candidateTag.list"), ("custom_fields", "customField.list"), ("openings", "opening.list"), ("projects", "project.list"),
    ];

    private static bool IsBenchmarked(string stream) => Endpoints.Any(e => e.Stream == stream);

    private static string EndpointOf(string stream) => Endpoints.Single(e => e.Stream == stream).Endpoint;

    private static long Count(JsonObject byEndpoint, string endpoint) => byEndpoint[endpoint]?.GetValue<long>() ?? 0;
}
