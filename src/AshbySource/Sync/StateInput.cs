using System.Globalization;
using System.Text.Json;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Sync;

/// <summary>
/// Parses the <c>--state</c> file into one checkpoint per stream. Lenient where the protocol is: a missing or
/// empty file, <c>null</c>, <c>[]</c>, <c>{}</c>, entries for streams not in the catalog and
/// <c>stream_state: null</c> all mean "nothing stored". Everything else must be per-stream state this connector
/// wrote: a GLOBAL or LEGACY state, or a <c>stream_state</c> of another connector, is refused, because taking it
/// for "nothing stored" would silently start every stream over. Messages name the stream, the field and what is
/// expected, and never a .NET type.
/// </summary>
internal static class StateInput
{
    private const string Fields = "sync_token, created_after, pass, __ab_full_refresh_sync_complete, partitions, windows, refresh";

    public static IReadOnlyDictionary<string, StreamCheckpoint> Parse(JsonElement root)
    {
        var states = new Dictionary<string, StreamCheckpoint>(StringComparer.Ordinal);
        switch (root.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return states;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var message in root.EnumerateArray())
                {
                    ReadMessage(message, $"state[{index++}]", states);
                }

                return states;
            case JsonValueKind.Object when root.TryGetProperty("type", out _) || root.TryGetProperty("stream", out _):
                ReadMessage(root, "state", states);
                return states;
            case JsonValueKind.Object when !root.EnumerateObject().Any():
                return states;
            case JsonValueKind.Object:
                throw Invalid("it is a legacy state object keyed by stream name, which this connector does not write (it writes per-stream STREAM state)");
            default:
                throw Invalid("it must be a JSON array of state messages");
        }
    }

    private static void ReadMessage(JsonElement message, string where, Dictionary<string, StreamCheckpoint> states)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{where} is not a JSON object");
        }

        var type = message.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (type is "GLOBAL" || message.TryGetProperty("global", out _))
        {
            throw Invalid($"{where} is a GLOBAL state, which this connector does not write (it writes per-stream STREAM state)");
        }

        if (type is "LEGACY" || (message.TryGetProperty("data", out _) && !message.TryGetProperty("stream", out _)))
        {
            throw Invalid($"{where} is a LEGACY state, which this connector does not write (it writes per-stream STREAM state)");
        }

        if (message.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.Object)
        {
            ReadStreamState(stream, where, states);
            return;
        }

        throw Invalid($"{where} has neither \"stream\", \"global\" nor \"data\"");
    }

    private static void ReadStreamState(JsonElement stream, string where, Dictionary<string, StreamCheckpoint> states)
    {
        if (!stream.TryGetProperty("stream_descriptor", out var descriptor) || descriptor.ValueKind != JsonValueKind.Object
            || !descriptor.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{where} has no stream_descriptor.name");
        }

        var streamName = name.GetString()!;

        // Unknown streams are ignored: the catalog decides what is read.
        if (!StreamCatalog.ByName.ContainsKey(streamName)
            || !stream.TryGetProperty("stream_state", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        states[streamName] = ReadCheckpoint(streamName, value);
    }

    /// <summary>The checkpoint of <paramref name="stream"/>, field by field, so a wrong one is named as such.</summary>
    private static StreamCheckpoint ReadCheckpoint(string stream, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{stream}: stream_state must be a JSON object, not {Describe(value)}");
        }

        var known = 0;
        string? syncToken = null;
        long? createdAfter = null;
        PassCheckpoint? pass = null;
        bool? fullRefreshComplete = null;
        Dictionary<string, StreamCheckpoint>? partitions = null;
        WindowsCheckpoint? windows = null;
        RefreshCheckpoint? refresh = null;
        foreach (var field in value.EnumerateObject())
        {
            // Each field this connector writes, read by its own rule; others (written by a later release) are left alone.
            switch (field.Name)
            {
                case "sync_token": syncToken = OptionalString(stream, "sync_token", field.Value, "a string (Ashby's sync token)"); break;
                case "created_after": createdAfter = Optional<long>(stream, "created_after", field.Value, "a whole number (Unix milliseconds)", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) ? ms : null); break;
                case "pass": pass = ReadPass(stream, field.Value); break;
                case "__ab_full_refresh_sync_complete": fullRefreshComplete = Optional<bool>(stream, "__ab_full_refresh_sync_complete", field.Value, "true or false", v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null); break;
                case "partitions": partitions = ReadPartitions(stream, field.Value); break;
                case "windows": windows = ReadWindows(stream, field.Value); break;
                case "refresh": refresh = ReadRefresh(stream, field.Value); break;
                default: continue;
            }

            known++;
        }

        if (known == 0 && value.EnumerateObject().Any())
        {
            throw Invalid($"{stream}: stream_state has none of the fields this connector writes ({Fields}), so it is not a state this connector wrote");
        }

        return new StreamCheckpoint { SyncToken = syncToken, CreatedAfter = createdAfter, Pass = pass, FullRefreshComplete = fullRefreshComplete, Partitions = partitions, Windows = windows, Refresh = refresh };
    }

    /// <summary>A windowed full pass's progress: windows begun below <c>next</c>, each open one with the cursor of its next page.</summary>
    private static WindowsCheckpoint? ReadWindows(string stream, JsonElement value)
    {
        var windows = Deserialize(stream, "windows", value, CheckpointJsonContext.Default.WindowsCheckpoint, "an object with from, to, count, next and open");
        if (windows is null)
        {
            return null;
        }

        var openOk = (windows.Open ?? []).All(entry => int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < windows.Next);
        if (windows.Count < 1 || windows.Next < 0 || windows.Next > windows.Count || windows.To < windows.From || !openOk)
        {
            throw Invalid($"{stream}: windows does not describe creation-time windows this connector wrote (count {windows.Count}, next {windows.Next}, open {string.Join(", ", windows.Open?.Keys.AsEnumerable() ?? [])}); remove the stream's state to read it whole again");
        }

        return windows;
    }

    /// <summary>A child stream's rolling refresh: where it stands round the ring, and the slice in flight.</summary>
    private static RefreshCheckpoint? ReadRefresh(string stream, JsonElement value)
    {
        var refresh = Deserialize(stream, "refresh", value, CheckpointJsonContext.Default.RefreshCheckpoint, "an object with cycle_started, done and last_sync");
        if (refresh is null)
        {
            return null;
        }

        var pass = value.TryGetProperty("pass", out var passElement) ? ReadPass($"{stream} refresh", passElement) : null;
        if (refresh.Done is < 0 or >= 1 || refresh.SliceEnd <= refresh.Done || refresh.SliceEnd > 1 || (pass is not null && refresh.SliceEnd is null))
        {
            throw Invalid($"{stream}: refresh.done must be at least 0 and below 1, and refresh.slice_end (with refresh.pass) above done and at most 1; found done {refresh.Done}, slice_end {refresh.SliceEnd?.ToString(CultureInfo.InvariantCulture) ?? "absent"}");
        }

        return refresh with { Pass = pass };
    }

    private static T? Deserialize<T>(string stream, string field, JsonElement value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string expected)
        where T : class
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return value.ValueKind == JsonValueKind.Object
                ? value.Deserialize(type)
                : throw Invalid($"{stream}: {field} is {Describe(value)}; expected {expected}");
        }
        catch (JsonException ex)
        {
            throw Invalid($"{stream}: {field} is not what this connector writes ({ex.Message}); expected {expected}");
        }
    }

    private static PassCheckpoint? ReadPass(string stream, JsonElement pass)
    {
        if (pass.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (pass.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{stream}: pass is {Describe(pass)}; expected an object with kind and cursor");
        }

        var kind = pass.TryGetProperty("kind", out var kindElement) ? OptionalString(stream, "pass.kind", kindElement, "'full' or 'incremental'") : null;
        var cursor = pass.TryGetProperty("cursor", out var cursorElement) ? OptionalString(stream, "pass.cursor", cursorElement, "a string (Ashby's page cursor)") : null;
        var parentsDone = pass.TryGetProperty("parents_done", out var doneElement)
            ? Optional<int>(stream, "pass.parents_done", doneElement, "a whole number of finished parent rows, 0 or more",
                v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var done) && done >= 0 ? done : null)
            : null;
        if (kind is not (PassCheckpoint.Full or PassCheckpoint.Incremental))
        {
            throw Invalid($"{stream}: pass.kind must be 'full' or 'incremental' with a non-empty cursor");
        }

        // A child stream stopped on the first page of its parent pass has no cursor, only the parents it finished.
        if (cursor?.Length == 0 || (cursor is null && parentsDone is null))
        {
            throw Invalid($"{stream}: pass.cursor is {(cursor is null ? "missing" : "empty")}; pass.kind must be 'full' or 'incremental' with a non-empty cursor");
        }

        return new PassCheckpoint { Kind = kind, Cursor = cursor, ParentsDone = parentsDone };
    }

    /// <summary>A partitioned stream's state: one checkpoint per partition value.</summary>
    private static Dictionary<string, StreamCheckpoint>? ReadPartitions(string stream, JsonElement partitions)
    {
        if (partitions.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (partitions.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{stream}: partitions is {Describe(partitions)}; expected an object with a state per partition value");
        }

        return partitions.EnumerateObject().ToDictionary(p => p.Name, p => ReadCheckpoint($"{stream} partition {p.Name}", p.Value), StringComparer.Ordinal);
    }

    private static string? OptionalString(string stream, string field, JsonElement value, string expected) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Invalid($"{stream}: {field} is {Describe(value)}; expected {expected}"),
    };

    /// <summary>A field that may be null; any other value <paramref name="read"/> does not take is refused by name.</summary>
    private static T? Optional<T>(string stream, string field, JsonElement value, string expected, Func<JsonElement, T?> read)
        where T : struct =>
        value.ValueKind == JsonValueKind.Null ? null : read(value) ?? throw Invalid($"{stream}: {field} is {Describe(value)}; expected {expected}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number when value.TryGetInt64(out _) => "a number",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static ConnectorException Invalid(string detail) =>
        new($"The state is invalid: {detail}. Reset the affected stream(s) in your orchestrator to start them from scratch.", FailureType.ConfigError);
}
