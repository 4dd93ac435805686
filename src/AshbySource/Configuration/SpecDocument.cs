using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AshbySource.Configuration;

/// <summary>The connector specification (embedded <c>spec.json</c>) and validation of configs against it.</summary>
internal static class SpecDocument
{
    private static readonly Lazy<byte[]> Bytes = new(() => ReadResource("spec.json"));

    private static readonly Lazy<JsonObject> ConnectionSpecification = new(() => JsonNode.Parse(Bytes.Value)!["connectionSpecification"]!.AsObject());

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ConnectionSpecification.Value.ToJsonString()));

    // Which of a field's problems is worth saying first: a wrong type makes the other rules moot.
    private static readonly string[] KeywordPriority = ["required", "type", "minLength", "minimum", "maximum", "format", "pattern"];

    /// <summary>The raw <c>spec.json</c> bytes: the payload of the SPEC message.</summary>
    public static ReadOnlySpan<byte> Json => Bytes.Value;

    /// <summary>The options the spec declares, in the spec's order.</summary>
    public static IReadOnlyList<string> Options => [.. Properties.Select(p => p.Key).OrderBy(Order)];

    /// <summary>The options a config must have.</summary>
    public static IReadOnlyList<string> Required => [.. ConnectionSpecification.Value["required"]!.AsArray().Select(n => (string)n!)];

    private static JsonObject Properties => ConnectionSpecification.Value["properties"]!.AsObject();

    /// <summary>
    /// Every way the config breaks the spec, one sentence per option in the spec's order, worded for a user: which
    /// option and what to put there. Empty when the config is valid. Values are never echoed: the config holds the
    /// API key.
    /// </summary>
    public static IReadOnlyList<string> Validate(JsonElement config)
    {
        var results = Schema.Value.Evaluate(config, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return [];
        }

        var keywordsByField = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in Required.Where(name => !config.TryGetProperty(name, out _)))
        {
            keywordsByField[name] = ["required"];
        }

        foreach (var detail in results.Details ?? [])
        {
            var field = detail.InstanceLocation.ToString().TrimStart('/');
            if (detail.Errors is null || field.Length == 0)
            {
                continue; // the root's only rule is `required`, covered above without parsing the library's wording
            }

            var keywords = keywordsByField.TryGetValue(field, out var known) ? known : keywordsByField[field] = new(StringComparer.Ordinal);
            keywords.UnionWith(detail.Errors.Keys);
        }

        if (keywordsByField.Count == 0)
        {
            // The schema failed without naming an option (a rule added to the spec later that this does not know).
            return ["it does not match the connector's specification (run `source-ashby spec` to see it)"];
        }

        return [.. keywordsByField
            .OrderBy(p => Order(p.Key))
            .Select(p => Describe(p.Key, KeywordPriority.FirstOrDefault(p.Value.Contains) ?? p.Value.First(), config))];
    }

    internal static byte[] ReadResource(string name)
    {
        using var stream = typeof(SpecDocument).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing from the build");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int Order(string field) => (int?)Properties[field]?["order"] ?? int.MaxValue;

    private static string Describe(string field, string keyword, JsonElement config)
    {
        var schema = Properties[field]?.AsObject();
        if (schema is null)
        {
            return $"{field} is not valid here";
        }

        var value = config.TryGetProperty(field, out var element) ? element : default;
        return keyword switch
        {
            "required" when field == "api_key" => "api_key is missing: add \"api_key\" with your Ashby API key",
            "required" => $"{field} is missing",
            "type" => $"{field} must be {Expected((string?)schema["type"])}, not {Actual(value)}",
            "minLength" when field == "api_key" => "api_key is empty: paste an Ashby API key",
            "minLength" => $"{field} must not be empty",
            "minimum" or "maximum" => $"{field} must be {Range(schema)}",
            "format" or "pattern" when (string?)schema["format"] == "date-time" => $"{field} must be a UTC date-time like {Example(schema)}",
            "format" or "pattern" => $"{field} must look like {Example(schema)}",
            _ => $"{field} is not valid (see its description in `source-ashby spec`)",
        };
    }

    private static string Expected(string? type) => type switch
    {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text in quotes",
        "boolean" => "true or false",
        "array" => "a list",
        _ => "an object",
    };

    private static string Actual(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number when value.TryGetDecimal(out var number) && number != decimal.Truncate(number) => "a fraction",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Range(JsonObject schema) => (schema["minimum"], schema["maximum"]) switch
    {
        ({ } min, { } max) => $"between {Number(min)} and {Number(max)}",
        ({ } min, null) => $"at least {Number(min)}",
        (null, { } max) => $"at most {Number(max)}",
        _ => "in range",
    };

    private static string Number(JsonNode node) => ((decimal)node).ToString(CultureInfo.InvariantCulture);

    private static string Example(JsonObject schema) =>
        (string?)schema["examples"]?[0] ?? (string?)schema["default"] ?? (string?)schema["pattern_descriptor"] ?? "the example in its description";
}
