using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

public sealed class IncrementalSyncTests
{
    private static readonly string[] Incremental = StreamCatalog.All.Where(s => s.SupportsIncremental).Select(s => s.Name).ToArray();
    private static readonly string[] AllStreams = StreamCatalog.All.Select(s => s.Name).ToArray();

    [Fact]
    public async Task AfterMutation_EveryIncrementalStreamReturnsExactlyTheChangedIds()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 400);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = ashby.Config(extra: ""","page_size":40""");
        var catalog = ReadAssertions.FullCatalog("incremental");

        var first = await run.ReadAsync(config, catalog);
        first.ShouldBeAValidRead(AllStreams);
        Incremental.Should().OnlyContain(s => first.LastState(s)!["sync_token"] != null);

        var changed = await ashby.MutateAsync(new { fraction = 0.05 });
        var second = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(first));

        second.ShouldBeAValidRead(AllStreams);
        foreach (var stream in Incremental)
        {
            second.Ids(stream).Should().BeEquivalentTo(changed[stream], $"{stream} returns exactly what changed");
            second.Ids(stream).Should().NotBeEmpty(stream);
            ((string?)second.LastState(stream)!["sync_token"]).Should().NotBe((string?)first.LastState(stream)!["sync_token"], stream);
        }

        foreach (var stream in AllStreams.Except(Incremental))
        {
            second.Ids(stream).Should().BeEquivalentTo(await ashby.IdsAsync(stream), $"{stream} is a full snapshot every time");
        }

        var third = await run.ReadAsync(config, catalog, ReadAssertions.NextSyncStateOf(second));

        third.ShouldBeAValidRead(AllStreams);
        foreach (var stream in Incremental)
        {
            third.Records(stream).Should().BeEmpty($"{stream} has no changes since the second sync");
            third.States(stream).Should().NotBeEmpty($"{stream} still gets a state");
        }
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

        second.ShouldBeAValidRead(AllStreams);
        foreach (var stream in Incremental)
        {
            second.Ids(stream).Distinct().Should().BeEquivalentTo(await ashby.IdsAsync(stream), stream);
        }
    }
}
