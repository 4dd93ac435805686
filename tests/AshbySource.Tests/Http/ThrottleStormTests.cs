using System.Net;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.Http;

/// <summary>Rate-limit storms are ridden out by time (10 minutes of unbroken throttling), not by a count of attempts.</summary>
public sealed class ThrottleStormTests(ITestOutputHelper output) : FakeClockClientTest
{
    private static readonly string OkPage = FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: false);

    public static TheoryData<bool> Http200 => new() { false, true };

    private static HttpResponseMessage Throttled(bool http200)
    {
        var response = FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), http200 ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }

    [Theory]
    [MemberData(nameof(Http200))]
    public async Task ThrottledForTwoMinutes_IsRiddenOut(bool http200)
    {
        var stormEnds = Time.GetUtcNow() + TimeSpan.FromMinutes(2);
        using var handler = new AsyncHandler((_, _) => Task.FromResult(Time.GetUtcNow() < stormEnds ? Throttled(http200) : FakeAshbyHandler.Json(OkPage)));
        using var client = Client(handler);

        using var page = await client.PostOnClockAsync(Time);

        output.WriteLine($"succeeded at {Time.GetUtcNow() - stormEnds + TimeSpan.FromMinutes(2)} on the fake clock after {handler.Requests} attempts");
        page.RecordCount.Should().Be(2);
        Time.GetUtcNow().Should().BeOnOrAfter(stormEnds);
        handler.Requests.Should().BeGreaterThan(9, "the count of retries does not cut a storm short");
        client.Budget.RateFactor.Should().BeLessThan(1, "the whole run was slowed down");
    }

    [Theory]
    [MemberData(nameof(Http200))]
    public async Task EndlessThrottling_GivesUpAfterTenMinutesWithARateLimitMessage(bool http200)
    {
        using var handler = new AsyncHandler((_, _) => Task.FromResult(Throttled(http200)));
        using var client = Client(handler);

        var (error, elapsed) = await PostFailsAsync(client);

        output.WriteLine($"gave up after {elapsed} on the fake clock, {handler.Requests} attempts: {error.Message}");
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(9)).And.BeLessThan(TimeSpan.FromMinutes(11));
        handler.Requests.Should().BeLessThanOrEqualTo(601, "every throttled retry waits at least a second");
        error.FailureType.Should().Be(FailureType.TransientError);
        error.Message.Should().Contain("rate-limit").And.Contain("requests_per_minute").And.Contain("other integrations").And.NotContain(TestClient.Canary);
    }
}
