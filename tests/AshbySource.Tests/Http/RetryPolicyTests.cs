using System.Net;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Tests.Http;

/// <summary>
/// The retry policy as a pure function: a state, an attempt's result and a time in, a decision out. No HTTP, no
/// clock: every time is an argument, and the jitter is fixed.
/// </summary>
public sealed class RetryPolicyTests
{
    private const string Endpoint = "candidate.list";

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Production limits; the policy reads no clock (<c>now</c> is an argument), so the provider is never asked.</summary>
    private static readonly AshbyHttpOptions Production = new() { Time = TimeProvider.System, Randomizer = () => 0.5 };

    private readonly RetryPolicy _sut = new(Production);

    [Fact]
    public void Success_NeedsNoDecision()
    {
        using var page = AshbyEnvelopeTests.Parse("""{"success":true,"results":[]}""");

        _sut.Decide(Attempted(), AttemptResult.Succeeded(page), T0).Should().BeNull();
    }

    [Fact]
    public void FailureNoRetryChanges_GivesUpWithItsOwnResolution()
    {
        var rejected = Answer(HttpStatusCode.Unauthorized);

        Decide(Attempted(), rejected, T0).Should().Be(new RetryDecision.GiveUp(rejected.Failure!));
    }

    [Fact]
    public void ServerFault_IsRetriedAfterTheBackOff_AndStartsTheFailureBudget()
    {
        var state = Attempted(at: T0);

        var retry = Retried(Decide(state, Answer(HttpStatusCode.ServiceUnavailable), T0.AddSeconds(2)));

        retry.Delay.Should().Be(TimeSpan.FromSeconds(0.75), "1 s, with jitter over its upper half (0.5 + 0.5 × 0.5)");
        retry.Next.Should().Be(state with { FailingSince = T0, FailureRetries = 1, LastFailure = "HTTP 503" });
    }

    [Fact]
    public void BackOff_DoublesFromOneSecondUpToSixtySeconds()
    {
        var delays = new List<TimeSpan>();
        var state = Attempted();
        for (var retry = 0; retry < 8; retry++)
        {
            var decision = Retried(Decide(state, Answer(HttpStatusCode.BadGateway), T0));
            delays.Add(decision.Delay);
            state = decision.Next.Attempting(T0);
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(0.75, 1.5, 3, 6, 12, 24, 45, 45);
    }

    [Theory]
    [InlineData(0.0, 30)]
    [InlineData(0.999, 59.97)]
    public void Jitter_SpreadsOverTheUpperHalfOfTheDelay(double random, double seconds)
    {
        var sut = new RetryPolicy(Production with { Randomizer = () => random });

        var retry = Retried(sut.Decide(Attempted() with { FailureRetries = 7 }, Answer(HttpStatusCode.InternalServerError), T0));

        retry.Delay.TotalSeconds.Should().BeApproximately(seconds, 0.001);
    }

    [Fact]
    public void ServerRetryAfter_WinsOverTheBackOff()
    {
        var retry = Retried(Decide(Attempted(), Answer(HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(20)), T0));

        retry.Delay.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void EightRetries_ThenGivesUpAsTransient_SayingWhatFailedLast()
    {
        var state = Attempted(at: T0.AddSeconds(100)) with { Started = T0, Attempts = 9, FailingSince = T0, FailureRetries = 8 };

        var giveUp = GaveUp(Decide(state, Answer(HttpStatusCode.GatewayTimeout), T0.AddSeconds(101)));

        giveUp.Code.Should().Be("retries_exhausted");
        giveUp.FailureType.Should().Be(FailureType.TransientError);
        giveUp.Message.Should().Be("Ashby did not answer candidate.list successfully in 9 attempt(s) over 101 s (last: HTTP 504). This is usually temporary; the next attempt resumes from the last checkpoint.");
    }

    [Theory]
    [InlineData(235, true)]
    [InlineData(239, false)]
    public void NoRetryStartsAfterFourMinutesOfFailures(int secondsSinceFirstFailure, bool retried)
    {
        // The next back-off is 1.5 s (second retry): at 239 s it would start after the 240 s window.
        var state = Attempted(at: T0.AddSeconds(200)) with { FailingSince = T0, FailureRetries = 1 };

        var decision = Decide(state, Answer(HttpStatusCode.ServiceUnavailable), T0.AddSeconds(secondsSinceFirstFailure));

        (decision is RetryDecision.Retry).Should().Be(retried);
    }

    [Fact]
    public void Throttle_WaitsForRetryAfter_AndCountsItsOwnBudget()
    {
        var state = Attempted(at: T0) with { FailingSince = T0.AddSeconds(-10), FailureRetries = 3 };

        var retry = Retried(Decide(state, Answer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7)), T0.AddSeconds(1)));

        retry.Delay.Should().Be(TimeSpan.FromSeconds(7));
        retry.Next.Should().Be(state with { ThrottledSince = T0, ThrottleRetries = 1, LastFailure = "HTTP 429" }, "throttling leaves the failure budget as it was");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void Throttle_WaitsAtLeastOneSecond(int? retryAfterSeconds)
    {
        var retryAfter = retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;

        var retry = Retried(Decide(Attempted(), Answer(HttpStatusCode.TooManyRequests, retryAfter: retryAfter), T0));

        retry.Delay.Should().Be(TimeSpan.FromSeconds(1), "Retry-After may say 0, and without it the first back-off is 0.75 s");
    }

    [Fact]
    public void ThrottlingCodeWithHttp200_IsThrottling()
    {
        var answer = Answer(HttpStatusCode.OK, "rate_limit_exceeded");

        Retried(Decide(Attempted(), answer, T0)).Next.ThrottleRetries.Should().Be(1);
    }

    [Theory]
    [InlineData(598, true)]
    [InlineData(599, false)]
    public void TenMinutesOfUnbrokenThrottling_GiveUpWithTheRateLimitAdvice(int secondsThrottled, bool retried)
    {
        var state = Attempted(at: T0.AddSeconds(secondsThrottled)) with { ThrottledSince = T0, ThrottleRetries = 300 };

        var decision = Decide(state, Answer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(1)), T0.AddSeconds(secondsThrottled));

        if (retried)
        {
            decision.Should().BeOfType<RetryDecision.Retry>("the count of throttled retries does not end a storm");
            return;
        }

        var giveUp = GaveUp(decision);
        giveUp.Code.Should().Be("rate_limit_exceeded");
        giveUp.Message.Should().StartWith("Ashby kept rate-limiting candidate.list for 10 minutes without a break").And.Contain("lower requests_per_minute");
    }

