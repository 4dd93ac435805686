namespace AshbySource.Http;

/// <summary>
/// Where one request stands in its retries. A value: the policy hands back the next one with every retry, and the
/// client keeps the latest for the log line and for the message when the whole request runs out of time.
/// </summary>
/// <param name="Endpoint">The Ashby endpoint the request posts to, for messages.</param>
/// <param name="Started">When the request began, before its first attempt.</param>
internal sealed record RetryState(string Endpoint, DateTimeOffset Started)
{
    public int Attempts { get; init; }

    public DateTimeOffset AttemptStarted { get; init; }

    /// <summary>Start of the first failed attempt that was not throttled.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public int FailureRetries { get; init; }

    /// <summary>Start of the first attempt of the current unbroken run of throttled answers.</summary>
    public DateTimeOffset? ThrottledSince { get; init; }

    public int ThrottleRetries { get; init; }

    /// <summary>What the last failed attempt was, for the retry log line and the message of a request that ran out of time.</summary>
    public string? LastFailure { get; init; }

    /// <summary>The state once another attempt starts at <paramref name="now"/>.</summary>
    public RetryState Attempting(DateTimeOffset now) => this with { Attempts = Attempts + 1, AttemptStarted = now };
}

/// <summary>What <see cref="RetryPolicy"/> says about a failed attempt.</summary>
internal abstract record RetryDecision
{
    private RetryDecision()
    {
    }

    /// <summary>Send the request again after <paramref name="Delay"/>, from state <paramref name="Next"/>.</summary>
    public sealed record Retry(TimeSpan Delay, RetryState Next) : RetryDecision;

    /// <summary>Stop: the request fails with <paramref name="Resolution"/>.</summary>
    public sealed record GiveUp(ErrorResolution Resolution) : RetryDecision;
}

/// <summary>
/// Whether a failed attempt is sent again, and after how long; a pure function of the request's state, the attempt's
/// result and the time, so its limits are tested without HTTP or clocks. Two budgets, as Airbyte's CDK stacks a
/// rate-limit back-off without a tries limit over a default back-off with one
/// (https://github.com/airbytehq/airbyte-python-cdk/blob/main/airbyte_cdk/sources/streams/http/rate_limiting.py):
/// <list type="bullet">
/// <item>throttling (429, or a throttling code with HTTP 200) is retried for <see cref="AshbyHttpOptions.ThrottleWindow"/>
/// of unbroken throttling, waiting for <c>Retry-After</c> and at least <see cref="AshbyHttpOptions.MinimumThrottleDelay"/>;</item>
/// <item>other retried failures get <see cref="AshbyHttpOptions.MaxRetries"/> retries within
/// <see cref="AshbyHttpOptions.FailureWindow"/> of the first such failure.</item>
/// </list>
/// A retry that could only start after its window is not made, so the window bounds the whole request (with one
/// attempt timeout on top). When a limit is reached, the resolution says which one.
/// </summary>
/// <remarks>
/// The back-off is computed here rather than by Polly's <c>DelayBackoffType.Exponential</c>: Polly picks its delay
/// after <c>ShouldHandle</c> has answered and counts one sequence of attempts, whereas each budget here counts its
/// own retries and needs the delay to decide whether the retry still starts inside its window.
/// </remarks>
internal sealed class RetryPolicy(AshbyHttpOptions options)
{
    private readonly Func<double> _random = options.Randomizer ?? Random.Shared.NextDouble;

    /// <summary>
    /// The decision about <paramref name="attempt"/>, which ended at <paramref name="now"/>; null when it succeeded.
    /// A failure that no retry changes gives up with its own resolution.
    /// </summary>
    public RetryDecision? Decide(RetryState state, AttemptResult attempt, DateTimeOffset now)
    {
        if (attempt.Failure is not { } failure)
        {
            return null;
        }

        if (!failure.IsRetried)
        {
            return new RetryDecision.GiveUp(failure);
        }

        var failed = state with { LastFailure = attempt.Description };
        if (failure.Action == ResponseAction.Throttle)
        {
            var throttledSince = state.ThrottledSince ?? state.AttemptStarted;
            var wait = attempt.RetryAfter ?? Backoff(state.ThrottleRetries);
            wait = wait < options.MinimumThrottleDelay ? options.MinimumThrottleDelay : wait;
            return now + wait - throttledSince >= options.ThrottleWindow
                ? new RetryDecision.GiveUp(AshbyErrorClassifier.RateLimited(state.Endpoint, options.ThrottleWindow))
                : new RetryDecision.Retry(wait, failed with { ThrottledSince = throttledSince, ThrottleRetries = state.ThrottleRetries + 1 });
        }

        var failingSince = state.FailingSince ?? state.AttemptStarted;
        var delay = attempt.RetryAfter ?? Backoff(state.FailureRetries);
        return state.FailureRetries >= options.MaxRetries || now + delay - failingSince >= options.FailureWindow
            ? new RetryDecision.GiveUp(AshbyErrorClassifier.GaveUp(state.Endpoint, attempt.Description ?? failure.Code ?? "failure", state.Attempts, now - state.Started))
            : new RetryDecision.Retry(delay, failed with { ThrottledSince = null, FailingSince = failingSince, FailureRetries = state.FailureRetries + 1 });
    }

    /// <summary>The request as a whole ran out of time (<see cref="AshbyHttpOptions.TotalTimeout"/>) at <paramref name="now"/>.</summary>
    public static ErrorResolution OutOfTime(RetryState state, DateTimeOffset now) =>
        AshbyErrorClassifier.GaveUp(state.Endpoint, state.LastFailure ?? "no answer", state.Attempts, now - state.Started);

    /// <summary>Exponential back-off with jitter over the upper half, so that concurrent streams spread out.</summary>
    private TimeSpan Backoff(int retry)
    {
        var exponential = options.BaseDelay * Math.Pow(2, Math.Min(retry, 30));
        var capped = exponential > options.MaxDelay ? options.MaxDelay : exponential;
        return capped * (0.5 + (0.5 * _random()));
    }
}
