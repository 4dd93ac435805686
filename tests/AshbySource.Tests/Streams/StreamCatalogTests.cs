using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AshbySource.Configuration;
using AshbySource.Streams;
using Json.Schema;

namespace AshbySource.Tests.Streams;

/// <summary>The invariants Airbyte's acceptance tests check on discover and spec, over every row of the stream table.</summary>
public partial class StreamCatalogTests
{
    public static TheoryData<string> StreamNames => new(StreamCatalog.All.Select(s => s.Name));

    [Fact]
    public void Table_HasTheSixteenStreamsWithUniqueNamesAndEndpoints()
    {
        StreamCatalog.All.Select(s => s.Name).Should().BeEquivalentTo(
            "candidates", "applications", "jobs", "job_postings", "offers", "interviews", "interview_schedules", "users",
            "departments", "locations", "sources", "archive_reasons", "candidate_tags", "custom_fields", "openings", "projects");
        StreamCatalog.All.Select(s => s.Endpoint).Should().OnlyHaveUniqueItems().And.OnlyContain(e => e.EndsWith(".list", StringComparison.Ordinal));
        StreamCatalog.All.Select(s => s.Name).Should().OnlyContain(n => SnakeCase().IsMatch(n));
    }

    [Fact]
    public void Table_IncrementalExactlyWhereAshbyGivesSyncTokens()
    {
        StreamCatalog.All.Where(s => !s.SupportsIncremental).Select(s => s.Name).Should().BeEquivalentTo("job_postings", "sources", "archive_reasons");
        StreamCatalog.All.Where(s => s.Paging == Paging.Snapshot).Select(s => s.Name).Should().BeEquivalentTo("job_postings", "sources", "archive_reasons");
    }

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void Schema_IsValidDraft7AndFollowsTheAcceptanceRules(string name)
    {
        var definition = StreamCatalog.ByName[name];
        var schema = SchemaStore.Get(name);

        // The schema compiles as draft-07 and accepts a record with just an id.
        var compiled = JsonSchema.FromText(schema.ToJsonString());
        compiled.Evaluate(JsonDocument.Parse("""{"id":"x"}""").RootElement).IsValid.Should().BeTrue();
        compiled.Evaluate(JsonDocument.Parse("""{"id":null}""").RootElement).IsValid.Should().BeFalse();

        ((string?)schema["$schema"]).Should().Be("http://json-schema.org/draft-07/schema#");
        ((string?)schema["type"]).Should().Be("object");
        schema["properties"]!["id"].Should().NotBeNull("the primary key is a property");
        ((string?)schema["properties"]!["id"]!["type"]).Should().Be("string", "a primary key is not an object or array");

        if (definition.CursorField is { } cursor)
        {
            JsonNode? node = schema;
            foreach (var part in cursor)
            {
                node = node?["properties"]?[part];
            }

            node.Should().NotBeNull($"the cursor field {string.Join('.', cursor)} exists in the schema");
        }

        foreach (var (path, node) in Walk(schema, "$"))
        {
            if (node is not JsonObject obj)
            {
                continue;
            }

            obj.ContainsKey("$ref").Should().BeFalse(path);
            obj.ContainsKey("allOf").Should().BeFalse(path);
            obj.ContainsKey("anyOf").Should().BeFalse(path);
            obj.ContainsKey("not").Should().BeFalse(path);
            obj.ContainsKey("definitions").Should().BeFalse(path);
            if (obj["additionalProperties"] is { } additional)
            {
                additional.GetValueKind().Should().Be(JsonValueKind.True, $"{path}: additionalProperties is never false");
            }

            if (obj["format"] is { } format)
            {
                ((string?)format).Should().BeOneOf(["date-time", "date"], path);
            }

            if (obj["type"] is JsonArray types && path != "$")
            {
                types.Select(t => (string?)t).Should().Contain("null", $"{path}: every field but id is nullable");
            }
        }
    }

    [Fact]
    public void Spec_FollowsTheAcceptanceRules()
    {
        var spec = JsonNode.Parse(SpecDocument.Json.ToArray())!;
        var connection = spec["connectionSpecification"]!;

        ((string?)spec["documentationUrl"]).Should().StartWith("https://");
        ((bool?)connection["properties"]!["api_key"]!["airbyte_secret"]).Should().BeTrue();
        connection["required"]!.AsArray().Select(r => (string?)r).Should().Equal("api_key");
        var orders = connection["properties"]!.AsObject().Select(p => (int)p.Value!["order"]!).ToList();
        orders.Should().OnlyHaveUniqueItems();
        foreach (var (path, node) in Walk(connection, "$"))
        {
            if (node is JsonObject obj)
            {
                foreach (var forbidden in new[] { "$ref", "not", "anyOf", "allOf", "patternProperties", "if", "then", "else" })
                {
                    obj.ContainsKey(forbidden).Should().BeFalse($"{path} has no {forbidden}");
                }

                if (obj["additionalProperties"] is { } additional)
                {
                    additional.GetValueKind().Should().Be(JsonValueKind.True);
                }
            }
        }

        JsonSchema.FromText(connection.ToJsonString()).Should().NotBeNull();
    }

    private static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode? node, string path)
    {
        if (node is null)
        {
            yield break;
        }

        yield return (path, node);
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                // Skip property *names* (a field called "not" is fine); walk their schemas.
                foreach (var item in Walk(child, $"{path}.{key}"))
                {
                    yield return item;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var item in Walk(array[i], $"{path}[{i}]"))
                {
                    yield return item;
                }
            }
        }
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
