using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>
/// Section 6: a child stream's fan-out. application_history reads application.listHistory once per application
/// (the parent pass is application.list), so a full refresh costs about one request per application and its
/// pace is the request budget's; an incremental sync re-reads only the children of the applications in the
/// parent's sync-token delta.
/// </summary>
internal sealed partial class Bench
{
    private const string FanOutStream = "application_history";
    private const string ParentStream = "applications";
    private const string ParentEndpoint = "application.list";
    private const string ChildEndpoint = "application.listHistory";

    /// <summary>
    /// The fan-out runs' budget. The connector reads 32 parents' children at once (ChildFanOut.Window in
    /// src/AshbySource/Streams); at 300 ms a request that carries at most 6,400 requests a minute, so 4,800 leaves
    /// the latency a third of headroom and the budget, not the latency, sets the pace, as at Ashby's 1,000 a minute.
    /// </summary>
    private const int FanOutBudget = 4_800;

    private const double TargetWallRatio = 1.15;
    private const double TargetRequestRatio = 1.05;

    private sealed record FanOutRun(int Applications, string Sync, long Requests, long ParentRequests, long Records, string RecordCheck, bool RecordsOk, double Wall)
    {
        public double BudgetBound => Requests * 60.0 / FanOutBudget;
    }

    private sealed record ChildDelta(int Applications, long ChangedParents, long ChangedRows, RefreshSlice Slice, long Requests, long ParentRequests, long Records, int ChangedRowsSynced, double Wall)
    {
        /// <summary>A delta's last page carries the new sync token, so the parent pass needs max(1, ⌈changed / page size⌉) pages.</summary>
        public long DeltaPages => Math.Max(1, (ChangedParents + PageSize - 1) / PageSize);

        /// <summary>The issue's bound: parent delta pages + changed parents + the rolling refresh slice's parents + the pages that list them.</summary>
        public long Minimum => ChangedParents + DeltaPages + Slice.Parents + Slice.Pages;

        public bool AllChangedRowsSynced => ChangedRowsSynced == ChangedRows;
    }

