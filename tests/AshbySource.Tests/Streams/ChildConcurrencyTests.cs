using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Protocol;
using AshbySource.Streams;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.Streams;

/// <summary>
/// A fan-out over 4,000 parents against an Ashby that takes 300 ms per answer, on a fake clock: the children are
/// read in parallel within the shared budget, so the run takes about as long as the budget allows, not
/// 4,000 × 300 ms; and no more than the window is in flight at once.
/// </summary>
[Collection(nameof(ChildConcurrencyTests))]
public sealed class ChildConcurrencyTests(ITestOutputHelper output)
{
    private const int Parents = 4_000;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(1_000)]
    [InlineData(6_000)]
    public async Task FanOut_With300msLatency_TakesAtMost115PercentOfTheBudgetBound(int requestsPerMinute)
    {
        var (rows, requests, elapsed, maxInFlight) = await FanOutAsync(requestsPerMinute);

        var budgetBound = TimeSpan.FromMinutes((double)requests / requestsPerMinute);
        output.WriteLine($"{requests} requests took {elapsed} on the fake clock, at most {maxInFlight} at once; the budget allows {budgetBound}");
        rows.Should().Be(Parents);
        requests.Should().Be(Parents + (Parents / 100), "one request per parent plus the parent pages");
        elapsed.Should().BeLessThanOrEqualTo(budgetBound * 1.15, $"{requests} requests at {requestsPerMinute}/min are bound by {budgetBound.TotalSeconds:0.0} s");
        maxInFlight.Should().BeLessThanOrEqualTo(ChildFanOut.Window + 1, "the window of children plus the parent page read ahead");
    }

    /// <summary>A full-refresh <c>application_history</c> over <see cref="Parents"/> applications, on its own fake clock.</summary>
    private static async Task<(long Rows, int Requests, TimeSpan Elapsed, int MaxInFlight)> FanOutAsync(int requestsPerMinute)
    {
        var time = new FakeClock();
        using var ashby = new SlowAshby(time, Latency, Parents);
        using var logs = new MemoryStream();
        using var client = TestClient.Create(ashby, time, logs, requestsPerMinute: requestsPerMinute);
        var passes = new StreamPasses(new StreamPager(client), new PassSettings(100, null));

        using var pages = new PageOwner();
        var rows = await time.RunAsync(() => CountRowsAsync(passes.ReadAsync(StreamCatalog.ByName["application_history"], SyncMode.FullRefresh, null, pages, CancellationToken.None), pages));

        return (rows, ashby.Requests, time.GetUtcNow() - FakeClock.Epoch, ashby.MaxInFlight);
    }

    private static async Task<long> CountRowsAsync(IAsyncEnumerable<PassEvent> events, PageOwner pages)
    {
        var rows = 0L;
        await foreach (var passEvent in events)
        {
            if (passEvent is PageRead read)
            {
                rows += read.RowCount;
                pages.Release(read.Page);
            }
        }

        return rows;
    }

    /// <summary>Answers after <c>latency</c> on the fake clock: 100 applications a page, one history row each.</summary>
    private sealed class SlowAshby(TimeProvider time, TimeSpan latency, int parents) : HttpMessageHandler
    {
        private int _inFlight;
        private int _maxInFlight;
        private int _requests;

        public int Requests => _requests;

        public int MaxInFlight => _maxInFlight;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = _maxInFlight) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
                await Task.Delay(latency, time, cancellationToken);
                var answer = request.RequestUri!.AbsolutePath.TrimStart('/') == "application.list" ? Applications((string?)body["cursor"], parents) : History((string)body["applicationId"]!);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static string Applications(string? cursor, int parents)
        {
            var page = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var last = (page + 1) * 100 >= parents;
            return FakeAshbyHandler.Page(Enumerable.Range(page * 100, 100).Select(i => $$"""{"id":"a{{i}}"}"""), more: !last, nextCursor: last ? null : $"{page + 1}");
        }

        private static string History(string applicationId) => FakeAshbyHandler.Page([$$"""{"id":"h-{{applicationId}}"}"""], more: false);
    }
}

/// <summary>
/// Runs <see cref="ChildConcurrencyTests"/> after the parallel tests, with nothing else running. The result is the
/// same beside other tests, but each of its 20,000 moves of the clock waits until the thread pool is idle, and beside
/// other tests that costs five times as long.
/// </summary>
[CollectionDefinition(nameof(ChildConcurrencyTests), DisableParallelization = true)]
public sealed class ChildConcurrencyRunsAlone;
