using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.Protocol;

namespace AshbySource.Cli;

/// <summary>
/// The <c>state</c> helper: what an orchestrator does between two syncs. It keeps the last STATE of each stream
/// that a read printed, over the state the read started from, so the next read resumes where this one stopped.
/// </summary>
internal static class StateFile
{
    // The message writer writes compact JSON, so every STATE line contains this; other lines are not parsed.
    private const string StateMarker = "\"type\":\"STATE\"";

    public static int Update(CommandLine command, ConnectorLog log)
    {
        var messagesPath = command.MessagesPath!;
        var states = new List<(string Stream, JsonObject State)>();
        if (command.StatePath is not null)
        {
            using var previous = InputFiles.Read(command.StatePath, "state", emptyMeansNothing: true);
            if (previous is not null && previous.RootElement.ValueKind != JsonValueKind.Null)
            {
                if (previous.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new ConnectorException($"The state file '{command.StatePath}' must be a JSON array of state messages, as this command writes it.", FailureType.ConfigError);
                }

                foreach (var entry in previous.RootElement.EnumerateArray())
                {
                    Keep(states, PerStreamState(JsonNode.Parse(entry.GetRawText()), $"an entry of the state file '{command.StatePath}'"));
                }
            }
        }

        var updated = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        int? brokenLine = null;
        foreach (var line in InputFiles.ReadLines(messagesPath, "messages"))
        {
            lineNumber++;
            if (brokenLine is { } broken)
            {
                throw new ConnectorException($"The messages file '{messagesPath}' is damaged: line {broken} is not a complete protocol message. Run the read again.", FailureType.ConfigError);
            }

            if (!line.Contains(StateMarker, StringComparison.Ordinal))
            {
                continue;
            }

            JsonNode? message;
            try
            {
                message = JsonNode.Parse(line);
            }
            catch (JsonException)
            {
                brokenLine = lineNumber;
                continue;
            }

            if (message is JsonObject stateMessage && Text(stateMessage["type"]) == "STATE")
            {
                updated.Add(Keep(states, PerStreamState(stateMessage["state"], $"line {lineNumber} of '{messagesPath}'")));
            }
        }

        if (brokenLine is { } last)
        {
            log.Warn($"Line {last} of '{messagesPath}' is cut off (the read was stopped while writing it); it is ignored and the STATE before it is kept.");
        }

        if (updated.Count == 0)
        {
            log.Warn($"'{messagesPath}' holds no STATE message, so the state is written unchanged.");
        }

        // Airbyte drops a finished full refresh's state between syncs, so the next sync reads the stream again; a
        // kept marker would make the next read skip it (README "State").
        var finished = states.RemoveAll(s => IsFinishedFullRefresh(s.State));
        if (finished > 0)
        {
            log.Info($"{finished} full-refresh stream(s) had finished; their state is dropped so the next read reads them again, as Airbyte does between syncs.");
        }

        OutputFile.WriteJson(command.OutputPath!, "state", json =>
        {
            json.WriteStartArray();
            foreach (var (_, state) in states)
            {
                state.WriteTo(json);
            }

            json.WriteEndArray();
        });
        log.Info($"Wrote the state of {states.Count} streams to {command.OutputPath} ({updated.Count} updated from {messagesPath}).");
        return 0;
    }

    /// <summary>Replaces the stream's earlier state or appends it, and returns the stream's name.</summary>
    private static string Keep(List<(string Stream, JsonObject State)> states, (string Stream, JsonObject State) state)
    {
        var index = states.FindIndex(s => s.Stream == state.Stream);
        if (index < 0)
        {
            states.Add(state);
        }
        else
        {
            states[index] = state;
        }

        return state.Stream;
    }

    private static (string Stream, JsonObject State) PerStreamState(JsonNode? state, string where)
    {
        // This connector writes only per-stream state (README "State"); anything else was not written by it.
        if (state is not JsonObject entry || Text(entry["type"]) != "STREAM" || Descriptor(entry) is not { } descriptor || Text(descriptor["name"]) is not { } streamName)
        {
            throw new ConnectorException($"The state in {where} is not a per-stream (type STREAM) state with a stream name, so it was not written by this connector.", FailureType.ConfigError);
        }

        // The counts belong to the run that emitted the message, not to the next one.
        entry.Remove("sourceStats");
        entry.Remove("destinationStats");
        var descriptorNamespace = Text(descriptor["namespace"]);
        return (descriptorNamespace is null ? streamName : $"{descriptorNamespace}.{streamName}", entry);
    }

    private static bool IsFinishedFullRefresh(JsonObject entry) =>
        (entry["stream"] as JsonObject)?["stream_state"] is JsonObject { Count: 1 } streamState
        && streamState["__ab_full_refresh_sync_complete"] is JsonValue marker && marker.TryGetValue(out bool done) && done;

    private static JsonObject? Descriptor(JsonObject entry) => (entry["stream"] as JsonObject)?["stream_descriptor"] as JsonObject;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
