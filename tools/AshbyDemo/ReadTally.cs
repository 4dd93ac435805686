using System.Globalization;
using System.Text.Json;

namespace AshbyDemo;

/// <summary>What one stream did during a read, counted from the connector's messages.</summary>
internal sealed class StreamTally
{
    public long Records { get; set; }

    /// <summary>STATE messages: the connector checkpoints after every page.</summary>
    public long Checkpoints { get; set; }

    public string Status { get; set; } = "-";

    /// <summary>The stream's last status said it waits for the request budget (RATE_LIMITED).</summary>
    public bool WaitingForBudget { get; set; }

    /// <summary>The primary keys of the records read, when the tally keeps them.</summary>
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Counts a read's protocol messages as they arrive: records, checkpoints and the final status per stream, and
/// whether the connector is waiting for the request budget. Safe to read from a progress timer while a reader
/// thread observes lines.
/// </summary>
/// <param name="primaryKeys">When given, each stream's primary key fields: every record's key (the fields' values
/// joined by '/') is kept.</param>
internal sealed class ReadTally(IReadOnlyDictionary<string, string[]>? primaryKeys = null)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, StreamTally> _streams = new(StringComparer.Ordinal);

    public long Lines { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, StreamTally> Streams
    {
        get
        {
            lock (_lock)
            {
                return new SortedDictionary<string, StreamTally>(_streams, StringComparer.Ordinal);
            }
        }
    }

    public long Records => Sum(s => s.Records);

    public long Checkpoints => Sum(s => s.Checkpoints);

    public void Observe(string line)
    {
        using var message = JsonDocument.Parse(line);
        var root = message.RootElement;
        lock (_lock)
        {
            Lines++;
            switch (root.GetProperty("type").GetString())
            {
                case "RECORD":
                    var record = root.GetProperty("record");
                    var recordStream = Stream(record.GetProperty("stream").GetString()!);
                    recordStream.Records++;
                    recordStream.WaitingForBudget = false;
                    if (primaryKeys?.GetValueOrDefault(record.GetProperty("stream").GetString()!) is { } fields)
                    {
                        var data = record.GetProperty("data");
                        recordStream.Keys.Add(string.Join('/', fields.Select(f => data.TryGetProperty(f, out var value) ? value.GetString() : null)));
                    }

                    break;
                case "STATE":
                    var stateStream = Stream(root.GetProperty("state").GetProperty("stream").GetProperty("stream_descriptor").GetProperty("name").GetString()!);
                    stateStream.Checkpoints++;
                    stateStream.WaitingForBudget = false;
                    break;
                case "TRACE":
                    ObserveTrace(root.GetProperty("trace"));
                    break;
            }
        }
    }

    /// <summary>One progress line: how far the read is after <paramref name="elapsed"/>.</summary>
    public string Progress(TimeSpan elapsed)
    {
        lock (_lock)
        {
            var done = _streams.Values.Count(s => s.Status is "COMPLETE" or "INCOMPLETE");
            var waiting = _streams.Values.Any(s => s.WaitingForBudget) ? ", waiting for the request budget" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"  {elapsed.TotalSeconds,5:0}s  {Records,9:N0} records  {Checkpoints,5:N0} pages  {done,2} streams done, {_streams.Count - done} reading{waiting}");
        }
    }

    private void ObserveTrace(JsonElement trace)
    {
        switch (trace.GetProperty("type").GetString())
        {
            case "STREAM_STATUS":
                var status = trace.GetProperty("stream_status");
                var stream = Stream(status.GetProperty("stream_descriptor").GetProperty("name").GetString()!);
                var value = status.GetProperty("status").GetString()!;
                stream.WaitingForBudget = status.TryGetProperty("reasons", out _);
                if (value != "RUNNING")
                {
                    stream.Status = value;
                }

                break;
            case "ERROR":
                Error ??= trace.GetProperty("error").GetProperty("message").GetString();
                break;
        }
    }

    private StreamTally Stream(string name) => _streams.TryGetValue(name, out var tally) ? tally : _streams[name] = new StreamTally();

    private long Sum(Func<StreamTally, long> part)
    {
        lock (_lock)
        {
            return _streams.Values.Sum(part);
        }
    }
}