    /// <summary>The parents of a sync's rolling refresh slice and the pages that listed them, as the connector's end-of-stream LOG reports them.</summary>
    private sealed record RefreshSlice(long Parents, long Pages)
    {
        public static RefreshSlice Of(IEnumerable<string> logs)
        {
            var slices = logs.Select(l => RefreshLine().Match(l)).Where(m => m.Success).ToList();
            return new RefreshSlice(slices.Sum(m => long.Parse(m.Groups["parents"].Value, CultureInfo.InvariantCulture)),
                slices.Sum(m => long.Parse(m.Groups["pages"].Value, CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex(@"rolling refresh.*: children of (?<parents>\d+)( of \d+ listed)? \w+ rows read \(\d+ gone\) with \d+ requests, from (?<pages>\d+) pages")]
    private static partial Regex RefreshLine();

    private async Task FanOutAsync()
    {
        var latency = options.LatencyMs;
        var runs = new List<FanOutRun>();
        var deltas = new List<ChildDelta>();
        foreach (var applications in options.FanOutApplications)
        {
            // The emulator makes candidates + candidates / 5 applications (src/AshbyEmulator/Data/Tables.cs).
            var scale = (int)Math.Ceiling(applications * 5 / 6.0);
            Progress($"fanout: emulator at {Scale(scale)} candidates, {latency} ms");
            await using var emulator = await EmulatorProcess.StartAsync(scale, latency);
            await DiscoverAsync(emulator);
            if (!_discovered.Any(s => (string?)s?["name"] == FanOutStream))
            {
                throw new InvalidOperationException($"the connector's discover lists no {FanOutStream} stream, so there is no fan-out to measure");
            }

            var parents = (await emulator.Admin.IdsAsync(ParentStream)).Count;
            var config = WriteConfig(emulator.Url, FanOutBudget, 4);
            var fullCatalog = WriteCatalog(s => s == FanOutStream, incremental: false);
            var incrementalCatalog = WriteCatalog(s => s == FanOutStream, incremental: true);

            // 1. Full refresh: every application's history; the emulator says how many history rows exist.
            Progress($"fanout: full refresh of {FanOutStream} over {F0(parents)} applications");
            var full = await FanOutReadAsync(emulator, config, fullCatalog);
            var historyRows = (await emulator.Admin.IdsAsync(FanOutStream)).Count;
            runs.Add(MeasuredRun(parents, "full refresh", full, historyRows));

            // 2. The first incremental sync, from no state: a full fan-out that leaves the parent's sync token.
            Progress("fanout: first incremental sync (no state)");
            var first = await FanOutReadAsync(emulator, config, incrementalCatalog);
            runs.Add(MeasuredRun(parents, "incremental, no state", first, historyRows));
            if (first.Result.Output.LastStates.GetValueOrDefault(FanOutStream) is null)
            {
                throw new InvalidOperationException($"the first incremental sync left no state for {FanOutStream}");
            }

            var state = WriteState(first.Result.Output.LastStates);

            // 3. Update 1% of the applications: an update moves a lead or an active application one stage on,
            //    which adds a history row (and sets the previous last row's leftStageAt).
            var mutation = await emulator.Admin.MutateAsync(new { table = ParentStream, update = Math.Max(1, parents / 100) });
            var changed = EmulatorAdmin.ChangedIds(mutation);
            var changedParents = changed.GetValueOrDefault(ParentStream)?.Count ?? 0;
            var changedRows = changed.GetValueOrDefault(FanOutStream) ?? [];

            // 4. The incremental sync after the change, keeping every record id to find the changed rows.
            Progress($"fanout: incremental sync after {F0(changedParents)} applications moved");
            var synced = new HashSet<string>(StringComparer.Ordinal);
            var second = await FanOutReadAsync(emulator, config, incrementalCatalog, state, new OutputScanner { RecordIds = synced });
            runs.Add(MeasuredRun(parents, "incremental, after 1% moved", second, historyRows: null));
            deltas.Add(new ChildDelta(parents, changedParents, changedRows.Count, RefreshSlice.Of(second.Result.Output.Logs), second.Requests, second.ParentRequests, second.Result.Output.Records,
                changedRows.Count(synced.Contains), second.Result.Wall.TotalSeconds));
        }

        WriteFanOutSection(latency, runs, deltas);
    }

    private static FanOutRun MeasuredRun(int applications, string sync, (ChildResult Result, long Requests, long ParentRequests) read, int? historyRows)
    {
        var records = read.Result.Output.Records;
        var check = historyRows is { } expected ? $"{(records == expected ? "=" : "≠")} {F0(expected)} emulator ids" : "see below";
        Progress($"  {sync}: wall {F1(read.Result.Wall.TotalSeconds)} s, {F0(read.Requests)} requests, {F0(records)} records");
        return new FanOutRun(applications, sync, read.Requests, read.ParentRequests, records, check, historyRows is null || records == historyRows, read.Result.Wall.TotalSeconds);
    }

    /// <summary>Runs one sync and counts its requests at the emulator: all of them, and the parent pass's.</summary>
    private async Task<(ChildResult Result, long Requests, long ParentRequests)> FanOutReadAsync(
        EmulatorProcess emulator, string config, string catalog, string? state = null, OutputScanner? scanner = null)
    {
        await emulator.Admin.ResetStatsAsync();
        var result = await ReadAsync(_connector, config, catalog, state, scanner);
        var stats = await emulator.Admin.StatsAsync();
        return (result, stats["requests"]!.GetValue<long>(), Count(stats["byEndpoint"]!.AsObject(), ParentEndpoint));
    }

    private void WriteFanOutSection(int latency, List<FanOutRun> runs, List<ChildDelta> deltas)
    {
        _sections.Line("## 6. Child-stream fan-out").Line();
        _sections.Line($"`{FanOutStream}` alone ({ChildEndpoint} once per application, after the {ParentEndpoint} pass) from an emulator that adds")
            .Line($"{latency} ms to every request, with `requests_per_minute: {F0(FanOutBudget)}` (the connector reads 32 applications' history at once, which at")
            .Line($"{latency} ms carries about 6,400 requests a minute, so the budget is what binds). The budget bound of a sync is its requests ÷ budget.")
            .Line("Requests are counted by the emulator (`/_admin/stats`); records are RECORD messages, checked against the emulator's")
            .Line($"`/_admin/ids?table={FanOutStream}`. A small sync's wall time is start-up and a few requests' latency in a row, not the budget,")
            .Line("so its ratio to the budget bound says little.")
            .Line();
        _sections.Table([">applications", "sync", $">requests", $">of which {ParentEndpoint}", ">records", "records check", ">budget bound s", ">wall s", ">wall / budget bound"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                Scale(r.Applications), r.Sync, F0(r.Requests), F0(r.ParentRequests), F0(r.Records), r.RecordCheck,
                F1(r.BudgetBound), F1(r.Wall), Ratio(r.Wall / r.BudgetBound),
            ]));

        _sections.Line($"Incremental: after the first incremental sync, `POST /_admin/mutate {{\"table\":\"{ParentStream}\",\"update\":n}}` with n = 1% of the")
            .Line("applications (an update moves a lead, or an active application short of an offer, one stage on: a new history row; the others")
            .Line("change without moving), then an incremental sync from the first one's state. Changed parents are the applications the mutate call")
            .Line($"names; the minimum is the changed parents' history (one page each) plus the parent delta's pages, max(1, ⌈changed / {PageSize}⌉), plus")
            .Line("the rolling refresh's slice (at least one page of parents a sync with the default `child_refresh_days: 7`): its parents' history and")
            .Line("the pages that listed them, as the connector's end-of-stream LOG reports them.")
            .Line("Changed history rows are those the mutate call names; each must be synced.")
            .Line();
        _sections.Table([">applications", ">changed parents", ">changed history rows", ">parent delta pages", ">refresh slice parents + pages", ">minimum requests", ">requests", $">of which {ParentEndpoint}", ">requests / minimum", ">records", ">changed rows synced", ">wall s"],
            deltas.Select(d => (IReadOnlyList<string>)
            [
                Scale(d.Applications), F0(d.ChangedParents), F0(d.ChangedRows), F0(d.DeltaPages), $"{F0(d.Slice.Parents)} + {F0(d.Slice.Pages)}", F0(d.Minimum), F0(d.Requests), F0(d.ParentRequests),
                Ratio((double)d.Requests / d.Minimum), F0(d.Records), $"{F0(d.ChangedRowsSynced)} of {F0(d.ChangedRows)}", F1(d.Wall),
            ]));

        foreach (var full in runs.Where(r => r.Sync == "full refresh"))
        {
            var ratio = full.Wall / full.BudgetBound;
            _targets.Add(new TargetRow("6a", $"child fan-out, full refresh of {FanOutStream} over {Scale(full.Applications)} applications, {latency} ms, {F0(FanOutBudget)}/min",
                $"wall ≤ {TargetWallRatio:0.00} × budget bound; records = emulator ids",
                $"{F1(full.Wall)} s vs bound {F1(full.BudgetBound)} s ({F0(full.Requests)} requests) = {Ratio(ratio)}; {F0(full.Records)} records {full.RecordCheck}",
                ratio <= TargetWallRatio && full.RecordsOk));
        }

        foreach (var delta in deltas)
        {
            var ratio = (double)delta.Requests / delta.Minimum;
            _targets.Add(new TargetRow("6b", $"incremental child sync after 1% of {Scale(delta.Applications)} applications moved",
                $"requests ≤ {TargetRequestRatio:0.00} × (changed parents + parent delta pages + refresh slice parents + its pages); every changed row synced",
                $"{F0(delta.Requests)} vs {F0(delta.ChangedParents)} + {F0(delta.DeltaPages)} + {F0(delta.Slice.Parents)} + {F0(delta.Slice.Pages)} = {Ratio(ratio)}; {F0(delta.ChangedRowsSynced)} of {F0(delta.ChangedRows)} changed rows",
                ratio <= TargetRequestRatio && delta.AllChangedRowsSynced));
        }
    }
}
