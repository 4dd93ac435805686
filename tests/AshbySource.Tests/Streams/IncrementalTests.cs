using System.Text.Json.Nodes;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

public sealed class IncrementalTests : FakeAshbyTest
{
    private Task<RunResult> Read(string? state, string mode = "incremental", string extraConfig = "") =>
        Connector.ReadAsync(ConnectorRun.Config(extra: extraConfig), ConnectorRun.Catalog(("candidates", mode)), state);

    private static string State(string streamState) =>
        $$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{{{streamState}}}}}]""";

    [Fact]
    public async Task FirstIncrementalSync_ReadsEverythingAndStoresTheTokenOnlyAtTheEnd()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 2), more: false, syncToken: "T1"));

        var result = await Read(null);

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("candidate.list").Should().OnlyContain(r => r.Body["syncToken"] == null);
        var states = result.States("candidates").Select(s => s["stream"]!["stream_state"]!.ToJsonString()).ToList();
        states.Should().Equal("""{"pass":{"kind":"full","cursor":"p2"}}""", """{"sync_token":"T1"}""");
    }

    [Fact]
    public async Task NextSync_SendsTheTokenOnEveryPageWithTheSameFilters()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 1), more: true, nextCursor: "q2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 1, 1), more: false, syncToken: "T2"));

        var result = await Read(State("""{"sync_token":"T1"}"""));

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("candidate.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"limit":100,"syncToken":"T1"}""",
            """{"limit":100,"syncToken":"T1","cursor":"q2"}""");
        result.States("candidates").Select(s => s["stream"]!["stream_state"]!.ToJsonString()).Should().Equal(
            """{"sync_token":"T1","pass":{"kind":"incremental","cursor":"q2"}}""",
            """{"sync_token":"T2"}""");
        result.Records().Should().HaveCount(2);
    }

    [Fact]
    public async Task NoChanges_EmitNoRecordsButAState()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page([], more: false, syncToken: "T2"));

        var result = await Read(State("""{"sync_token":"T1"}"""));

        result.Records().Should().BeEmpty();
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"sync_token":"T2"}""");
        result.Statuses("candidates").Should().Equal("STARTED", "RUNNING", "COMPLETE");
    }

    [Theory]
    [InlineData("sync_token_expired", 1)]
    [InlineData("sync_token_invalid", 1)]
    [InlineData("incremental_sync_too_large", 1)]
    [InlineData("sync_token_expired", 2)]
    [InlineData("sync_token_invalid", 3)]
    public async Task UnusableToken_AnywhereInThePass_FallsBackToAFullPassInTheSameRun(string code, int failingPage)
    {
        for (var page = 1; page < failingPage; page++)
        {
            Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("inc", 1, page), more: true, nextCursor: $"i{page + 1}"));
        }

        Ashby.On("candidate.list", FakeAshbyHandler.Error(code))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: true, nextCursor: "f2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2, 2), more: false, syncToken: "NEW"));

        var result = await Read(State("""{"sync_token":"OLD"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        var bodies = Ashby.RequestsTo("candidate.list").Select(r => r.Body).ToList();
        bodies.Take(failingPage).Should().OnlyContain(b => (string?)b["syncToken"] == "OLD");
        bodies.Skip(failingPage).Should().OnlyContain(b => b["syncToken"] == null);
        bodies[failingPage]["cursor"].Should().BeNull("the full pass starts from its first page");
        result.Records().Select(r => (string)r["data"]!["id"]!).Should().Contain(["c-0", "c-1", "c-2", "c-3"]);
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"sync_token":"NEW"}""");
        result.Logs("WARN").Should().Contain(m => m.Contains(code, StringComparison.Ordinal));
        result.States("candidates").Where(s => s["stream"]!["stream_state"]!["pass"]?["kind"]?.GetValue<string>() == "full")
            .Should().OnlyContain(s => s["stream"]!["stream_state"]!["sync_token"] == null, "a checkpoint of the full pass must not carry the dropped token");
    }

    [Theory]
    [InlineData("next_cursor_expired")]
    [InlineData("invalid_next_cursor")]
    public async Task UnusableCursorMidPass_RestartsThePassFromPageOne(string code)
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Error(code))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: true, nextCursor: "r2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2, 2), more: false, syncToken: "T9"));

        var result = await Read(State("""{"sync_token":"T1"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("candidate.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"limit":100,"syncToken":"T1"}""",
            """{"limit":100,"syncToken":"T1","cursor":"p2"}""",
            """{"limit":100,"syncToken":"T1"}""",
            """{"limit":100,"syncToken":"T1","cursor":"r2"}""");
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"sync_token":"T9"}""");
    }

    [Fact]
    public async Task UnusableCursorForever_FailsAfterBoundedRestarts()
    {
        Ashby.Fallback = r => r.Body["cursor"] is null
            ? FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true, nextCursor: "p2"))
            : FakeAshbyHandler.Json(FakeAshbyHandler.Error("next_cursor_expired"));

        // Incremental with no token: one full pass in a row, so every request is this pass's.
        var result = await Read(null);

        result.ExitCode.Should().NotBe(0);
        Ashby.RequestsTo("candidate.list").Should().HaveCount(8);
        result.Statuses("candidates").Last().Should().Be("INCOMPLETE");
    }

    [Fact]
    public async Task InterruptedIncrementalPass_ResumesFromItsCheckpoint()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 5), more: false, syncToken: "T2"));

        var result = await Read(State("""{"sync_token":"T1","pass":{"kind":"incremental","cursor":"q5"}}"""));

        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"limit":100,"syncToken":"T1","cursor":"q5"}""");
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"sync_token":"T2"}""");
    }

    [Fact]
    public async Task InterruptedFullRefresh_ResumesFromItsCheckpoint()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 5), more: false));

        var result = await Read(State("""{"pass":{"kind":"full","cursor":"p6"}}"""), mode: "full_refresh");

        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"limit":100,"cursor":"p6"}""");
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public async Task ResumedCheckpointWithExpiredCursor_RestartsFromPageOne()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Error("next_cursor_expired"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 3), more: false, syncToken: "T2"));

        var result = await Read(State("""{"sync_token":"T1","pass":{"kind":"incremental","cursor":"old"}}"""));

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("candidate.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"limit":100,"syncToken":"T1","cursor":"old"}""",
            """{"limit":100,"syncToken":"T1"}""");
    }

    [Fact]
    public async Task CompletedFullRefreshState_StartsAnIncrementalStreamOver()
    {
        // The stream was switched from full_refresh to incremental: the marker holds no token, so it reads in full.
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: false));

        await Read(State("""{"__ab_full_refresh_sync_complete":true}"""), mode: "incremental");

        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"limit":100}""");
    }

    [Fact]
    public async Task CompletedFullRefreshState_IsNotReadAgainInARetriedAttempt()
    {
        await Read(State("""{"__ab_full_refresh_sync_complete":true}"""), mode: "full_refresh");

        Ashby.RequestsTo("candidate.list").Should().BeEmpty("an earlier attempt of this sync wrote every row already");
    }

    [Fact]
    public async Task FullRefreshMode_IgnoresAStoredToken()
    {
        await Read(State("""{"sync_token":"T1"}"""), mode: "full_refresh");

        Ashby.RequestsTo("candidate.list").Should().NotBeEmpty().And.OnlyContain(r => r.Body["syncToken"] == null);
    }

    [Fact]
    public async Task ChangedStartDate_DropsTheTokenAndReadsEverything()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page([], more: false, syncToken: "T2"));

        var result = await Read(State("""{"sync_token":"T1"}"""), extraConfig: ""","start_date":"2025-01-01T00:00:00Z" """);

        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"createdAfter":1735689600000,"limit":100}""");
        result.LastState("candidates")!.ToJsonString().Should().Be("""{"sync_token":"T2","created_after":1735689600000}""");
    }

    [Fact]
    public async Task SameStartDate_KeepsUsingTheToken()
    {
        await Read(State("""{"sync_token":"T1","created_after":1735689600000}"""), extraConfig: ""","start_date":"2025-01-01T00:00:00Z" """);

        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"createdAfter":1735689600000,"limit":100,"syncToken":"T1"}""");
    }

    [Fact]
    public async Task IncrementalOnAFullRefreshOnlyStream_IsAConfigError()
    {
        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("sources", "incremental")));

        result.ExitCode.Should().NotBe(0);
        result.Errors.Should().ContainSingle().Which["failure_type"]!.GetValue<string>().Should().Be("config_error");
        Ashby.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ConsecutiveStates_AreNeverIdenticalWithRecordsBetween()
    {
        Ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Error("invalid_next_cursor"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 1), more: false, syncToken: "T"));

        var result = await Read(null);

        var states = result.States("candidates").Select(s => s["stream"]!["stream_state"]!.ToJsonString()).ToList();
        states.Should().OnlyHaveUniqueItems();
        result.States("candidates").Sum(s => s["sourceStats"]!["recordCount"]!.GetValue<double>()).Should().Be(result.Records().Count());
    }
}
