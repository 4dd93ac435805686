namespace AshbySource.Http;

/// <summary>
/// The request budget of a whole run, shared by every stream: requests are spaced so that no sliding minute
/// holds more than <c>requests_per_minute</c>. Ashby's limit is per organisation and shared with the
/// customer's other integrations (https://developers.ashbyhq.com/changelog/2026-10-14-identify-integration-partner-rate-limit-responses),
/// so a 429 slows the whole run down (multiplicative decrease) and successes speed it up again step by step
/// (additive increase) until the configured rate is reached.
/// </summary>
internal sealed class RateBudget : IDisposable
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

    /// <summary>Requests in flight per stream, from their budget wait to their answer; only streams with one are kept.</summary>
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Held by the one request that looks for a slot left over; the others wait for it first come, first served.</summary>
    private readonly SemaphoreSlim _leftOvers = new(1, 1);

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
    /// Reserves a slot for a request of <paramref name="lane"/> (a stream; null for a request of no stream) and waits
    /// for it; the request counts as in flight until the lease is disposed, after its answer is read.
    /// <paramref name="onLongWait"/> is told when the wait is long enough that the orchestrator should hear the
    /// stream is rate limited, with the time the wait ends.
    /// </summary>
    /// <remarks>
    /// A request whose stream has no other request in flight reserves the next free slot at once. One whose stream
    /// has (a windowed pass, a child fan-out) reserves only once the slots reserved so far are used up to one
    /// interval ahead. So a stream that pages in a row, each page waiting for the last one's cursor, is never queued
    /// behind the many requests of a stream that reads side by side: with first-come slots, a sync whose longest
    /// stream pages in a row ends well after its budget bound, that stream waiting its turn behind windows that could
    /// have waited instead. The budget is kept to either way.
    /// </remarks>
    public async ValueTask<BudgetLease> AcquireAsync(string? lane, TimeSpan longWait, Action<DateTimeOffset>? onLongWait, CancellationToken cancellationToken)
    {
        Enter(lane);
        try
        {
            var slot = await ReserveAsync(lane, longWait, onLongWait, cancellationToken);
            var wait = slot - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                if (wait >= longWait)
                {
                    onLongWait?.Invoke(slot);
                }

                await Task.Delay(wait, _time, cancellationToken);
            }

            return new BudgetLease(this, lane, slot);
        }
        catch
        {
            Leave(lane);
            throw;
        }
    }

    /// <summary>Reserves the slot: at once, or for a stream with other requests in flight once few slots are reserved ahead.</summary>
    private async ValueTask<DateTimeOffset> ReserveAsync(string? lane, TimeSpan longWait, Action<DateTimeOffset>? onLongWait, CancellationToken cancellationToken)
    {
        if (TryReserve(lane, out var slot, out _, out _))
        {
            return slot;
        }

        // The requests that wait for a slot left over take it in the order they came: a child fan-out hands its
        // rows back in parent order, so a request overtaken again and again would hold its whole window up.
        await _leftOvers.WaitAsync(cancellationToken);
        try
        {
            // Each pass of the loop waits until the reserved slots are used up to one interval ahead, and slots are
            // reserved only by requests that are then sent, so it ends once the other streams leave a slot free.
            while (true)
            {
                if (TryReserve(lane, out slot, out var retryAt, out var wait))
                {
                    return slot;
                }

                if (wait >= longWait)
                {
                    onLongWait?.Invoke(retryAt);
                }

                await Task.Delay(wait, _time, cancellationToken);
            }
        }
        finally
        {
            _leftOvers.Release();
        }
    }

    /// <summary>
    /// Reserves the next free slot if <paramref name="lane"/> has no other request in flight or the reserved slots
    /// reach at most one interval ahead; else says when they will, and how long that is from the same reading of the
    /// clock. Read twice, on a busy machine the clock could pass that time in between, and the wait come out negative.
    /// </summary>
    private bool TryReserve(string? lane, out DateTimeOffset slot, out DateTimeOffset retryAt, out TimeSpan retryIn)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var interval = _baseInterval / _rateFactor;
            slot = Max(now, Max(_nextSlot, _pausedUntil));
            retryAt = slot - interval;

            // Positive here (the slot lies more than an interval ahead), and rounded up to whole milliseconds: timers
            // drop the rest, so a wait of 0.1 ms would end at once on a clock that has not moved and the caller spin.
            retryIn = TimeSpan.FromMilliseconds(Math.Ceiling((retryAt - now).TotalMilliseconds));
            if (lane is null || _inFlight[lane] == 1 || slot <= now + interval)
            {
                _nextSlot = slot + interval;
                return true;
            }

            return false;
        }
    }

    private void Enter(string? lane)
    {
        if (lane is null)
        {
            return;
        }

        lock (_gate)
        {
            _inFlight[lane] = _inFlight.GetValueOrDefault(lane) + 1;
        }
    }

    /// <summary>A request of <paramref name="lane"/> is answered (or given up): it is no longer in flight.</summary>
    internal void Leave(string? lane)
    {
        if (lane is null)
        {
            return;
        }

        lock (_gate)
        {
            if (--_inFlight[lane] == 0)
            {
                _inFlight.Remove(lane);
            }
        }
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

    public void Dispose() => _leftOvers.Dispose();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>A request's place in the budget: its slot, and its stream's count of requests in flight until disposed.</summary>
internal readonly struct BudgetLease(RateBudget budget, string? lane, DateTimeOffset slot) : IDisposable
{
    public DateTimeOffset Slot { get; } = slot;

    public void Dispose() => budget.Leave(lane);
}
