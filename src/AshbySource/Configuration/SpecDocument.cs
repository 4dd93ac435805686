using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AshbySource.Configuration;

/// <summary>The connector specification (embedded <c>spec.json</c>) and validation of configs against it.</summary>
internal static class SpecDocument
{
    private static readonly Lazy<byte[]> Bytes = new(() => ReadResource("spec.json"));

    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var spec = JsonNode.Parse(Bytes.Value)!;
        return JsonSchema.FromText(spec["connectionSpecification"]!.ToJsonString());
    });

    /// <summary>The raw <c>spec.json</c> bytes: the payload of the SPEC message.</summary>
    public static ReadOnlySpan<byte> Json => Bytes.Value;

    /// <summary>Every way the config breaks the spec, worded for a user; empty when it is valid.</summary>
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

        var problems = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var where = detail.InstanceLocation.ToString().TrimStart('/');
            foreach (var (keyword, message) in detail.Errors)
            {
                problems.Add(Describe(where, keyword, message));
            }
        }

        if (problems.Count == 0 && results.Errors is not null)
        {
            problems.AddRange(results.Errors.Select(e => Describe(string.Empty, e.Key, e.Value)));
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    internal static byte[] ReadResource(string name)
    {
        using var stream = typeof(SpecDocument).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing from the build");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Describe(string field, string keyword, string message)
    {
        // The library's messages describe the rule; the field name makes them actionable. Values are not
        // echoed: the config holds the API key.
        var subject = field.Length == 0 ? "the config" : field;
        return keyword switch
        {
            "required" => $"{message.Replace("Required properties", "required field", StringComparison.Ordinal)} is missing",
            "pattern" or "format" when field == "start_date" => "start_date must be a UTC date-time like 2024-01-01T00:00:00Z",
            _ => $"{subject}: {message}",
        };
    }
}
