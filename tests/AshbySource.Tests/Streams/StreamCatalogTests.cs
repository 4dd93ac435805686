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
    public void Table_HasUniqueNamesAndEndpoints()
    {
        StreamCatalog.All.Should().HaveCountGreaterThanOrEqualTo(44);
        StreamCatalog.All.Select(s => s.Name).Should().OnlyHaveUniqueItems();

        // Streams share an endpoint only when each takes its own array of the one object it answers.
        var shared = StreamCatalog.All.Where(s => !s.IsDerived).GroupBy(s => s.Endpoint).Where(g => g.Count() > 1).ToList();
        shared.Should().OnlyContain(g => g.All(s => s.Paging == Paging.Object && s.Parent!.ItemsField != null));
        shared.Should().OnlyContain(g => g.Select(s => s.Parent!.ItemsField).Distinct().Count() == g.Count());
        StreamCatalog.All.Where(s => s.Paging != Paging.Object).Should().OnlyContain(s => s.Endpoint.Contains(".list", StringComparison.Ordinal));
        StreamCatalog.All.Where(s => s.Paging == Paging.Object).Should().OnlyContain(s => s.Endpoint.EndsWith(".info", StringComparison.Ordinal));
        StreamCatalog.All.Select(s => s.Name).Should().OnlyContain(n => SnakeCase().IsMatch(n));
    }

    [Fact]
    public void Table_IncrementalExactlyWhereAshbyGivesSyncTokens()
    {
        // A single-answer endpoint gives no sync token, and filters by nothing.
        StreamCatalog.All.Where(s => s.Paging == Paging.Snapshot && s.Parent is null).Should().OnlyContain(s => !s.SupportsIncremental && !s.CreatedAfter);
        StreamCatalog.All.Where(s => s.Paging == Paging.Object).Should().OnlyContain(s => s.IsChild && s.IsResumable, "an .info endpoint is asked about one parent row at a time");

        // A child or derived stream follows its parent's sync token, so it can be incremental only when the parent is.
        StreamCatalog.All.Where(s => s.Parent is not null && s.SupportsIncremental).Should().OnlyContain(s => s.PassStream.SupportsIncremental);
        StreamCatalog.ByName["brands"].SupportsIncremental.Should().BeFalse("brand.list pages without a sync token");
        StreamCatalog.ByName["interview_stages"].SupportsIncremental.Should().BeFalse("a plan's stages are few, and interview_plans' delta would re-read all of them anyway");
        StreamCatalog.ByName["interviewer_pool_members"].SupportsIncremental.Should().BeFalse("membership is not in interviewerPool.list, so nothing says a changed membership puts its pool into the delta");
    }

    [Fact]
    public void Table_ParentsExistAreTopLevelAndNeedTheSamePermission()
    {
        var dependents = StreamCatalog.All.Where(s => s.Parent is not null).ToList();
        dependents.Should().Contain(s => s.IsChild).And.Contain(s => s.IsDerived);
        foreach (var stream in dependents)
        {
            var link = stream.Parent!;
            var parent = StreamCatalog.ByName[link.Stream];
            stream.PassStream.Should().BeSameAs(parent);
            parent.Parent.Should().BeNull($"{stream.Name}'s parent is a top-level stream");
            parent.Partitions.Should().BeNull();
            stream.Partitions.Should().BeNull();
            stream.Permission.Should().Be(parent.Permission, $"{stream.Name} is probed through {parent.Endpoint}");
            (link.RequestParameter is null).Should().NotBe(link.ArrayField is null, $"{stream.Name} is either a child or derived");
            link.KeyField.Should().Be("id");
            SchemaStore.Get(parent.Name)["properties"]![link.KeyField].Should().NotBeNull();

            // The added field is declared as a non-null string, and is where Ashby's item lacks it.
            ((string?)SchemaStore.Get(stream.Name)["properties"]![link.AddedField]!["type"]).Should().Be("string", $"{stream.Name}.{link.AddedField}");
            if (stream.IsDerived)
            {
                // The pass is the parent's: endpoint, body, paging and createdAfter are read from its row.
                (stream.Endpoint, stream.Body, stream.Paging, stream.CreatedAfter).Should().Be((parent.Endpoint, parent.Body, parent.Paging, parent.CreatedAfter));
                SchemaStore.Get(parent.Name)["properties"]![link.ArrayField!].Should().NotBeNull();
            }
            else
            {
                stream.CreatedAfter.Should().BeFalse("the parent pass filters by creation time");
            }

            // A row taken out of an array of the answer belongs to its parent: the parent key is part of its key.
            if (link.ItemsField is not null)
            {
                stream.IsChild.Should().BeTrue(stream.Name);
                stream.PrimaryKey.Should().Equal(link.AddedField, "id");
            }
        }

        StreamCatalog.ByName["job_postings"].Parent.Should().Be(ParentLink.PerRow("job_boards", "jobBoardId", "jobBoardId"));
        StreamCatalog.ByName["interview_events"].Parent.Should().Be(ParentLink.Derived("interview_schedules", "interviewEvents", "interviewScheduleId"));
        StreamCatalog.ByName["interview_events"].Endpoint.Should().Be("interviewSchedule.list");
        StreamCatalog.ByName["offer_versions"].Parent.Should().Be(ParentLink.PerRow("offers", "offerId", "offerId", itemsField: "versions"));
        Body("offer_versions").Should().Be("""{"excludeFormDefinition":true}""", "the form definition can be large and is not a row");
        StreamCatalog.ByName["interviewer_pool_members"].Parent!.ItemsField.Should().Be("qualifiedMembers");
        StreamCatalog.ByName["interviewer_pool_trainees"].Parent!.ItemsField.Should().Be("trainees");
        StreamCatalog.ByName["job_interview_plans"].Parent.Should().Be(ParentLink.PerRow("jobs", "jobId", "jobId"), "the plan object is the row");
    }

    [Fact]
    public void Link_RejectsADerivedRowWithRequestColumnsOfItsOwnAndAParentThatIsNotTopLevel()
    {
        var schedules = new StreamDefinition("schedules", "interviewSchedule.list", "interviewsRead") { CreatedAfter = true };
        var events = new StreamDefinition("events", ParentLink.Derived("schedules", "interviewEvents", "interviewScheduleId"));

        var linked = StreamCatalog.Link([schedules, events]);
        linked[1].CreatedAfter.Should().BeTrue("a derived stream's createdAfter is its parent's");
        linked[1].Endpoint.Should().Be("interviewSchedule.list");

        var act = () => StreamCatalog.Link([schedules, events with { Paging = Paging.Snapshot }]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*derived from schedules*");
        var nested = new StreamDefinition("nested", "x.list", "interviewsRead") { Parent = ParentLink.PerRow("events", "eventId") };
        var nestedAct = () => StreamCatalog.Link([schedules, events, nested]);
        nestedAct.Should().Throw<InvalidOperationException>().WithMessage("*not a top-level stream*");
        var unlinked = () => events.PassStream;
        unlinked.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Table_PartitionsAndPrimaryKeys()
    {
        StreamCatalog.ByName["survey_submissions"].Partitions.Should().BeEquivalentTo(new RequestPartition("surveyType", "CandidateExperience", "Questionnaire", "HiringManagerExperience"));
        StreamCatalog.ByName["survey_requests"].Partitions.Should().BeEquivalentTo(new RequestPartition("surveyType", "CandidateExperience", "Questionnaire") { FormerValue = "CandidateExperience" });
        Body("survey_requests").Should().Be("{}", "the survey type is the partition's");
        StreamCatalog.All.Where(s => s.Partitions is { FormerValue: { } former }).Should().OnlyContain(s => s.Partitions!.Values.Contains(s.Partitions.FormerValue));

        // A key other than id is a child's: its parent's key first, or the parent key alone for a row per parent.
        StreamCatalog.All.Where(s => s.PrimaryKey is not ["id"]).Should().OnlyContain(s => s.Parent != null && s.PrimaryKey[0] == s.Parent.AddedField && s.PrimaryKey.Length <= 2);
        StreamCatalog.ByName["job_postings"].PrimaryKey.Should().Equal("jobBoardId", "id");
        StreamCatalog.ByName["job_interview_plans"].PrimaryKey.Should().Equal("jobId");
        foreach (var stream in StreamCatalog.All)
        {
            foreach (var field in stream.PrimaryKey)
            {
                ((string?)SchemaStore.Get(stream.Name)["properties"]![field]!["type"]).Should().Be("string", $"{stream.Name}.{field} is a primary key field");
            }
        }
    }

    /// <summary>
    /// Ashby's OpenAPI types these as plain strings (targetHireDate, targetStartDate, publishedDate, decidedAt); a
    /// declared format that a real value misses makes typed destinations null the value without a word.
    /// </summary>
    [Theory]
    [InlineData("job_postings", "publishedDate")]
    [InlineData("openings", "latestVersion.targetHireDate")]
    [InlineData("openings", "latestVersion.targetStartDate")]
    [InlineData("applications", "openings[].latestVersion.targetHireDate")]
    [InlineData("applications", "openings[].latestVersion.targetStartDate")]
    [InlineData("jobs", "openings[].latestVersion.targetHireDate")]
    [InlineData("jobs", "openings[].latestVersion.targetStartDate")]
    [InlineData("offers", "decidedAt")]
    public void Schema_DeclaresNoFormatWhereAshbyPromisesNone(string stream, string path)
    {
        var node = SchemaStore.Get(stream);
        foreach (var part in path.Split('.'))
        {
            var name = part.TrimEnd('[', ']');
            node = node["properties"]![name]!;
            if (part.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node["items"]!;
            }
        }

        ((string?)node["type"]?[1] ?? (string?)node["type"]).Should().Be("string", $"{stream}.{path}");
        node["format"].Should().BeNull($"{stream}.{path} is a plain string in Ashby's OpenAPI");
    }

    [Fact]
    public void Table_SendsOnlyDocumentedExpandValues()
    {
        Body("applications").Should().Be("""{"expand":["openings"]}""");
        Body("jobs").Should().Contain("""
            "expand":["location","openings"]
            """);
        Body("job_templates").Should().Be("""{"expand":["location"]}""");

        // Not in job.list's documented expand enum: a rejected request would fail the whole jobs stream.
        StreamCatalog.All.Should().NotContain(s => s.Body.ToJsonString().Contains("compensation", StringComparison.Ordinal));
        SchemaStore.Get("jobs")["properties"]!["compensation"].Should().NotBeNull("the column stays, null until Ashby documents the expand value");
    }

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void Schema_IsValidDraft7AndFollowsTheAcceptanceRules(string name)
    {
        var definition = StreamCatalog.ByName[name];
        var schema = SchemaStore.Get(name);

        // The schema compiles as draft-07 and accepts a record with just its primary key, which may not be null.
        var compiled = JsonSchema.FromText(schema.ToJsonString());
        JsonDocument Record(string value) => JsonDocument.Parse(new JsonObject(definition.PrimaryKey.Select(f => KeyValuePair.Create(f, JsonNode.Parse(value)))).ToJsonString());
        compiled.Evaluate(Record("\"x\"").RootElement).IsValid.Should().BeTrue();
        compiled.Evaluate(Record("null").RootElement).IsValid.Should().BeFalse();

        ((string?)schema["$schema"]).Should().Be("http://json-schema.org/draft-07/schema#");
        ((string?)schema["type"]).Should().Be("object");

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
                types.Select(t => (string?)t).Should().Contain("null", $"{path}: every field but the primary key is nullable");
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

        // The connection specification is itself a schema: it takes a config with just the key, and no config without it.
        var configSchema = JsonSchema.FromText(connection.ToJsonString());
        using var keyOnly = JsonDocument.Parse("""{"api_key":"key"}""");
        using var noKey = JsonDocument.Parse("""{"start_date":"2026-01-01T00:00:00Z"}""");
        configSchema.Evaluate(keyOnly.RootElement).IsValid.Should().BeTrue();
        configSchema.Evaluate(noKey.RootElement).IsValid.Should().BeFalse("api_key is required");
    }

    private static string Body(string stream) => StreamCatalog.ByName[stream].Body.ToJsonString();

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
