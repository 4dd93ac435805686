using System.Text.Json;
using AshbyEmulator.Faults;

namespace AshbyEmulator.Api;

/// <summary>Counters for <c>GET /_admin/stats</c>. API requests only; admin calls are not counted.</summary>
internal sealed class RequestStats(TimeProvider time)
{
    private const long WindowMs = 60_000;
    private const long ShortWindowMs = 10_000;

    /// <summary>Distinct Ashby-Version values kept (longer values are cut); more go under <see cref="OtherVersions"/>, so the table stays bounded.</summary>
    private const int MaxVersionValues = 50;
    private const int MaxVersionValueLength = 40;
    private const string OtherVersions = "(other)";

    private readonly Lock _lock = new();
    private readonly long _start = time.GetTimestamp();
    private readonly Dictionary<string, long> _byEndpoint = new(StringComparer.Ordinal);
    private readonly Dictionary<FaultClass, long> _faults = [];
    private readonly Dictionary<string, long> _byVersionHeader = new(StringComparer.Ordinal);
    private readonly Queue<long> _window = new();
    private readonly Queue<long> _shortWindow = new();
    private long _requests;
    private int _maxPerMinute;
    private int _maxPerTenSeconds;
    private long _rateLimited;
    private long _injected;
    private long _withoutVersionHeader;

    /// <summary>Monotonic milliseconds since start (request arrival times; never used for data).</summary>
    private long NowMs() => (long)time.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>
    /// Counts an arriving request; <paramref name="endpoint"/> is null for unknown paths, <paramref name="versionHeader"/>
    /// null when the request had no <c>Ashby-Version</c> header.
    /// </summary>
    public void Record(string? endpoint, string? versionHeader)
    {
        var nowMs = NowMs();
        lock (_lock)
        {
            _requests++;
            if (endpoint is not null)
            {
                _byEndpoint[endpoint] = _byEndpoint.GetValueOrDefault(endpoint) + 1;
            }
            if (versionHeader is null)
            {
                _withoutVersionHeader++;
            }
            else
            {
                var key = versionHeader.Length > MaxVersionValueLength ? versionHeader[..MaxVersionValueLength] : versionHeader;
                key = _byVersionHeader.ContainsKey(key) || _byVersionHeader.Count < MaxVersionValues ? key : OtherVersions;
                _byVersionHeader[key] = _byVersionHeader.GetValueOrDefault(key) + 1;
            }
            // Sliding 60 s window over arrival times: its largest size is the busiest minute.
            _window.Enqueue(nowMs);
            while (_window.Peek() <= nowMs - WindowMs)
            {
                _window.Dequeue();
            }

            _maxPerMinute = Math.Max(_maxPerMinute, _window.Count);

            // A 10 s window lets a short test check a per-minute budget: at most budget/6 (+1) per 10 s.
            _shortWindow.Enqueue(nowMs);
            while (_shortWindow.Peek() <= nowMs - ShortWindowMs)
            {
                _shortWindow.Dequeue();
            }

            _maxPerTenSeconds = Math.Max(_maxPerTenSeconds, _shortWindow.Count);
        }
    }

    public void RateLimited()
    {
        lock (_lock)
        {
            _rateLimited++;
        }
    }

    public void Fault(FaultClass faultClass)
    {
        lock (_lock)
        {
            _faults[faultClass] = _faults.GetValueOrDefault(faultClass) + 1;
        }
    }

    public void Injected()
    {
        lock (_lock)
        {
            _injected++;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _requests = 0;
            _byEndpoint.Clear();
            _faults.Clear();
            _window.Clear();
            _shortWindow.Clear();
            _maxPerMinute = 0;
            _maxPerTenSeconds = 0;
            _rateLimited = 0;
            _injected = 0;
            _byVersionHeader.Clear();
            _withoutVersionHeader = 0;
        }
    }

    public void Write(Utf8JsonWriter w)
    {
        lock (_lock)
        {
            w.WriteStartObject();
            w.WriteNumber("requests", _requests);
            WriteCounts(w, "byEndpoint", _byEndpoint);
            w.WriteNumber("maxRequestsInAnyMinute", _maxPerMinute);
            w.WriteNumber("maxRequestsInAnyTenSeconds", _maxPerTenSeconds);
            w.WriteNumber("rateLimited", _rateLimited);
            WriteCounts(w, "faults", _faults.Select(kv => KeyValuePair.Create(kv.Key.WireName(), kv.Value)));
            w.WriteNumber("injected", _injected);
            WriteCounts(w, "ashbyVersionHeaders", _byVersionHeader);
            w.WriteNumber("requestsWithoutAshbyVersion", _withoutVersionHeader);
            w.WriteEndObject();
        }
    }

    /// <summary>An object of counts by name; names in ordinal order, so two answers over the same counts are equal.</summary>
    private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, long>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, n) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, n);
        }

        w.WriteEndObject();
    }
}
