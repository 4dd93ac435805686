namespace AshbyEmulator.Faults;

/// <summary>
/// A sliding-window limiter: at most N requests per API key in any window (60 seconds unless configured
/// shorter or longer, e.g. by tests). Time comes from the injected clock.
/// </summary>
internal sealed class RateLimiter(int perMinute, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<long>> _windows = new(StringComparer.Ordinal);
    private readonly long _start = time.GetTimestamp();
    private int _perMinute = perMinute;
    private long _windowMs = (long)window.TotalMilliseconds;

    /// <summary>Length of the sliding window; changing it forgets the requests counted so far.</summary>
    public TimeSpan Window
    {
        get => TimeSpan.FromMilliseconds(Volatile.Read(ref _windowMs));
        set
        {
            lock (_lock)
            {
                _windowMs = (long)value.TotalMilliseconds;
                _windows.Clear();
            }
        }
    }

    public int PerMinute
    {
        get => Volatile.Read(ref _perMinute);
        set
        {
            lock (_lock)
            {
                _perMinute = value;
                _windows.Clear();
            }
        }
    }

    /// <summary>Counts the request if it fits the budget; otherwise says how many seconds until it would.</summary>
    public bool TryAcquire(string key, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        var nowMs = (long)time.GetElapsedTime(_start).TotalMilliseconds;
        lock (_lock)
        {
            if (_perMinute <= 0)
            {
                return true;
            }

            if (!_windows.TryGetValue(key, out var window))
            {
                _windows[key] = window = new Queue<long>();
            }

            while (window.Count > 0 && window.Peek() <= nowMs - _windowMs)
            {
                window.Dequeue();
            }

            if (window.Count < _perMinute)
            {
                window.Enqueue(nowMs);
                return true;
            }
            var waitMs = window.Peek() + _windowMs - nowMs;
            retryAfterSeconds = (int)Math.Max(1, (waitMs + 999) / 1000);
            return false;
        }
    }
}
