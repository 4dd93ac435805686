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
/// The fake clock moves only when the thread pool has nothing queued, so this class runs alone, not beside other tests.
/// </summary>
[Collection(nameof(ChildConcurrencyTests))]
public sealed class ChildConcurrencyTests
{
    private const int Parents = 10_000;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(1_000)]
    [InlineData(6_000)]
    public async Task FanOut_With300msLatency_TakesAtMost115PercentOfTheBudgetBound(int requestsPerMinute)
    {
        // A small fan-out first, so that compiling the code paths on first use is not counted as fake time.
        await FanOutAsync(requestsPerMinute, parents: 300);

        var (rows, requests, wall, maxInFlight) = await FanOutAsync(requestsPerMinute, Parents);

        var budgetBound = TimeSpan.FromMinutes((double)requests / requestsPerMinute);
        rows.Should().Be(Parents);
        requests.Should().Be(Parents + (Parents / 100), "one request per parent plus the parent pages");
        wall.Should().BeLessThanOrEqualTo(budgetBound * 1.15, $"{requests} requests at {requestsPerMinute}/min are bound by {budgetBound.TotalSeconds:0.0} s");
        maxInFlight.Should().BeLessThanOrEqualTo(ChildFanOut.Window + 1, "the window of children plus the parent page read ahead");
    }

    /// <summary>A full-refresh <c>application_history</c> over <paramref name="parents"/> applications, on its own fake clock.</summary>
    private static async Task<(long Rows, int Requests, TimeSpan Wall, int MaxInFlight)> FanOutAsync(int requestsPerMinute, int parents)
    {
        var time = FakeClock.Create();
        using var ashby = new SlowAshby(time, Latency, parents);
        using var logs = new MemoryStream();
        var config = new SourceConfig { ApiKey = "key-abc-123", BaseUrl = new Uri("http://127.0.0.1:9/"), RequestsPerMinute = requestsPerMinute };
        var options = new AshbyHttpOptions { Time = time, Randomizer = () => 0.5, PrimaryHandler = ashby, AttemptTimeout = TimeSpan.FromHours(1), TotalTimeout = TimeSpan.FromHours(2) };
        using var client = AshbyHttp.CreateClient(config, options, new ConnectorLog(new MessageWriter(logs, new SecretRedactor(), time)));
        var passes = new StreamPasses(new StreamPager(client), new PassSettings(100, null));
        var started = time.GetUtcNow();

        using var pages = new PageOwner();
        var rows = await Task.Run(() => RunOnFakeClock(time, () => CountRowsAsync(passes.ReadAsync(StreamCatalog.ByName["application_history"], SyncMode.FullRefresh, null, pages, CancellationToken.None), pages)));

        return (rows, ashby.Requests, time.GetUtcNow() - started, ashby.MaxInFlight);
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

    /// <summary>
    /// Runs <paramref name="start"/> with every continuation on this one thread, and moves the fake clock in 5 ms steps
    /// only when nothing is left to run: time never runs ahead of the requests waiting for it, however busy the
    /// machine is.
    /// </summary>
    private static T RunOnFakeClock<T>(FakeTimeProvider time, Func<Task<T>> start)
    {
        var previous = SynchronizationContext.Current;
        var pump = new OneThread();
        SynchronizationContext.SetSynchronizationContext(pump);
        try
        {
            var task = start();
            for (var step = 0; !task.IsCompleted && step < 10_000_000; step++)
            {
                // Work that library code handed to the thread pool comes back here once it is done.
                for (var idle = 0; idle < 3;)
                {
                    if (pump.RunPending() || ThreadPool.PendingWorkItemCount > 0)
                    {
                        idle = 0;
                        Thread.Yield();
                    }
                    else
                    {
                        idle++;
                    }
                }

                time.Advance(TimeSpan.FromMilliseconds(5));
            }

            pump.RunPending();
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>A synchronisation context whose posted work runs only when the pump asks, on the pump's thread.</summary>
    private sealed class OneThread : SynchronizationContext
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _work = new();

        public override void Post(SendOrPostCallback d, object? state) => _work.Enqueue((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("the pump only takes posted work");

        public override SynchronizationContext CreateCopy() => this;

        public bool RunPending()
        {
            var ran = false;
            while (_work.TryDequeue(out var item))
            {
                item.Callback(item.State);
                ran = true;
            }

            return ran;
        }
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

/// <summary>Runs <see cref="ChildConcurrencyTests"/> after every parallel test, with nothing else running.</summary>
[CollectionDefinition(nameof(ChildConcurrencyTests), DisableParallelization = true)]
public sealed class ChildConcurrencyRunsAlone;
