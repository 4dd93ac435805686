using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbySource.TestKit;

/// <summary>
/// What one connector run left behind (in-process, as a child process or in a container): exit code, stdout
/// parsed as Airbyte messages, stderr. Stdout is parsed once, on first use, however many questions are asked.
/// </summary>
public sealed class RunResult
{
    public RunResult(long exitCode, string stdout, string stderr)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
        Lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public long ExitCode { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>Stdout exactly as written, when the run kept it, before any decoding (a decoder would hide invalid UTF-8).</summary>
    public byte[] StdoutBytes { get; init; } = [];

    /// <summary>Every stdout line parsed as a JSON object, once; throws (with the offending line) if one isn't a protocol message.</summary>
    public IReadOnlyList<JsonObject> Messages => _messages ??= ParseAll();

    private List<JsonObject>? _messages;

    public IEnumerable<JsonObject> OfType(string type) => Messages.Where(m => (string?)m["type"] == type);

    public IEnumerable<JsonObject> Records(string? stream = null) =>
        OfType("RECORD").Select(m => m["record"]!.AsObject()).Where(r => stream is null || (string?)r["stream"] == stream);

    public IEnumerable<JsonObject> States(string? stream = null) =>
        OfType("STATE").Select(m => m["state"]!.AsObject())
            .Where(s => stream is null || (string?)s["stream"]?["stream_descriptor"]?["name"] == stream);

    public IEnumerable<string> Statuses(string stream) =>
        OfType("TRACE").Select(m => m["trace"]!.AsObject())
            .Where(t => (string?)t["type"] == "STREAM_STATUS" && (string?)t["stream_status"]!["stream_descriptor"]!["name"] == stream)
            .Select(t => (string)t["stream_status"]!["status"]!);

    public IEnumerable<JsonObject> Errors =>
        OfType("TRACE").Select(m => m["trace"]!.AsObject()).Where(t => (string?)t["type"] == "ERROR").Select(t => t["error"]!.AsObject());

    public IEnumerable<string> Logs(string? level = null) =>
        OfType("LOG").Select(m => m["log"]!).Where(l => level is null || (string?)l["level"] == level).Select(l => (string)l["message"]!);

    /// <summary>The <c>stream_state</c> of the last STATE of <paramref name="stream"/>, or null.</summary>
    public JsonObject? LastState(string stream) => States(stream).LastOrDefault()?["stream"]!["stream_state"]?.AsObject();

    /// <summary>The final state of each stream, as the platform would pass it to the next sync.</summary>
    public JsonArray FinalStates()
    {
        var last = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var state in States())
        {
            last[(string)state["stream"]!["stream_descriptor"]!["name"]!] = state;
        }

        var array = new JsonArray();
        foreach (var state in last.Values)
        {
            array.Add(new JsonObject
            {
                ["type"] = "STREAM",
                ["stream"] = new JsonObject
                {
                    ["stream_descriptor"] = state["stream"]!["stream_descriptor"]!.DeepClone(),
                    ["stream_state"] = state["stream"]!["stream_state"]?.DeepClone(),
                },
            });
        }

        return array;
    }

    /// <summary>A short description for assertion messages: exit code, the first stdout lines and the end of stderr.</summary>
    public string Describe()
    {
        var head = string.Join('\n', Lines.Take(20).Select(l => l.Length > 400 ? l[..400] + "…" : l));
        var tail = Stderr.Length > 2000 ? "…" + Stderr[^2000..] : Stderr;
        return $"exit code {ExitCode}\n--- stdout ({Lines.Count} lines) ---\n{head}\n--- stderr ---\n{tail}";
    }

    private List<JsonObject> ParseAll()
    {
        var result = new List<JsonObject>(Lines.Count);
        foreach (var line in Lines)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"stdout line is not JSON ({ex.Message}): {Clip(line)}");
            }

            if (node is not JsonObject message || message["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
            {
                throw new InvalidDataException($"stdout line is not an Airbyte message (a JSON object with a string `type`): {Clip(line)}");
            }

            result.Add(message);
        }

        return result;
    }

    private static string Clip(string line) => line.Length > 500 ? line[..500] + "…" : line;
}
