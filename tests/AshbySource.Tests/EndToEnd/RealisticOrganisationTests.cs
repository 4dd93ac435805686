using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>
/// The connector against the emulator's realistic mode, which answers as recorded real Ashby answers do: optional
/// keys left out instead of null, short pages, single empty pages and runs of 30 empty pages in the middle of a list
/// (each saying more follows, with a fresh cursor), and a job posting keeping one id on every board it is on.
/// </summary>
public sealed class RealisticOrganisationTests : SlowTests
{

    [Fact]
    public async Task FullThenIncrementalRead_GetsEveryRowAshbyHas_OnTheVersionTheReleaseWasTestedAgainst()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300, o => o.Realistic = true);
        using var run = new ConnectorRun(time: TimeProvider.System);
        // The deltas alone: the rolling refresh of child streams re-reads more on purpose (RollingRefreshTests).
        var config = ashby.Config(extra: ""","page_size":40,"child_refresh_days":0""");
        var catalog = ReadAssertions.FullCatalog("incremental");

        var first = await run.ReadAsync(config, catalog);

        first.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.AllStreams)
        {
            first.Keys(stream).Should().OnlyHaveUniqueItems(stream);
            first.Keys(stream).Should().BeEquivalentTo(await ashby.KeysAsync(stream), stream);
        }

        // A posting on several boards keeps its id: only [jobBoardId, id] tells the copies apart.
        var postings = first.Records("job_postings").Select(r => ((string)r["data"]!["jobBoardId"]!, (string)r["data"]!["id"]!)).ToList();
        postings.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(await ashby.IdPairsAsync("job_postings"));
        postings.GroupBy(p => p.Item2).Should().Contain(g => g.Count() > 1, "the realistic organisation publishes postings on several boards");

        first.Logs("INFO").Should().Contain(m => m.StartsWith("Stream interview_events: ", StringComparison.Ordinal) && m.Contains("had no interviewEvents", StringComparison.Ordinal) && !m.StartsWith("Stream interview_events: 0 of", StringComparison.Ordinal));
        var stats = await ashby.StatsAsync();
        ((int)stats["requestsWithoutAshbyVersion"]!).Should().Be(0, "every request names the API version");
        stats["ashbyVersionHeaders"]!.AsObject().Select(p => p.Key).Should().Equal(ConnectorInfo.AshbyApiVersion);

        var changed = await ashby.MutateAsync(new { fraction = 0.05 });
        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.IncrementalStreams.Where(s => StreamCatalog.ByName[s].Parent is null))
        {
            second.Ids(stream).Should().BeEquivalentTo(changed[stream], $"{stream} returns exactly what changed");
        }

        foreach (var stream in ReadAssertions.IncrementalStreams.Where(s => StreamCatalog.ByName[s].IsChild))
        {
            var link = StreamCatalog.ByName[stream].Parent!;
            var changedParents = second.Ids(link.Stream).ToHashSet(StringComparer.Ordinal);
            var expected = first.Records(stream).Where(r => changedParents.Contains((string)r["data"]![link.AddedField]!)).Select(r => ReadAssertions.KeyOf(stream, r["data"]!.AsObject()));
            expected.Except(second.Keys(stream)).Should().BeEmpty($"{stream} reads every child of a changed parent again");
            second.Records(stream).Where(r => !changedParents.Contains((string)r["data"]![link.AddedField]!)).Should().BeEmpty($"{stream} reads only children of changed parents");
        }

        foreach (var stream in ReadAssertions.AllStreams.Except(ReadAssertions.IncrementalStreams))
        {
            second.Keys(stream).Should().BeEquivalentTo(await ashby.KeysAsync(stream), $"{stream} is read whole every time");
        }
    }

    [Fact]
    public async Task DeprecatedVersion_TheSyncCompletesAndWarnsOnce_ARemovedOneFailsEveryStreamAskingForAnUpgrade()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 30, o => o.ApiVersionStatuses = new Dictionary<string, string> { [ConnectorInfo.AshbyApiVersion] = "deprecated" });
        using var run = new ConnectorRun(time: TimeProvider.System);
        var streams = ConnectorRun.Catalog(("candidates", "incremental"), ("users", "full_refresh"), ("application_history", "full_refresh"));

        var deprecated = await run.ReadAsync(ashby.Config(), streams);
        var check = await run.RunAsync("check", "--config", run.WriteFile("config.json", ashby.Config()));

        deprecated.ShouldBeAValidRead(["candidates", "users", "application_history"]);
        deprecated.Logs("WARN").Should().ContainSingle().Which.Should().Contain("deprecated").And.Contain("at least 6 months");
        ((string?)check.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["message"]).Should().Contain("deprecated");

        await ashby.SetVersionStatusAsync(ConnectorInfo.AshbyApiVersion, "removed");
        var removed = await run.ReadAsync(ashby.Config(), streams);

        removed.ExitCode.Should().Be(1);
        foreach (var stream in new[] { "candidates", "users", "application_history" })
        {
            removed.Statuses(stream).Last().Should().Be("INCOMPLETE", stream);
        }

        removed.Errors.Where(e => e["stream_descriptor"] is not null).Should().HaveCount(3)
            .And.OnlyContain(e => (string?)e["failure_type"] == "config_error" && ((string)e["message"]!).Contains("Upgrade the connector", StringComparison.Ordinal));
    }
}
