using System.Text.Json.Nodes;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>
/// Section 7: what the rolling refresh of child streams costs a day. After a first incremental sync (every parent's
/// children), a day of syncs hourly and a day of one daily sync, with nothing changed in Ashby: every request beyond
/// the empty deltas is the refresh's. The day passes on the state's clock (its refresh times moved back), not the wall's.
/// </summary>
internal sealed partial class Bench
{
    /// <summary>The child streams measured, one per large parent: applications and candidates.</summary>
    private static readonly (string Stream, string Parent, string ParentEndpoint, string ChildEndpoint)[] RefreshStreams =
    [
        ("application_history", "applications", "application.list", "application.listHistory"),
        ("candidate_notes", "candidates", "candidate.list", "candidate.listNotes"),
    ];

    /// <summary>The spec's default <c>child_refresh_days</c>, which the bench's configs leave to the connector.</summary>
    private static readonly int RefreshDays =
        JsonNode.Parse(RepoFiles.ReadText("src", "AshbySource", "Configuration", "spec.json"))!["connectionSpecification"]!["properties"]!["child_refresh_days"]!["default"]!.GetValue<int>();

    private const double TargetRefreshRatio = 1.1;

    /// <summary>A period of syncs of one stream at one interval: the refresh's requests summed over each day of it.</summary>
    private sealed record RefreshPeriod(string Stream, long Parents, string Interval, int SyncsADay, long[] ChildRequests, long[] ListingRequests, long DeltaRequests)
    {
        /// <summary>A day's share of a cycle: the parents' children once per period, and the pages that list them.</summary>
        public double Expected => (Parents + Math.Ceiling((double)Parents / PageSize)) / RefreshDays;

        public double AverageDay => Enumerable.Range(0, RefreshDays).Average(Day);

        public long LargestDay => Enumerable.Range(0, RefreshDays).Max(Day);

        public long SmallestDay => Enumerable.Range(0, RefreshDays).Min(Day);

        private long Day(int day) => ChildRequests[day] + ListingRequests[day];
    }

    private async Task RefreshAsync()
    {
        var scale = options.RefreshScale;
        Progress($"refresh: emulator at {Scale(scale)} candidates, no latency");
        await using var emulator = await EmulatorProcess.StartAsync(scale);
        await DiscoverAsync(emulator);
        var config = WriteConfig(emulator.Url, _budgetMaximum, RefreshStreams.Length);
        var catalog = WriteCatalog(s => RefreshStreams.Any(r => r.Stream == s), incremental: true);
        var parents = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, parent, _, _) in RefreshStreams)
        {
            parents[parent] = (await emulator.Admin.IdsAsync(parent)).Count;
        }

        Progress("refresh: first incremental sync (every parent's children)");
        var first = await ReadAsync(_connector, config, catalog);
        var periods = new List<RefreshPeriod>();
        foreach (var (label, syncsADay) in new[] { ("hourly", 24), ("daily", 1) })
        {
            Progress($"refresh: {RefreshDays} days of {label} syncs");
            var interval = TimeSpan.FromDays(1) / syncsADay;
            var states = first.Output.LastStates;
            var counts = RefreshStreams.ToDictionary(r => r.Stream, _ => (Child: new long[RefreshDays], Listing: new long[RefreshDays], Delta: 0L), StringComparer.Ordinal);
            for (var sync = 0; sync < RefreshDays * syncsADay; sync++)
            {
                await emulator.Admin.ResetStatsAsync();
                var result = await ReadAsync(_connector, config, catalog, WriteState(Earlier(states, interval)));
                states = result.Output.LastStates;
                var byEndpoint = (await emulator.Admin.StatsAsync())["byEndpoint"]!.AsObject();
                var day = sync / syncsADay;
                foreach (var (stream, _, parentEndpoint, childEndpoint) in RefreshStreams)
                {
                    // Each stream's delta is one page (nothing changed); the rest of its parent endpoint's requests list the slice.
                    var (child, listing, delta) = counts[stream];
                    child[day] += Count(byEndpoint, childEndpoint);
                    listing[day] += Count(byEndpoint, parentEndpoint) - 1;
                    counts[stream] = (child, listing, delta + 1);
                }
            }

            periods.AddRange(RefreshStreams.Select(r => new RefreshPeriod(r.Stream, parents[r.Parent], label, syncsADay, counts[r.Stream].Child, counts[r.Stream].Listing, counts[r.Stream].Delta)));
        }

        WriteRefreshSection(scale, periods);
    }

    /// <summary>The states with every rolling refresh's times moved <paramref name="by"/> earlier: as if that much time had passed.</summary>
    private static Dictionary<string, JsonNode?> Earlier(IReadOnlyDictionary<string, JsonNode?> states, TimeSpan by)
    {
        var moved = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (stream, state) in states)
        {
            var copy = state?.DeepClone();
            if (copy?["refresh"] is JsonObject refresh)
            {
                refresh["cycle_started"] = (long)refresh["cycle_started"]! - (long)by.TotalMilliseconds;
                refresh["last_sync"] = (long)refresh["last_sync"]! - (long)by.TotalMilliseconds;
            }

            moved[stream] = copy;
        }

        return moved;
    }

    private void WriteRefreshSection(int scale, List<RefreshPeriod> periods)
    {
        _sections.Line("## 7. Rolling refresh of child streams").Line();
        _sections.Line($"`application_history` and `candidate_notes` at {Scale(scale)} candidates (and the applications the emulator makes for them), with the default")
            .Line($"`child_refresh_days: {RefreshDays}` and nothing changed in Ashby: after a first incremental sync, {RefreshDays} days (one cycle) of hourly syncs, and")
            .Line($"{RefreshDays} days of daily syncs, each from the previous one's state with its refresh times moved back by the interval. Requests are counted")
            .Line("by the emulator per endpoint: the child endpoint's are the slice's parents, the parent endpoint's beyond each sync's (empty) delta page")
            .Line($"list the slice. The expected day is a {RefreshDays}th of (parents + their pages at {PageSize} a page). A slice of `candidates` or `applications`")
            .Line("is a creation-time window, a share of the cycle's time range, so a day's requests follow how many parents were created in its")
            .Line("window (the largest and smallest day); the cycle as a whole reads every parent's children once. A sync reads at least one page")
            .Line("of parents, so below about 24 pages of parents a period, hourly syncs cost more than daily ones.")
            .Line();
        _sections.Table(["stream", ">parents", "syncs", ">syncs in the period", ">delta requests", ">refresh requests a day (average)", ">smallest day", ">largest day", ">expected a day", ">average / expected"],
            periods.Select(p => (IReadOnlyList<string>)
            [
                p.Stream, F0(p.Parents), p.Interval, F0(p.SyncsADay * RefreshDays), F0(p.DeltaRequests), F0(p.AverageDay), F0(p.SmallestDay), F0(p.LargestDay), F0(p.Expected),
                Ratio(p.AverageDay / p.Expected),
            ]));

        foreach (var period in periods)
        {
            var ratio = period.AverageDay / period.Expected;
            _targets.Add(new TargetRow("7", $"rolling refresh of {period.Stream} over {Scale(scale)} candidates' data, {period.Interval} syncs for {RefreshDays} days",
                $"refresh requests a day ≤ {TargetRefreshRatio:0.0} × (parents + their pages) ÷ {RefreshDays}",
                $"{F0(period.AverageDay)} vs {F0(period.Expected)} = {Ratio(ratio)}",
                ratio <= TargetRefreshRatio));
        }
    }
}
