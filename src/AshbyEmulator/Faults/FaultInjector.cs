using AshbyEmulator.Data;

namespace AshbyEmulator.Faults;

/// <summary>
/// Decides which requests get a fault. The decision is a hash of (fault seed, endpoint, request body,
/// attempt number of that identical body), so it is reproducible and independent of how concurrent
/// requests interleave; a request is never faulted more than <see cref="MaxConsecutive"/> times in a row,
/// so a client that retries eventually gets through.
/// </summary>
internal sealed class FaultInjector
{
    public const int MaxConsecutive = 3;

    /// <summary>Attempt counters are forgotten beyond this many distinct requests (every page body is distinct).</summary>
    private const int MaxTracked = 500_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, (int Attempts, int Consecutive)> _history = [];
    private FaultClass[] _classes = [];
    private double _rate;
    private ulong _seed;

    public FaultInjector(IReadOnlyList<FaultClass> classes, double rate, long seed) => Configure(classes, rate, seed);

    public void Configure(IReadOnlyList<FaultClass> classes, double rate, long seed)
    {
        lock (_lock)
        {
            _classes = [.. classes];
            _rate = rate;
            _seed = Hashing.Mix((ulong)seed ^ 0xFA017);
            _history.Clear();
        }
    }

    public (FaultClass[] Classes, double Rate) Current
    {
        get
        {
            lock (_lock)
            {
                return (_classes, _rate);
            }
        }
    }

    /// <summary>The fault class for this request, or null; <paramref name="variant"/> picks among a class's response shapes.</summary>
    public FaultClass? Decide(string endpoint, ReadOnlySpan<byte> body, out ulong variant)
    {
        variant = 0;
        if (Volatile.Read(ref _classes).Length == 0)
        {
            return null;
        }

        var key = Hashing.Bytes(body, Hashing.Bytes(System.Text.Encoding.UTF8.GetBytes(endpoint)));
        lock (_lock)
        {
            if (_classes.Length == 0)
            {
                return null;
            }

            if (_history.Count >= MaxTracked)
            {
                _history.Clear();
            }

            _history.TryGetValue(key, out var h);
            var attempt = h.Attempts + 1;
            var roll = Hashing.Mix(_seed ^ key ^ Hashing.Mix((ulong)attempt));
            var fault = h.Consecutive < MaxConsecutive && (roll >> 11) * (1.0 / (1UL << 53)) < _rate;
            _history[key] = (attempt, fault ? h.Consecutive + 1 : 0);
            variant = Hashing.Mix(roll ^ 0x7A);
            return fault ? _classes[Hashing.Below(Hashing.Mix(roll), _classes.Length)] : null;
        }
    }
}
