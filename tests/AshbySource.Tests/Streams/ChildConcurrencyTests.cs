using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Configuration;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.Streams;

/// <summary>
/// A fan-out over 10,000 parents against an Ashby that takes 300 ms per answer, on a fake clock: the children are
/// read in parallel within the shared budget, so the run takes about as long as the budget allows, not
/// 10,000 × 300 ms; and no more than the window is in flight at once.
/// </summary>
public sealed class ChildConcurrencyTests
{
    private const int Parents = 10_000;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(1_000)]
    [InlineData(6_000)]
    public async Task FanOut_With300msLatency_TakesAtMost115PercentOfTheBudgetBound(int requestsPerMinute)
    {
        var time = FakeClock.Create();
        using var ashby = new SlowAshby(time, Latency);
        using var logs = new MemoryStream();
        var config = new SourceConfig { ApiKey = "key-abc-123", BaseUrl = new Uri("http://127.0.0.1:9/"), RequestsPerMinute = requestsPerMinute };
        var options = new AshbyHttpOptions { Time = time, Randomizer = () => 0.5, PrimaryHandler = ashby, AttemptTimeout = TimeSpan.FromHours(1), TotalTimeout = TimeSpan.FromHours(2) };
        using var client = new AshbyClient(config, options, new ConnectorLog(new MessageWriter(logs, new SecretRedactor(), time)));
        var passes = new StreamPasses(new StreamPager(client), 100, null);
        var started = time.GetUtcNow();

        // Everything runs on the thread pool, outside xunit's synchronisation context, so the pump can see queued work.
        var rows = await Task.Run(() => PumpUntilDoneAsync(time, () => CountRowsAsync(passes.ReadAsync(StreamCatalog.ByName["application_history"], SyncMode.FullRefresh, null, CancellationToken.None))));

        var wall = time.GetUtcNow() - started;
        var requests = ashby.Requests;
        var budgetBound = TimeSpan.FromMinutes((double)requests / requestsPerMinute);
        rows.Should().Be(Parents);
        requests.Should().Be(Parents + (Parents / 100), "one request per parent plus the parent pages");
        wall.Should().BeLessThanOrEqualTo(budgetBound * 1.15, $"{requests} requests at {requestsPerMinute}/min are bound by {budgetBound.TotalSeconds:0.0} s");
        ashby.MaxInFlight.Should().BeLessThanOrEqualTo(ChildFanOut.Window + 1, "the window of children plus the parent page read ahead");
    }

    private static async Task<long> CountRowsAsync(IAsyncEnumerable<PassEvent> events)
    {
        var rows = 0L;
        await foreach (var passEvent in events)
        {
            if (passEvent is PageRead read)
            {
                rows += read.RowCount;
                read.Page.Dispose();
            }
        }

        return rows;
    }

    /// <summary>
    /// Moves the fake clock in 5 ms steps, each only after the work the last step released has run (the thread
    /// pool has nothing queued and no more workers busy than before the run), so that time never runs ahead of the
    /// requests waiting for it.
    /// </summary>
    private static async Task<T> PumpUntilDoneAsync<T>(FakeTimeProvider time, Func<Task<T>> start)
    {
        var baseline = BusyWorkers();
        var task = Task.Run(start);
        for (var step = 0; !task.IsCompleted && step < 10_000_000; step++)
        {
            // Bounded: a worker that stays busy (another test's) cannot stop the clock for good.
            for (int quiet = 0, spins = 0; quiet < 3 && spins < 100_000; spins++)
            {
                await Task.Yield();
                quiet = ThreadPool.PendingWorkItemCount == 0 && BusyWorkers() <= baseline ? quiet + 1 : 0;
            }

            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        return await task;
    }

    /// <summary>Thread-pool workers running an item right now.</summary>
    private static int BusyWorkers()
    {
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return maxWorkers - availableWorkers;
    }

    /// <summary>Answers after <c>latency</c> on the fake clock: 100 applications a page, one history row each.</summary>
    private sealed class SlowAshby(TimeProvider time, TimeSpan latency) : HttpMessageHandler
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
                var answer = request.RequestUri!.AbsolutePath.TrimStart('/') == "application.list" ? Applications((string?)body["cursor"]) : History((string)body["applicationId"]!);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static string Applications(string? cursor)
        {
            var page = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var last = (page + 1) * 100 >= Parents;
            return FakeAshbyHandler.Page(Enumerable.Range(page * 100, 100).Select(i => $$"""{"id":"a{{i}}"}"""), more: !last, nextCursor: last ? null : $"{page + 1}");
        }

        private static string History(string applicationId) => FakeAshbyHandler.Page([$$"""{"id":"h-{{applicationId}}"}"""], more: false);
    }
}
