using System.Text.Json;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Sync;

/// <summary>One stream the orchestrator asked for, resolved against the connector's own stream table.</summary>
internal sealed record ConfiguredStream(StreamDefinition Definition, SyncMode SyncMode);

/// <summary>
/// Parses the <c>--catalog</c> file. Lenient where the protocol is (unknown fields, explicit nulls, any
/// destination sync mode) and strict where reading would go wrong (unknown stream, unsupported sync mode),
/// collecting every problem so the user fixes them in one go.
/// </summary>
internal static class ConfiguredCatalog
{
    public static IReadOnlyList<ConfiguredStream> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("it must be a JSON object with a \"streams\" array");
        }

        var result = new List<ConfiguredStream>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in streams.EnumerateArray())
        {
            var where = $"streams[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.Object
                || !stream.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{where} has no stream name");
                continue;
            }

            var name = nameElement.GetString()!;
            if (!StreamCatalog.ByName.TryGetValue(name, out var definition))
            {
                problems.Add($"stream '{name}' does not exist in this source (run discover for the list)");
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add($"stream '{name}' is listed twice");
                continue;
            }

            var modeText = entry.TryGetProperty("sync_mode", out var modeElement) && modeElement.ValueKind == JsonValueKind.String
                ? modeElement.GetString()
                : null;
            SyncMode mode;
            switch (modeText)
            {
                case "full_refresh":
                    mode = SyncMode.FullRefresh;
                    break;
                case "incremental" when definition.SupportsIncremental:
                    mode = SyncMode.Incremental;
                    break;
                case "incremental":
                    problems.Add($"stream '{name}' supports only full_refresh: Ashby gives no sync token for {definition.Endpoint}");
                    continue;
                default:
                    problems.Add($"stream '{name}' has sync_mode {(modeText is null ? "missing" : $"'{modeText}'")}; use full_refresh{(definition.SupportsIncremental ? " or incremental" : string.Empty)}");
                    continue;
            }

            result.Add(new ConfiguredStream(definition, mode));
        }

        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }

        if (result.Count == 0)
        {
            throw Invalid("it selects no streams");
        }

        return result;
    }

    private static ConnectorException Invalid(string detail) =>
        new($"The configured catalog is invalid: {detail}.", FailureType.ConfigError);
}
