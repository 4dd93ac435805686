namespace AshbyEmulator.Api;

/// <summary>
/// The emulator's waits (latency, the slow fault) on the injected clock, plus a count of API requests being
/// worked on right now. A request waiting on the clock is not busy: a test driving a fake clock moves it only
/// while nothing is busy, so time passes for waits and never in the middle of real work.
/// </summary>
internal sealed class RequestClock(TimeProvider time, int latencyMs, int slowMs)
{
    private int _busy;
    private int _waiting;
    private int _latencyMs = latencyMs;
    private int _slowMs = slowMs;

    /// <summary>API requests in progress that are not waiting on the clock.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>API requests waiting on the clock (latency, the slow fault).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Delay added to every API request (adjustable through <c>/_admin/faults</c>).</summary>
    public int LatencyMs
    {
        get => Volatile.Read(ref _latencyMs);
        set => Volatile.Write(ref _latencyMs, value);
    }

    /// <summary>How long the slow fault stalls (adjustable through <c>/_admin/faults</c>).</summary>
    public int SlowMs
    {
        get => Volatile.Read(ref _slowMs);
        set => Volatile.Write(ref _slowMs, value);
    }

    /// <summary>Marks a request busy until the returned scope is disposed.</summary>
    public BusyScope Enter()
    {
        Interlocked.Increment(ref _busy);
        return new BusyScope(this);
    }

    /// <summary>Waits on the clock; the request does not count as busy meanwhile.</summary>
    public async Task DelayAsync(int milliseconds, CancellationToken ct)
    {
        // The timer exists before the request counts as waiting, so whoever sees it waiting can move the clock past it.
        var delay = Task.Delay(TimeSpan.FromMilliseconds(milliseconds), time, ct);
        Interlocked.Increment(ref _waiting);
        Interlocked.Decrement(ref _busy);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Increment(ref _busy);
            Interlocked.Decrement(ref _waiting);
        }
    }

    public readonly struct BusyScope(RequestClock clock) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref clock._busy);
    }
}
