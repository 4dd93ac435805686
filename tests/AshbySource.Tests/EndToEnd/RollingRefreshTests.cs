using System.Text.RegularExpressions;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>
/// Child rows that change without their parent: invisible to the parents' sync-token delta, read within
/// <c>child_refresh_days</c> by the rolling refresh. Against the realistic emulator, on one fake clock.
/// </summary>
public sealed partial class RollingRefreshTests : SlowTests
{
    private static readonly string[] ChildStreams = [.. StreamCatalog.All.Where(s => s.IsChild && s.SupportsIncremental).Select(s => s.Name)];

    [GeneratedRegex(@"children of (?<parents>\d+)( of \d+ listed)? \w+ rows read \(\d+ gone\) with (?<requests>\d+) requests, from (?<pages>\d+) pages")]
    private static partial Regex FanOutLine();

    [Fact]
    public async Task ChildOnlyChanges_AreAllReadWithinThePeriod_AtNoMoreRequestsThanTheDeltaAndTheSlicesNeed()
    {
        var time = new FakeClock();
        await using var ashby = await EmulatorScope.StartAsync(scale: 400, o => o.Realistic = true, time);
        using var run = ashby.ConnectorRun(time);
        var config = ashby.Config(extra: ""","page_size":20,"child_refresh_days":2""");
        var catalog = ConnectorRun.Catalog([.. ChildStreams.Select(s => (s, "incremental"))]);

        var first = await run.ReadAsync(config, catalog);
        first.ShouldBeAValidRead(ChildStreams);
        var changed = await ashby.MutateAsync(new { fraction = 0.05 });
        var seen = ChildStreams.ToDictionary(s => s, _ => new HashSet<string>(StringComparer.Ordinal));
        var state = ReadAssertions.NextSyncStateOf(first);
        var missedByTheDeltas = 0;
        for (var day = 1; day <= 2; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            await ashby.ResetStatsAsync();
            var sync = await run.ReadAsync(config, catalog, state);

            sync.ShouldBeAValidRead(ChildStreams);
            state = ReadAssertions.NextSyncStateOf(sync);
            foreach (var stream in ChildStreams)
            {
                seen[stream].UnionWith(sync.Records(stream).Select(r => (string)r["data"]!["id"]!));
                // Half the ring a day and a new cycle once it is round; at least a page of parents, so few parents are read whole.
                var parents = (long)first.LastState(stream)!["refresh"]!["parents"]!;
                var expected = day == 1 && parents > 2 * 20 ? 0.5 : 0;
                ((double)sync.LastState(stream)!["refresh"]!["done"]!).Should().BeApproximately(expected, 0.001, $"{stream} ({parents} parents)");
            }

            // Requests ≤ 1.1 × (delta pages + changed parents + the slice's parents + the pages that list it).
            var needed = sync.Logs("INFO").Select(m => FanOutLine().Match(m)).Where(m => m.Success).Sum(m => long.Parse(m.Groups["parents"].Value) + long.Parse(m.Groups["pages"].Value));
            var sent = (await ashby.StatsAsync())["byEndpoint"]!.AsObject().Sum(e => (long)e.Value!);
            sent.Should().BeLessThanOrEqualTo((long)(1.1 * needed), $"day {day}");
            if (day == 1)
            {
                missedByTheDeltas = ChildStreams.Sum(s => changed.GetValueOrDefault(s, []).Count(id => !seen[s].Contains(id)));
            }
        }

        missedByTheDeltas.Should().BeGreaterThan(0, "some child rows changed without their parent, and half the ring missed them");
        foreach (var stream in ChildStreams)
        {
            changed.GetValueOrDefault(stream, []).Except(seen[stream]).Should().BeEmpty($"{stream}: every changed row was read within child_refresh_days");
        }
    }
}
