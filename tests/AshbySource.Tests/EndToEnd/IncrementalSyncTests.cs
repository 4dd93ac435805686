using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

public sealed class IncrementalSyncTests : SlowTests
{

    /// <summary>
    /// What an incremental sync of <paramref name="stream"/> reads after a mutation: the changed ids the emulator
    /// reports, and for a derived stream (which the emulator does not list) every row of the changed parents' arrays.
    /// </summary>
    private static HashSet<string> ExpectedChange(string stream, Dictionary<string, HashSet<string>> changed, RunResult second)
    {
        if (StreamCatalog.ByName[stream].Parent is { ArrayField: { } array } link)
        {
            return second.Records(link.Stream).SelectMany(r => r["data"]![array]?.AsArray() ?? []).Select(e => (string)e!["id"]!).ToHashSet(StringComparer.Ordinal);
        }

        return changed[stream];
    }

    [Fact]
    public async Task AfterMutation_EveryIncrementalStreamReturnsExactlyTheChangedIds()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 400);
        using var run = new ConnectorRun(time: TimeProvider.System);
        // The deltas alone: the rolling refresh of child streams re-reads more on purpose (RollingRefreshTests).
        var config = ashby.Config(extra: ""","page_size":40,"child_refresh_days":0""");
        var catalog = ReadAssertions.FullCatalog("incremental");

        var first = await run.ReadAsync(config, catalog);
        first.ShouldBeAValidRead(ReadAssertions.AllStreams);
        ReadAssertions.IncrementalStreams.Should().OnlyContain(s => ReadAssertions.SyncTokens(first.LastState(s)) != null);

        var changed = await ashby.MutateAsync(new { fraction = 0.05 });
        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.IncrementalStreams.Where(s => StreamCatalog.ByName[s].IsChild))
        {
            // A child stream reads every child of the parents in its parent's delta, and nothing else. (Ashby does
            // not promise that a child's change puts its parent into the delta, so the emulator's changed children
            // are not the measure.)
            var link = StreamCatalog.ByName[stream].Parent!;
            var changedParents = second.Ids(link.Stream).ToHashSet(StringComparer.Ordinal);
            second.Records(stream).Should().OnlyContain(r => changedParents.Contains((string)r["data"]![link.AddedField]!), $"{stream} reads only children of changed parents");
            var before = first.Records(stream).Where(r => changedParents.Contains((string)r["data"]![link.AddedField]!)).Select(r => ReadAssertions.KeyOf(stream, r["data"]!.AsObject()));
            second.Keys(stream).Should().Contain(before, $"{stream} reads every child of a changed parent again");
            ReadAssertions.SyncTokens(second.LastState(stream)).Should().NotBe(ReadAssertions.SyncTokens(first.LastState(stream)), stream);
        }

        foreach (var stream in ReadAssertions.IncrementalStreams.Where(s => !StreamCatalog.ByName[s].IsChild))
        {
            second.Ids(stream).Should().BeEquivalentTo(ExpectedChange(stream, changed, second), $"{stream} returns exactly what changed");
            second.Ids(stream).Should().NotBeEmpty(stream);
            ReadAssertions.SyncTokens(second.LastState(stream)).Should().NotBe(ReadAssertions.SyncTokens(first.LastState(stream)), stream);
        }

        foreach (var stream in ReadAssertions.AllStreams.Except(ReadAssertions.IncrementalStreams))
        {
            second.Keys(stream).Should().BeEquivalentTo(await ashby.KeysAsync(stream), $"{stream} is a full snapshot every time");
        }

        var third = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(second));

        third.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.IncrementalStreams)
        {
            third.Records(stream).Should().BeEmpty($"{stream} has no changes since the second sync");
            third.States(stream).Should().NotBeEmpty($"{stream} still gets a state");
        }
    }

    [Theory]
    [InlineData("offer_versions", "offer.info")]
    [InlineData("job_interview_plans", "jobInterviewPlan.info")]
    public async Task InfoChild_AfterMutation_AsksOnlyAboutTheParentsInTheDeltaWithinTheRequestBound(string stream, string infoEndpoint)
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 1000);
        using var run = new ConnectorRun(time: TimeProvider.System);
        // The delta alone: the rolling refresh re-reads more on purpose (RollingRefreshTests).
        var config = ashby.Config(extra: ""","page_size":5,"child_refresh_days":0""");
        var catalog = ConnectorRun.Catalog((stream, "incremental"));
        var parent = StreamCatalog.ByName[stream].PassStream;
        var first = await run.ReadAsync(config, catalog);
        first.ShouldBeAValidRead([stream]);

        var changed = (await ashby.MutateAsync(new { table = parent.Name, create = 3, update = 12 }))[parent.Name];
        await ashby.ResetStatsAsync();
        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead([stream]);
        var requests = (await ashby.StatsAsync())["byEndpoint"]!.AsObject().ToDictionary(e => e.Key, e => (int)e.Value!);
        requests.Keys.Should().BeEquivalentTo([parent.Endpoint, infoEndpoint]);
        requests[infoEndpoint].Should().Be(changed.Count, "one request per parent in the delta");
        var deltaPages = requests[parent.Endpoint];
        deltaPages.Should().Be((changed.Count + 4) / 5, "the delta is read in pages of 5");
        requests.Values.Sum().Should().BeLessThanOrEqualTo((int)Math.Floor(1.05 * (changed.Count + deltaPages)));
        var addedField = StreamCatalog.ByName[stream].Parent!.AddedField;
        second.Records(stream).Select(r => (string)r["data"]![addedField]!).Distinct().Should().BeEquivalentTo(changed, "every changed parent's rows, and only theirs");
    }

    public static TheoryData<string, int> TokenCodes => new()
    {
        { "sync_token_expired", 1 },
        { "sync_token_expired", 2 },
        { "sync_token_invalid", 1 },
        { "sync_token_invalid", 3 },
        { "incremental_sync_too_large", 1 },
        { "incremental_sync_too_large", 2 },
    };

    [Theory]
    [MemberData(nameof(TokenCodes))]
    public async Task UnusableToken_FirstPageOrMidPass_TheRunCompletesAndCoversTheTable(string code, int page)
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = ashby.Config(extra: ""","page_size":10""");
        var catalog = ConnectorRun.Catalog(("candidates", "incremental"), ("applications", "incremental"));
        var first = await run.ReadAsync(config, catalog);
        await ashby.MutateAsync(new { table = "candidates", create = 10, update = 30 });
        await ashby.InjectAsync("candidate.list", page, code);

        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead(["candidates", "applications"]);
        second.Ids("candidates").Distinct().Should().BeEquivalentTo(await ashby.IdsAsync("candidates"), "the fallback full pass reads the whole table");
        second.Logs("WARN").Should().Contain(m => m.Contains(code, StringComparison.Ordinal));

        var third = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(second));
        third.Records("candidates").Should().BeEmpty("the full pass ended with a fresh token");
    }

    [Theory]
    [InlineData("next_cursor_expired")]
    [InlineData("invalid_next_cursor")]
    public async Task UnusableCursorMidPass_RestartsAndCoversTheTable(string code)
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300);
        await ashby.InjectAsync("candidate.list", page: 4, code: code);
        using var run = new ConnectorRun(time: TimeProvider.System);

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":50"""), ConnectorRun.Catalog(("candidates", "incremental")));

        result.ShouldBeAValidRead(["candidates"]);
        result.Ids("candidates").Distinct().Should().BeEquivalentTo(await ashby.IdsAsync("candidates"));
        result.Ids("candidates").Should().HaveCount(300 + 150, "the three pages before the restart are sent again");
    }

    [Theory]
    [InlineData("next_cursor_expired")]
    [InlineData("invalid_next_cursor")]
    public async Task UnusableCursorOfAResumedCheckpoint_RestartsFromPageOne(string code)
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = ashby.Config(extra: ""","page_size":50""");
        var catalog = ConnectorRun.Catalog(("candidates", "incremental"));
        var earlier = await run.ReadAsync(config, catalog);
        var checkpoint = earlier.States("candidates").First()["stream"]!["stream_state"]!.AsObject();
        var cursor = (string)checkpoint["pass"]!["cursor"]!;
        if (code == "next_cursor_expired")
        {
            await ashby.ExpireAsync();
        }
        else
        {
            checkpoint["pass"]!["cursor"] = cursor[..^4] + "AAAA";
        }

        var result = await run.ReadAsync(config, catalog, $$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{{{checkpoint.ToJsonString()}}}}}]""");

        result.ShouldBeAValidRead(["candidates"]);
        result.Logs("WARN").Should().Contain(m => m.Contains(code, StringComparison.Ordinal));
        result.Ids("candidates").Should().BeEquivalentTo(await ashby.IdsAsync("candidates"));
    }

    [Fact]
    public async Task ExpiredTokensAndCursors_AtTheServer_AreRecoveredFrom()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 200);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = ashby.Config(extra: ""","page_size":25""");
        var catalog = ReadAssertions.FullCatalog("incremental");
        var first = await run.ReadAsync(config, catalog);
        await ashby.MutateAsync(new { fraction = 0.02 });
        await ashby.ExpireAsync();

        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.IncrementalStreams)
        {
            second.Keys(stream).Distinct().Should().BeEquivalentTo(await ashby.KeysAsync(stream), stream);
        }
    }
}
