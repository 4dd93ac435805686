using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace AshbySource.TestKit;

/// <summary>
/// Validates stdout lines against Airbyte's own protocol definition (Protocol/airbyte_protocol.yaml) and records
/// against the stream schemas, as Airbyte's acceptance tests do.
/// </summary>
public static class ProtocolValidator
{
    private static readonly Lazy<JsonSchema> MessageSchema = new(() =>
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(RepoFiles.ReadText("tests", "AshbySource.TestKit", "Protocol", "airbyte_protocol.yaml")));
        var root = ToJson(yaml.Documents[0].RootNode)!.AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["definitions"] = root["definitions"]!.DeepClone(),
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/definitions/AirbyteMessage" }),
        };
        return JsonSchema.FromText(schema.ToJsonString());
    });

    private static readonly Dictionary<string, JsonSchema> StreamSchemas = new(StringComparer.Ordinal);

    /// <summary>Pass or fail only: most lines are valid, and collecting the details costs more than the check.</summary>
    private static readonly EvaluationOptions Verdict = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    /// <summary>The same evaluation with every failing location, to say what is wrong with a line that failed.</summary>
    private static readonly EvaluationOptions Details = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly Dictionary<string, string> MemberByType = new(StringComparer.Ordinal)
    {
        ["RECORD"] = "record", ["STATE"] = "state", ["LOG"] = "log", ["SPEC"] = "spec", ["CONNECTION_STATUS"] = "connectionStatus",
        ["CATALOG"] = "catalog", ["TRACE"] = "trace", ["CONTROL"] = "control",
    };

    /// <summary>Problems with one stdout line; empty when it is a valid protocol message.</summary>
    public static IEnumerable<string> CheckLine(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return [$"not JSON: {ex.Message}: {Truncate(line)}"];
        }

        using (document)
        {
            var problems = Problems(MessageSchema.Value, document.RootElement).ToList();
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && MemberByType.TryGetValue(type.GetString() ?? string.Empty, out var member)
                && !document.RootElement.TryGetProperty(member, out _))
            {
                problems.Add($"type {type} without its '{member}' member");
            }

            return problems.Select(p => $"{p}: {Truncate(line)}").ToList();
        }
    }

    /// <summary>Problems with one record against its stream's schema (the files in schemas/).</summary>
    public static IEnumerable<string> CheckRecord(string stream, JsonElement data)
    {
        JsonSchema schema;
        lock (StreamSchemas)
        {
            if (!StreamSchemas.TryGetValue(stream, out schema!))
            {
                schema = JsonSchema.FromText(RepoFiles.ReadText("schemas", stream + ".json"));
                StreamSchemas[stream] = schema;
            }
        }

        return Problems(schema, data);
    }

    private static IEnumerable<string> Problems(JsonSchema schema, JsonElement instance)
    {
        if (schema.Evaluate(instance, Verdict).IsValid)
        {
            yield break;
        }

        var result = schema.Evaluate(instance, Details);
        var reported = false;
        foreach (var detail in result.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                reported = true;
                yield return $"{detail.InstanceLocation} {keyword}: {message}";
            }
        }

        if (!reported)
        {
            yield return "does not match the schema";
        }
    }

    private static string Truncate(string line) => line.Length > 300 ? line[..300] + "…" : line;

    /// <summary>YAML → JSON with YAML's plain-scalar typing (true/false/null/numbers), which the protocol file relies on.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => scalar.Value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" or "" or null => null,
            var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit) && !text.Contains('-', StringComparison.Ordinal) => JsonValue.Create(number),
            var text => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
