namespace AshbyEmulator.Faults;

/// <summary>A sliding-window limiter: at most N requests per API key in any 60 seconds.</summary>
internal sealed class RateLimiter(int perMinute)
{
    private const long WindowMs = 60_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<long>> _windows = new(StringComparer.Ordinal);
    private int _perMinute = perMinute;

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
    public bool TryAcquire(string key, long nowMs, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        lock (_lock)
        {
            if (_perMinute <= 0)
                return true;
            if (!_windows.TryGetValue(key, out var window))
                _windows[key] = window = new Queue<long>();
            while (window.Count > 0 && window.Peek() <= nowMs - WindowMs)
                window.Dequeue();
            if (window.Count < _perMinute)
            {
                window.Enqueue(nowMs);
                return true;
            }
            var waitMs = window.Peek() + WindowMs - nowMs;
            retryAfterSeconds = (int)Math.Max(1, (waitMs + 999) / 1000);
            return false;
        }
    }
}
