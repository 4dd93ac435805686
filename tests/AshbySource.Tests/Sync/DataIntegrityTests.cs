using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Unicode;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Sync;

/// <summary>
/// Answers and outputs that would lose or corrupt rows without a sound: each must fail the stream loudly, be
/// repaired visibly, or stop the sync, never end in a quiet COMPLETE.
/// </summary>
public sealed class DataIntegrityTests : FakeAshbyTest
{
    public static TheoryData<string, string> MalformedSuccessAnswers => new()
    {
        { """{"success":true,"results":{"id":"c-1"},"moreDataAvailable":false}""", "'results' is an object" },
        { """{"success":true,"results":"c-1","moreDataAvailable":false}""", "'results' is a string" },
        { """{"success":true,"moreDataAvailable":false}""", "no 'results'" },
        { """{"success":true,"results":null,"moreDataAvailable":false}""", "'results' is null" },
        { """{"success":true,"results":[],"moreDataAvailable":"false"}""", "'moreDataAvailable' is a string" },
        { """{"success":true,"results":[],"moreDataAvailable":true,"nextCursor":17}""", "'nextCursor' is a number" },
        { """{"success":true,"results":[],"moreDataAvailable":false,"syncToken":{"t":1}}""", "'syncToken' is an object" },
    };

    [Theory]
    [MemberData(nameof(MalformedSuccessAnswers))]
    public async Task MalformedSuccessAnswer_FailsTheStreamNamingEndpointAndField(string answer, string expected)
    {
        Ashby.On("candidate.list", answer);

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("candidates", "incremental")));

        result.ExitCode.Should().Be(1);
        result.Statuses("candidates").Should().Equal("STARTED", "INCOMPLETE");
        result.Records().Should().BeEmpty();
        result.States("candidates").Should().BeEmpty("nothing of the answer was used");
        var error = result.Errors.First();
        ((string?)error["failure_type"]).Should().Be("system_error");
        ((string?)error["message"]).Should().Contain("candidate.list").And.Contain(expected);
    }

    [Fact]
    public async Task InvalidUtf8InARecord_IsReplacedAndWarnedAboutAndTheRestStaysByteExact()
    {
        var page = Concat("""{"success":true,"results":[{"id":"bad-1","name":"A"""u8, [0xFF, 0xC3], """B","score":1.50},{"id":"good-2","n":1e2}],"moreDataAvailable":false}"""u8);
        Ashby.On("user.list", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(page) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } });

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("users", "full_refresh")));

        result.ExitCode.Should().Be(0);
        Utf8.IsValid(result.StdoutBytes).Should().BeTrue("stdout is valid UTF-8, always");
        result.Lines.Should().Contain(l => l.Contains("{\"id\":\"bad-1\",\"name\":\"A\uFFFD\uFFFDB\",\"score\":1.50}", StringComparison.Ordinal), "each bad sequence became U+FFFD and nothing else changed");
        result.Lines.Should().Contain(l => l.Contains("""{"id":"good-2","n":1e2}""", StringComparison.Ordinal), "a valid record is copied byte for byte");
        result.Logs("WARN").Should().ContainSingle(m => m.Contains("users", StringComparison.Ordinal) && m.Contains("bad-1", StringComparison.Ordinal) && m.Contains("UTF-8", StringComparison.Ordinal));
        result.Statuses("users").Should().EndWith("COMPLETE");
    }

    [Fact]
    public async Task CompletedFullRefreshStream_IsNotReadAgainInALaterAttempt()
    {
        const string state = """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"__ab_full_refresh_sync_complete":true}}}]""";
        Ashby.On("user.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 3), more: false));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("users", "full_refresh"), ("jobs", "full_refresh")), state);

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("user.list").Should().BeEmpty("the earlier attempt already wrote every row of it");
        result.Records("users").Should().BeEmpty();
        result.Statuses("users").Should().Equal("STARTED", "COMPLETE");
        result.LastState("users")!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
        Ashby.RequestsTo("job.list").Should().ContainSingle("other streams are read as usual");
    }

    [Fact]
    public async Task EmptyPagesThatNeverEnd_FailTheStreamAfterABoundedNumber()
    {
        // Every answer is empty, says more follows, and hands out a fresh cursor: without a bound this never ends.
        // The fake gives up after 6,000 requests only so that a connector without the bound still finishes.
        var served = 0;
        Ashby.Fallback = _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: Interlocked.Increment(ref served) < 6_000, nextCursor: $"c{served}"));

        // Incremental with no token: one full pass in a row, so every request is this pass's. The budget is the
        // spec's largest, so that it does not pace the 5,000 requests: the bound is counted in requests, not time.
        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: $$""","requests_per_minute":{{ConnectorRun.LargestBudget}}"""), ConnectorRun.Catalog(("candidates", "incremental")));

        Ashby.RequestsTo("candidate.list").Count.Should().BeLessThanOrEqualTo(PassPlanner.MaxConsecutiveEmptyPages + 1, "one prefetched request may be in flight when the stream stops");
        result.ExitCode.Should().Be(1);
        result.Statuses("candidates").Should().EndWith("INCOMPLETE");
        var error = result.Errors.First();
        ((string?)error["failure_type"]).Should().Be("system_error");
        ((string?)error["message"]).Should().Contain("candidate.list").And.Contain("empty pages").And.Contain("confidential");
    }

    [Theory]
    [InlineData("sources", "source.list", """{"includeArchived":true}""")]
    [InlineData("close_reasons", "closeReason.list", """{"includeArchived":true}""")]
    [InlineData("source_tracking_links", "sourceTrackingLink.list", """{"includeDisabled":true}""")]
    [InlineData("job_boards", "jobBoard.list", "{}")]
    public async Task SingleCallStreamSayingMoreDataIsAvailable_FollowsItsCursor(string stream, string endpoint, string body)
    {
        Ashby.On(endpoint, FakeAshbyHandler.Page(FakeAshbyHandler.Rows("s", 2), more: true, nextCursor: "next"))
              .On(endpoint, FakeAshbyHandler.Page(FakeAshbyHandler.Rows("s", 1, 2), more: false, nextCursor: "ignored", syncToken: "not-taken"));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog((stream, "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo(endpoint).Select(r => r.Body.ToJsonString()).Should().Equal(body, body.Insert(body.Length - 1, (body == "{}" ? "" : ",") + "\"cursor\":\"next\""));
        result.Records(stream).Select(r => (string)r["data"]!["id"]!).Should().Equal("s-0", "s-1", "s-2");
        result.Statuses(stream).Should().EndWith("COMPLETE");
    }

    [Fact]
    public async Task SingleCallStreamSayingMoreDataWithoutACursor_FailsInsteadOfDroppingTheRest()
    {
        Ashby.On("source.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("s", 2), more: true));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("sources", "full_refresh")));

        result.ExitCode.Should().Be(1);
        result.Statuses("sources").Should().EndWith("INCOMPLETE");
        result.States("sources").Should().BeEmpty();
        var error = result.Errors.First();
        ((string?)error["failure_type"]).Should().Be("system_error");
        ((string?)error["message"]).Should().Contain("source.list").And.Contain("no cursor");
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];
}
