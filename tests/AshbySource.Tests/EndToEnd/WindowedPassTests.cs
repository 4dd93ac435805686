using System.Globalization;
using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>Full-refresh passes of candidates and applications in creation-time windows side by side, against the emulator.</summary>
public sealed class WindowedPassTests : SlowTests
{
    private static readonly string Catalog = ConnectorRun.Catalog(("candidates", "full_refresh"), ("applications", "full_refresh"));

    /// <summary>Enough rows that most of the 40 windows hold several pages at the page sizes below.</summary>
    private const int Scale = 600;

    private static long CreatedAt(JsonObject data) =>
        DateTimeOffset.Parse((string)data["createdAt"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public async Task FullRefresh_ReadsEveryRowOnceFromWindowsReadSideBySide()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: Scale);
        using var run = new ConnectorRun(time: TimeProvider.System);

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":10"""), Catalog);

        result.ShouldBeAValidRead(["candidates", "applications"]);
        foreach (var stream in new[] { "candidates", "applications" })
        {
            result.Ids(stream).Should().OnlyHaveUniqueItems(stream).And.BeEquivalentTo(await ashby.IdsAsync(stream), stream);
            var summary = $"Stream {stream}: {result.Ids(stream).Count} records";
            result.Logs("INFO").Should().Contain(m => m.StartsWith(summary, StringComparison.Ordinal) && m.Contains($"from {WindowedPass.Windows} of {WindowedPass.Windows} creation-time windows", StringComparison.Ordinal), "one line sums up the windows");
            result.LastState(stream)!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
        }

        var stats = await ashby.StatsAsync();
        ((int)stats["byEndpoint"]!["candidate.list"]!).Should().BeGreaterThan(Scale / 10, "each window ends with a page of its own");
        result.States("candidates").Select(s => s["stream"]!["stream_state"]!["windows"]?["open"]?.AsObject().Count ?? 0).Max()
            .Should().BeGreaterThan(1, "several windows are part-read at once");
    }

    [Fact]
    public async Task KilledMidWindow_ResumesEveryWindowWhereItStopped_NothingLostOrReadTwice()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: Scale);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var interrupted = await InterruptedRun.ReadUntilStatesAsync(run, ashby.Config(extra: ""","page_size":8,"max_concurrent_streams":1"""), ConnectorRun.Catalog(("applications", "full_refresh")), 30);

        interrupted.ExitCode.Should().NotBe(0);
        var windows = interrupted.LastState("applications")!["windows"]!.AsObject();
        windows["open"]!.AsObject().Should().NotBeEmpty("the kill came in the middle of windows");
        var resumed = await run.ReadAsync(ashby.Config(extra: ""","page_size":8"""), ConnectorRun.Catalog(("applications", "full_refresh")), ReadAssertions.StateOf(interrupted));

        resumed.ShouldBeAValidRead(["applications"]);
        resumed.Logs("INFO").Should().Contain(m => m.StartsWith("Stream applications: resuming the interrupted full pass", StringComparison.Ordinal));
        var acknowledged = InterruptedRun.RecordsCoveredByStates(interrupted, "applications").Select(d => (string)d["id"]!);
        var ids = acknowledged.Concat(resumed.Ids("applications")).ToList();
        ids.Should().OnlyHaveUniqueItems("nothing read twice").And.BeEquivalentTo(await ashby.IdsAsync("applications"), "nothing lost");
    }

    [Fact]
    public async Task RowCreatedOnAWindowBound_IsSentOnce()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = ashby.Config(extra: ""","page_size":30""");
        var first = await run.ReadAsync(config, ConnectorRun.Catalog(("candidates", "full_refresh")));
        var onBound = first.Records("candidates").Select(r => r["data"]!.AsObject()).ElementAt(150);
        var bound = CreatedAt(onBound);

        // Two windows whose shared bound is that row's creation instant: (…, bound] and (bound, …).
        var windows = new JsonObject { ["from"] = bound - 1_000_000, ["to"] = bound + 1_000_000, ["count"] = 2, ["next"] = 0 };
        var state = $$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"windows":{{windows.ToJsonString()}} } } }]""";
        await ashby.ResetStatsAsync();
        var result = await run.ReadAsync(config, ConnectorRun.Catalog(("candidates", "full_refresh")), state);

        result.ShouldBeAValidRead(["candidates"]);
        result.Ids("candidates").Should().OnlyHaveUniqueItems().And.BeEquivalentTo(await ashby.IdsAsync("candidates"));
        result.Ids("candidates").Count(id => id == (string)onBound["id"]!).Should().Be(1);
        result.Records("candidates").Select(r => CreatedAt(r["data"]!.AsObject())).Should().Contain(bound);
    }
}
