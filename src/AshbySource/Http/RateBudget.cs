namespace AshbySource.Http;

/// <summary>
/// The request budget of a whole run, shared by every stream: requests are spaced so that no sliding minute
/// holds more than <c>requests_per_minute</c>. Ashby's limit is per organisation and shared with the
/// customer's other integrations (https://developers.ashbyhq.com/changelog/2026-10-14-identify-integration-partner-rate-limit-responses),
/// so a 429 slows the whole run down (multiplicative decrease) and successes speed it up again step by step
/// (additive increase) until the configured rate is reached.
/// </summary>
internal sealed class RateBudget
{
    /// <summary>Slack so that network jitter at arrival cannot push a window over the budget.</summary>
    private const double SpacingHeadroom = 1.01;
    private const double MinimumRateFactor = 1.0 / 32;
    private const double RecoveryStep = 0.05;

    private readonly TimeProvider _time;
    private readonly TimeSpan _baseInterval;
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastDecrease = DateTimeOffset.MinValue;
    private double _rateFactor = 1.0;

    public RateBudget(int requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _time = time;
        _baseInterval = TimeSpan.FromMinutes(1) / requestsPerMinute * SpacingHeadroom;
    }

    /// <summary>The fraction of the configured rate currently allowed (1 = full speed).</summary>
    public double RateFactor
    {
        get
        {
            lock (_gate)
            {
                return _rateFactor;
            }
        }
    }

    public long Throttles { get; private set; }

    /// <summary>
    /// Reserves the next free slot and waits for it. <paramref name="onLongWait"/> is told when the wait is long
    /// enough that the orchestrator should hear the stream is rate limited, with the time the wait ends.
    /// Returns the reserved slot.
    /// </summary>
    public async ValueTask<DateTimeOffset> AcquireAsync(TimeSpan longWait, Action<DateTimeOffset>? onLongWait, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        DateTimeOffset now;
        lock (_gate)
        {
            now = _time.GetUtcNow();
            slot = Max(now, Max(_nextSlot, _pausedUntil));
            _nextSlot = slot + (_baseInterval / _rateFactor);
        }

        var wait = slot - now;
        if (wait <= TimeSpan.Zero)
        {
            return slot;
        }

        if (wait >= longWait)
        {
            onLongWait?.Invoke(slot);
        }

        await Task.Delay(wait, _time, cancellationToken);
        return slot;
    }

    /// <summary>Takes what one answer says about the rate: throttled (and whether for the partner's combined traffic), or through.</summary>
    public void Learn(HttpResponseMessage response, AttemptResult result)
    {
        if (result.Failure?.Action == ResponseAction.Throttle)
        {
            var partner = response.Headers.TryGetValues("X-RateLimit-Scope", out var scopes)
                && scopes.Any(s => s.Contains("integration-partner", StringComparison.OrdinalIgnoreCase));
            OnThrottled(result.RetryAfter, partner);
        }
        else if (response.IsSuccessStatusCode && result.Failure is not { IsRetried: true })
        {
            OnSuccess();
        }
    }

    /// <summary>Ashby throttled us: pause everyone until <paramref name="retryAfter"/> has passed and slow down.</summary>
    public void OnThrottled(TimeSpan? retryAfter, bool partnerScope)
    {
        lock (_gate)
        {
            Throttles++;
            var now = _time.GetUtcNow();
            var pause = retryAfter ?? TimeSpan.FromSeconds(1);
            _pausedUntil = Max(_pausedUntil, now + pause);

            // Several requests in flight see the same 429 burst: decrease once per pause window, not once per answer.
            if (now >= _lastDecrease)
            {
                // A throttle of the partner's combined traffic means other customers' syncs compete too: back off harder.
                _rateFactor = Math.Max(MinimumRateFactor, _rateFactor * (partnerScope ? 0.25 : 0.5));
                _lastDecrease = now + pause;
            }
        }
    }

    /// <summary>A request got through: creep back towards the configured rate.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            if (_rateFactor < 1.0)
            {
                _rateFactor = Math.Min(1.0, _rateFactor + RecoveryStep);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
