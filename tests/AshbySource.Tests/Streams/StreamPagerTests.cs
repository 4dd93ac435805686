using System.Net;
using System.Text.Json;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Streams;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

/// <summary>The pager yields values and writes nothing: these tests read what it yields, with no stdout at all.</summary>
public sealed class StreamPagerTests : IDisposable
{
    private readonly FakeClock _time = new();
    private readonly FakeAshbyHandler _ashby = new();
    private readonly MemoryStream _logs = new();
    private readonly PageOwner _pages = new();
    private readonly AshbyClient _client;

    public StreamPagerTests() => _client = TestClient.Create(_ashby, _time, _logs, o => o with { MaxRetries = 2 });

    [Fact]
    public async Task Read_YieldsEachPageWithTheCheckpointThatCoversItAndASummary()
    {
        _ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 3), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2, 3), more: false));

        var events = await ReadAllAsync(Planner(SyncMode.FullRefresh));

        var pages = events.OfType<PageRead>().ToList();
        pages.Select(p => p.Page.RecordCount).Should().Equal(3, 2);
        pages.Select(p => Json(p.Checkpoint)).Should().Equal("""{"pass":{"kind":"full","cursor":"p2"}}""", """{"__ab_full_refresh_sync_complete":true}""");
        events[^1].Should().BeOfType<PassNote>().Which.Message.Should().StartWith("Stream candidates: 5 records, 2 pages, 2 requests");
        _logs.Length.Should().Be(0, "the pager writes nothing");
    }

    [Fact]
    public async Task Read_AsksForTheNextPageBeforeTheCurrentOneIsConsumed()
    {
        _ashby.On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true, nextCursor: "p2"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 1), more: false));

        var askedWhileHeld = await _time.RunAsync(async () =>
        {
            await using var pager = new StreamPager(_client).ReadAsync(Planner(SyncMode.FullRefresh), _pages, CancellationToken.None).GetAsyncEnumerator();
            (await pager.MoveNextAsync()).Should().BeTrue();
            using var first = ((PageRead)pager.Current).Page;
            return await _time.UntilAsync(() => _ashby.Requests.Count == 2, within: TimeSpan.FromMinutes(1));
        });

        askedWhileHeld.Should().BeTrue("the second page is asked for while the first is still held");
        _ashby.Requests.Select(r => r.Body.ToJsonString()).Should().Equal("""{"limit":100}""", """{"limit":100,"cursor":"p2"}""");
    }

    [Fact]
    public async Task Read_RefusedSyncToken_YieldsTheWarningAndReadsTheWholeTable()
    {
        _ashby.On("candidate.list", FakeAshbyHandler.Error("sync_token_expired"))
              .On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: false, syncToken: "fresh"));

        var events = await ReadAllAsync(Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "old" }));

        events[0].Should().BeOfType<PassNote>().Which.Level.Should().Be(LogLevel.Warn);
        _ashby.Requests.Select(r => r.Body.ToJsonString()).Should().Equal("""{"limit":100,"syncToken":"old"}""", """{"limit":100}""");
        var page = events.OfType<PageRead>().Single();
        Json(page.Checkpoint).Should().Be("""{"sync_token":"fresh"}""");
    }

    [Fact]
    public async Task Read_UnrecoverableRefusal_Propagates()
    {
        _ashby.On("candidate.list", FakeAshbyHandler.Error("invalid_input"));

        var act = () => ReadAllAsync(Planner(SyncMode.FullRefresh));

        (await act.Should().ThrowAsync<AshbyApiException>()).Which.Resolution.Action.Should().Be(ResponseAction.Fail);
    }

    [Fact]
    public async Task Read_LongRateLimitWait_IsYieldedAsAValueBeforeThePage()
    {
        _ashby.On("candidate.list", _ =>
        {
            var throttled = FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), HttpStatusCode.TooManyRequests);
            throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
            return throttled;
        }).On("candidate.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: false));
        var start = _time.GetUtcNow();

        var events = await ReadAllAsync(Planner(SyncMode.FullRefresh));

        var limited = events.OfType<RateLimited>().Should().ContainSingle().Subject;
        limited.ResumeAt.Should().BeOnOrAfter(start.AddSeconds(29));
        events.IndexOf(limited).Should().BeLessThan(events.FindIndex(e => e is PageRead));
    }

    public void Dispose()
    {
        _pages.Dispose();
        _client.Dispose();
        _logs.Dispose();
        _ashby.Dispose();
    }

    private static PassPlanner Planner(SyncMode mode, StreamCheckpoint? stored = null) =>
        new(StreamCatalog.ByName["candidates"], mode, new PassSettings(100, null), stored);

    private Task<List<PassEvent>> ReadAllAsync(PassPlanner planner) =>
        _time.RunAsync(() => Collect(new StreamPager(_client).ReadAsync(planner, _pages, CancellationToken.None)));

    private static async Task<List<PassEvent>> Collect(IAsyncEnumerable<PassEvent> events)
    {
        var all = new List<PassEvent>();
        await foreach (var passEvent in events)
        {
            all.Add(passEvent);
        }

        return all;
    }

    private static string Json(StreamCheckpoint? checkpoint) =>
        JsonSerializer.Serialize(checkpoint, CheckpointJsonContext.Default.StreamCheckpoint);
}
