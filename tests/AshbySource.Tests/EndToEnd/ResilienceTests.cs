using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

public sealed class ResilienceTests : SlowTests
{

    [Fact]
    public async Task SyncStoppedMidStream_ResumesFromItsLastStateWithNothingMissing()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 600);
        using var run = new ConnectorRun(time: TimeProvider.System);
        // The orchestrator kills the sync once 40 states have gone out.
        var interrupted = await InterruptedRun.ReadUntilStatesAsync(run, ashby.Config(extra: ""","page_size":20,"max_concurrent_streams":2"""), ReadAssertions.FullCatalog("incremental"), 40);

        interrupted.ExitCode.Should().NotBe(0);
        interrupted.ShouldBeAValidRead([], expectSuccess: false);
        ReadAssertions.AllStreams.Should().Contain(s => interrupted.Statuses(s).LastOrDefault() == "INCOMPLETE");

        // Without the rolling refresh, whose re-reading of finished child streams would be read twice on purpose.
        var resumed = await run.ReadAsync(ashby.Config(extra: ""","page_size":20,"child_refresh_days":0"""), ReadAssertions.FullCatalog("incremental"), ReadAssertions.StateOf(interrupted));

        resumed.ShouldBeAValidRead(ReadAssertions.AllStreams);
        resumed.Logs("INFO").Should().Contain(m => m.Contains("resuming the interrupted", StringComparison.Ordinal));
        foreach (var stream in ReadAssertions.AllStreams)
        {
            // Records after a stream's last state were not acknowledged, so they are read again: only those.
            var acknowledged = InterruptedRun.RecordsCoveredByStates(interrupted, stream);
            var keys = acknowledged.Concat(resumed.Records(stream).Select(r => r["data"]!.AsObject())).Select(d => ReadAssertions.KeyOf(stream, d)).ToList();
            keys.Should().OnlyHaveUniqueItems($"{stream}: nothing read twice");
            keys.Should().BeEquivalentTo(await ashby.KeysAsync(stream), $"{stream}: nothing lost");
        }
    }

    [Fact]
    public async Task FaultMatrix_EveryFaultClassOnTenPercentOfRequests_LosesAndDuplicatesNothing()
    {
        var time = new FakeClock();
        // At page size 10 about 2,000 requests: each fault class meets 10 to 30 of them.
        await using var ashby = await EmulatorScope.StartAsync(scale: 300, o =>
        {
            o.Faults = AshbyEmulator.EmulatorOptions.FaultClasses;
            o.FaultRate = 0.10;
            o.FaultSeed = 7;
            o.SlowMs = 5_000;
        }, time);
        using var run = ashby.ConnectorRun(time);
        // The slow fault (5 s) outlasts the 2 s attempt timeout; back-off and Retry-After waits pass on the shared fake clock.
        run.TuneHttp = o => o with { AttemptTimeout = TimeSpan.FromSeconds(2), BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxRetryAfter = TimeSpan.FromSeconds(2), MaxRetries = 6 };

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":10"""), ReadAssertions.FullCatalog());

        result.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.AllStreams)
        {
            result.Keys(stream).Should().OnlyHaveUniqueItems($"{stream}: no duplicates");
            result.Keys(stream).Should().BeEquivalentTo(await ashby.KeysAsync(stream), $"{stream}: nothing lost");
        }

        var faults = (await ashby.StatsAsync())["faults"]!.AsObject();
        faults.Select(f => f.Key).Should().BeEquivalentTo(AshbyEmulator.EmulatorOptions.FaultClasses, "every fault class was exercised");
        faults.Should().OnlyContain(f => (int)f.Value! >= 10, "each fault class met at least ten requests");
        result.Logs("WARN").Should().Contain(m => m.StartsWith("Retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredBudget_IsNeverExceededAtTheServer()
    {
        var time = new FakeClock();
        var start = time.GetUtcNow();
        await using var ashby = await EmulatorScope.StartAsync(scale: 1200, time: time);
        using var run = ashby.ConnectorRun(time);
        var config = $$"""{"api_key":"demo-full-access","base_url":"{{ashby.BaseUrl}}","requests_per_minute":180,"page_size":9,"max_concurrent_streams":4}""";

        var result = await run.ReadAsync(config, ConnectorRun.Catalog(("candidates", "full_refresh"), ("interview_schedules", "full_refresh")));

        result.ShouldBeAValidRead(["candidates", "interview_schedules"]);
        var stats = await ashby.StatsAsync();
        ((int)stats["requests"]!).Should().BeGreaterThan(180, "the run is longer than a minute's budget, so the window is really tested");
        (time.GetUtcNow() - start).Should().BeGreaterThan(TimeSpan.FromMinutes(1), "the budget spread the run over more than a minute of the shared clock");
        ((int)stats["maxRequestsInAnyMinute"]!).Should().BeLessThanOrEqualTo(180);
    }

    [Fact]
    public async Task ServerRateLimit_IsWaitedOutWithARateLimitedStatusAndNothingLost()
    {
        var time = new FakeClock();
        // 20 pages against 5 a minute, and the connector's own budget does not pace it: the server throttles.
        await using var ashby = await EmulatorScope.StartAsync(scale: 400, o => o.RateLimitPerMinute = 5, time);
        using var run = ashby.ConnectorRun(time);
        run.TuneHttp = o => o with { LongWait = TimeSpan.FromSeconds(5) };

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":20"""), ConnectorRun.Catalog(("candidates", "full_refresh")));

        result.ShouldBeAValidRead(["candidates"]);
        result.Ids("candidates").Should().BeEquivalentTo(await ashby.IdsAsync("candidates"));
        ((int)(await ashby.StatsAsync())["rateLimited"]!).Should().BeGreaterThan(0);
        result.OfType("TRACE").Select(t => t["trace"]!["stream_status"]?["reasons"]?[0]?["type"]?.GetValue<string>()).Should().Contain("RATE_LIMITED");
    }
}
