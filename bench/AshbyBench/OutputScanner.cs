using System.Text;
using System.Text.Json.Nodes;

namespace AshbyBench;

/// <summary>
/// Reads a connector's stdout as it arrives, the way a platform worker would drain it: counts bytes, lines and
/// RECORD messages, and keeps the non-record messages (STATE, TRACE, LOG) whole. Record lines are never copied
/// beyond their first bytes, so draining costs little next to the connector.
/// </summary>
internal sealed class OutputScanner
{
    private const int PrefixLength = 24;
    private static readonly byte[] RecordPrefix = "{\"type\":\"RECORD\""u8.ToArray();

    private byte[] _line = new byte[4096];
    private int _length;
    private bool? _keepWhole;

    public long Bytes { get; private set; }

    public long Lines { get; private set; }

    public long Records { get; private set; }

    /// <summary>When set, record lines are kept whole and each record's <c>data.id</c> is added here (for small syncs).</summary>
    public HashSet<string>? RecordIds { get; init; }

    /// <summary>The last STATE of each stream (its <c>stream_state</c>).</summary>
    public Dictionary<string, JsonNode?> LastStates { get; } = new(StringComparer.Ordinal);

    /// <summary>Records per stream, summed from the STATE messages' <c>sourceStats.recordCount</c>.</summary>
    public Dictionary<string, long> StateRecordCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Final stream statuses (COMPLETE / INCOMPLETE) by stream.</summary>
    public Dictionary<string, string> StreamStatuses { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public List<string> Logs { get; } = [];

    /// <summary>The last line that was not a RECORD.</summary>
    public string? LastOtherLine { get; private set; }

    public void Feed(ReadOnlySpan<byte> data)
    {
        Bytes += data.Length;
        while (!data.IsEmpty)
        {
            var newLine = data.IndexOf((byte)'\n');
            Append(newLine < 0 ? data : data[..newLine]);
            if (newLine < 0)
            {
                return;
            }

            EndLine();
            data = data[(newLine + 1)..];
        }
    }

    /// <summary>Call at end of output: a last line without a newline still counts.</summary>
    public void Complete()
    {
        if (_length > 0)
        {
            EndLine();
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_keepWhole is null)
        {
            var take = Math.Min(part.Length, PrefixLength - _length);
            Copy(part[..take]);
            part = part[take..];
            if (_length < PrefixLength)
            {
                return;
            }

            _keepWhole = RecordIds is not null || !_line.AsSpan(0, _length).StartsWith(RecordPrefix);
        }

        if (_keepWhole == true)
        {
            Copy(part);
        }
    }

    private void Copy(ReadOnlySpan<byte> part)
    {
        if (_length + part.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _length + part.Length));
        }

        part.CopyTo(_line.AsSpan(_length));
        _length += part.Length;
    }

    private void EndLine()
    {
        Lines++;
        var line = _line.AsSpan(0, _length);
        if (line.StartsWith(RecordPrefix))
        {
            Records++;
            if (RecordIds is not null && (string?)JsonNode.Parse(line)?["record"]?["data"]?["id"] is { } id)
            {
                RecordIds.Add(id);
            }
        }
        else if (line.Length > 0)
        {
            Inspect(Encoding.UTF8.GetString(line));
        }

        _length = 0;
        _keepWhole = null;
    }

    private void Inspect(string text)
    {
        LastOtherLine = text;
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            Errors.Add("not JSON: " + text[..Math.Min(text.Length, 200)]);
            return;
        }

        var traceType = (string?)message?["trace"]?["type"];
        switch ((string?)message?["type"])
        {
            case "STATE":
                var stream = message["state"]?["stream"];
                var name = (string?)stream?["stream_descriptor"]?["name"];
                if (name is not null)
                {
                    LastStates[name] = stream!["stream_state"]?.DeepClone();
                    var count = message["state"]?["sourceStats"]?["recordCount"]?.GetValue<double>() ?? 0;
                    StateRecordCounts[name] = StateRecordCounts.GetValueOrDefault(name) + (long)count;
                }

                break;
            case "TRACE" when traceType == "ERROR":
                Errors.Add((string?)message!["trace"]?["error"]?["message"] ?? text);
                break;
            case "TRACE" when traceType == "STREAM_STATUS":
                var status = message!["trace"]?["stream_status"];
                var streamName = (string?)status?["stream_descriptor"]?["name"];
                var value = (string?)status?["status"];
                if (streamName is not null && value is "COMPLETE" or "INCOMPLETE")
                {
                    StreamStatuses[streamName] = value!;
                }

                break;
            case "LOG":
                Logs.Add((string?)message["log"]?["level"] + " " + (string?)message["log"]?["message"]);
                break;
        }
    }
}