    [Fact]
    public void AFailureBreaksTheThrottling_SoTheNextThrottleStartsANewWindow()
    {
        var throttling = Attempted(at: T0.AddSeconds(500)) with { ThrottledSince = T0, ThrottleRetries = 200 };

        var afterFailure = Retried(Decide(throttling, Answer(HttpStatusCode.BadGateway), T0.AddSeconds(501))).Next.Attempting(T0.AddSeconds(502));
        var afterThrottle = Retried(Decide(afterFailure, Answer(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(1)), T0.AddSeconds(503))).Next;

        afterFailure.ThrottledSince.Should().BeNull();
        afterThrottle.ThrottledSince.Should().Be(T0.AddSeconds(502));
    }

    [Fact]
    public void ChecksShorterWindow_EndsRetriesWithinFifteenSeconds()
    {
        var sut = new RetryPolicy(Production with { FailureWindow = TimeSpan.FromSeconds(15), ThrottleWindow = TimeSpan.FromSeconds(15) });
        var state = Attempted(at: T0.AddSeconds(12)) with { FailingSince = T0, FailureRetries = 2 };

        var decision = sut.Decide(state, Answer(HttpStatusCode.ServiceUnavailable), T0.AddSeconds(13));

        GaveUp(decision!).Code.Should().Be("retries_exhausted", "the next back-off (3 s) would start the retry after 15 s");
    }

    [Fact]
    public void OutOfTime_NamesTheLastFailure()
    {
        var state = Attempted(at: T0) with { Started = T0, Attempts = 4, LastFailure = "no complete answer within 30 s" };

        RetryPolicy.OutOfTime(state, T0.AddMinutes(30)).Message.Should().Contain("in 4 attempt(s) over 1800 s (last: no complete answer within 30 s)");
        RetryPolicy.OutOfTime(state with { LastFailure = null }, T0.AddMinutes(30)).Message.Should().Contain("(last: no answer)");
    }

    private static RetryState Attempted(DateTimeOffset? at = null) => new RetryState(Endpoint, T0).Attempting(at ?? T0);

    private static AttemptResult Answer(HttpStatusCode status, string? code = null, TimeSpan? retryAfter = null) =>
        AttemptResult.Failed(AshbyErrorClassifier.Resolve(Endpoint, status, code, null), status, $"HTTP {(int)status}", retryAfter: retryAfter);

    private RetryDecision Decide(RetryState state, AttemptResult attempt, DateTimeOffset now) =>
        _sut.Decide(state, attempt, now) ?? throw new InvalidOperationException("a failure always gets a decision");

    private static RetryDecision.Retry Retried(RetryDecision? decision) => decision.Should().BeOfType<RetryDecision.Retry>().Subject;

    private static ErrorResolution GaveUp(RetryDecision? decision) => decision.Should().BeOfType<RetryDecision.GiveUp>().Subject.Resolution;
}
