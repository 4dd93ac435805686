using AshbySource.Http;
using AshbySource.Tests.TestSupport;

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

    private static async Task<DateTimeOffset> Acquire(RateBudget budget) =>
        await budget.AcquireAsync(TimeSpan.FromHours(1), null, CancellationToken.None);

    private static async Task<bool> AcquireReporting(RateBudget budget, Action<DateTimeOffset> report)
    {
        await budget.AcquireAsync(TimeSpan.FromSeconds(10), report, CancellationToken.None);
        return true;
    }
}
