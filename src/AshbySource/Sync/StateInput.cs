using System.Text.Json;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Sync;

/// <summary>
/// Parses the <c>--state</c> file into one checkpoint per stream. Lenient where the protocol is: a missing or
/// empty file, <c>null</c>, <c>[]</c>, entries for streams not in the catalog, <c>stream_state: null</c> and a
/// legacy object keyed by stream name all mean "nothing stored". Strict where guessing would lose rows.
/// </summary>
internal static class StateInput
{
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
            case JsonValueKind.Object:
                // Legacy state: {"<stream>": {...}} or {"data": {"<stream>": {...}}}.
                var legacy = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
                foreach (var property in legacy.EnumerateObject())
                {
                    AddStreamState(property.Name, property.Value, $"state.{property.Name}", states);
                }

                return states;
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
        if (type is "GLOBAL" && message.TryGetProperty("global", out var global) && global.ValueKind == JsonValueKind.Object)
        {
            if (global.TryGetProperty("stream_states", out var streamStates) && streamStates.ValueKind == JsonValueKind.Array)
            {
                foreach (var streamState in streamStates.EnumerateArray())
                {
                    ReadStreamState(streamState, where, states);
                }
            }

            return;
        }

        if (message.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.Object)
        {
            ReadStreamState(stream, where, states);
            return;
        }

        if (type is "LEGACY" || message.TryGetProperty("data", out _))
        {
            if (message.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in data.EnumerateObject())
                {
                    AddStreamState(property.Name, property.Value, $"{where}.data.{property.Name}", states);
                }
            }

            return;
        }

        throw Invalid($"{where} has neither \"stream\", \"global\" nor \"data\"");
    }

    private static void ReadStreamState(JsonElement stream, string where, Dictionary<string, StreamCheckpoint> states)
    {
        if (stream.ValueKind != JsonValueKind.Object
            || !stream.TryGetProperty("stream_descriptor", out var descriptor) || descriptor.ValueKind != JsonValueKind.Object
            || !descriptor.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{where} has no stream_descriptor.name");
        }

        var value = stream.TryGetProperty("stream_state", out var streamState) ? streamState : default;
        AddStreamState(name.GetString()!, value, $"{where} ({name.GetString()})", states);
    }

    private static void AddStreamState(string stream, JsonElement value, string where, Dictionary<string, StreamCheckpoint> states)
    {
        // Unknown streams are ignored: the catalog decides what is read.
        if (!StreamCatalog.ByName.ContainsKey(stream) || value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{where}: stream_state must be a JSON object");
        }

        StreamCheckpoint? checkpoint;
        try
        {
            checkpoint = value.Deserialize(CheckpointJsonContext.Default.StreamCheckpoint);
        }
        catch (JsonException ex)
        {
            throw Invalid($"{where}: stream_state is not one this connector wrote ({ex.Message})");
        }

        if (checkpoint is not null && !IsUsable(checkpoint))
        {
            throw Invalid($"{where}: pass.kind must be 'full' or 'incremental' with a non-empty cursor, or with parents_done of a child stream");
        }

        if (checkpoint is not null)
        {
            states[stream] = checkpoint;
        }
    }

    /// <summary>
    /// Whether every pass checkpoint in the state can be resumed: a known kind with a page cursor, or (child
    /// streams) the count of finished parents of a page, whose cursor is absent for the first page.
    /// </summary>
    private static bool IsUsable(StreamCheckpoint checkpoint)
    {
        if (checkpoint.Pass is { } pass
            && (pass.Kind is not (PassCheckpoint.Full or PassCheckpoint.Incremental)
                || pass.ParentsDone < 0
                || (pass.Cursor is null ? pass.ParentsDone is null : pass.Cursor.Length == 0)))
        {
            return false;
        }

        return checkpoint.Partitions is null || checkpoint.Partitions.Values.All(p => p is not null && IsUsable(p));
    }

    private static ConnectorException Invalid(string detail) =>
        new($"The state is invalid: {detail}. Reset the affected stream(s) in your orchestrator to start them from scratch.", FailureType.ConfigError);
}
