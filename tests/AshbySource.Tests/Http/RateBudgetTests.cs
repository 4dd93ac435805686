using AshbySource.Http;
using AshbySource.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.Http;

public class RateBudgetTests
{
    [Fact]
    public async Task Acquire_SpacesRequestsSoNoMinuteExceedsTheBudget()
    {
        var time = new FakeClock();
        var budget = new RateBudget(60, time);
        var start = time.GetUtcNow();
        var granted = new List<DateTimeOffset>();

        for (var i = 0; i < 130; i++)
        {
            granted.Add(await time.RunAsync(() => Acquire(budget)));
        }

        var worstMinute = granted.Select(t => granted.Count(u => u >= t && u < t.AddMinutes(1))).Max();
        worstMinute.Should().BeLessThanOrEqualTo(60);
        (granted[^1] - start).Should().BeGreaterThan(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task OnThrottled_PausesEveryoneUntilRetryAfterThenRecoversGradually()
    {
        var time = new FakeClock();
        var budget = new RateBudget(6000, time);
        budget.OnThrottled(TimeSpan.FromSeconds(20), partnerScope: false);
        DateTimeOffset? reported = null;

        var start = time.GetUtcNow();
        await time.RunAsync(() => AcquireReporting(budget, t => reported = t));

        (time.GetUtcNow() - start).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20));
        reported.Should().NotBeNull();
        budget.RateFactor.Should().Be(0.5);
        for (var i = 0; i < 5; i++)
        {
            budget.OnSuccess();
        }

        budget.RateFactor.Should().BeApproximately(0.75, 1e-9);
        for (var i = 0; i < 100; i++)
        {
            budget.OnSuccess();
        }

        budget.RateFactor.Should().Be(1.0);
    }

    [Fact]
    public void OnThrottled_PartnerScope_BacksOffHarder_AndABurstCountsOnce()
    {
        var time = new FakeClock();
        var budget = new RateBudget(600, time);

        budget.OnThrottled(TimeSpan.FromSeconds(2), partnerScope: true);
        budget.OnThrottled(TimeSpan.FromSeconds(2), partnerScope: true);

        budget.RateFactor.Should().Be(0.25);
        budget.Throttles.Should().Be(2);
    }

    [Fact]
    public async Task AStreamThatPagesInARow_IsNotQueuedBehindAStreamReadingSideBySide_AndTheBudgetStaysFull()
    {
        // 600 a minute and 300 ms a request: a windowed pass with 8 requests in flight could take every slot; a
        // stream whose pages follow each other asks once per answer. First come, first served, each of its pages
        // would wait behind the windows' 7 other reservations (0.7 s) on top of its 300 ms.
        var time = new FakeClock();
        var budget = new RateBudget(600, time);
        var latency = TimeSpan.FromMilliseconds(300);
        var interval = TimeSpan.FromMinutes(1) / 600 * 1.01;
        var start = time.GetUtcNow();
        var grants = new List<DateTimeOffset>();
        var sequentialDone = false;

        async Task Request(string stream)
        {
            using var lease = await budget.AcquireAsync(stream, TimeSpan.FromHours(1), null, CancellationToken.None);
            lock (grants)
            {
                grants.Add(lease.Slot);
            }

            await Task.Delay(latency, time);
        }

        async Task Windows()
        {
            async Task Window()
            {
                while (!Volatile.Read(ref sequentialDone))
                {
                    await Request("applications");
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Window()));
        }

        async Task<TimeSpan> Sequential()
        {
            for (var page = 0; page < 100; page++)
            {
                await Request("interview_schedules");
            }

            Volatile.Write(ref sequentialDone, true);
            return time.GetUtcNow() - start;
        }

        var (sequential, _) = await time.RunAsync(async () =>
        {
            var windows = Windows();
            var took = await Sequential();
            await windows;
            return (took, true);
        });

        sequential.Should().BeLessThanOrEqualTo(100 * (latency + 2 * interval), "each page waits at most about a slot for the budget");
        var used = grants.Count(g => g < start + sequential);
        used.Should().BeGreaterThanOrEqualTo((int)(sequential / interval) - 2, "the windows take every slot the other stream leaves");
        var worstMinute = grants.Select(t => grants.Count(u => u >= t && u < t.AddMinutes(1))).Max();
        worstMinute.Should().BeLessThanOrEqualTo(600);
    }

    [Theory]
    [InlineData(600, 30)]
    [InlineData(600, 70)]
    [InlineData(1000, 45)]
    [InlineData(6000, 7)]
    public async Task AClockThatMovesBetweenTwoReads_NeverMakesAWaitForALeftOverSlotNegative(int requestsPerMinute, int millisecondsPerRead)
    {
        // On a busy machine time passes between the budget reading the clock to reserve a slot and reading it again
        // to wait for one: a clock that moves on every read is that machine at its worst. A stream with many
        // requests in flight (a windowed pass) waits for slots left over, and none of its waits may come out negative.
        var time = new FakeTimeProvider(FakeClock.Epoch) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(millisecondsPerRead) };
        var budget = new RateBudget(requestsPerMinute, time);

        var requests = Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var lease = await budget.AcquireAsync("windows", TimeSpan.FromMinutes(1), null, CancellationToken.None);
            await Task.Yield();
        }));

        // Time passes only when the clock is read, so the test reads it (a few hours of it at most) until all are sent.
        for (var reads = 0; reads < 1_000_000 && !requests.IsCompleted; reads++)
        {
            time.GetUtcNow();
            await Task.Yield();
        }

        requests.IsCompleted.Should().BeTrue("every request got its slot");
        await requests;
    }

    private static async Task<DateTimeOffset> Acquire(RateBudget budget)
    {
        using var lease = await budget.AcquireAsync(null, TimeSpan.FromHours(1), null, CancellationToken.None);
        return lease.Slot;
    }

    private static async Task<bool> AcquireReporting(RateBudget budget, Action<DateTimeOffset> report)
    {
        using var lease = await budget.AcquireAsync("candidates", TimeSpan.FromSeconds(10), report, CancellationToken.None);
        return true;
    }
}
