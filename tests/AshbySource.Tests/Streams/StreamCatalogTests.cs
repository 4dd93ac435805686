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
    public void Table_HasEveryStreamWithUniqueNamesAndEndpoints()
    {
        StreamCatalog.All.Select(s => s.Name).Should().BeEquivalentTo(
            "candidates", "applications", "jobs", "job_postings", "offers", "interviews", "interview_schedules", "users",
            "departments", "locations", "sources", "archive_reasons", "candidate_tags", "custom_fields", "openings", "projects",
            "interview_plans", "interview_stages", "interview_stage_groups", "interview_events", "application_feedback",
            "application_history", "application_criteria_evaluations", "application_hiring_team_roles", "candidate_notes",
            "candidate_projects", "survey_submissions", "survey_requests", "feedback_form_definitions", "interviewer_pools",
            "survey_form_definitions", "close_reasons", "source_tracking_links", "communication_templates", "job_templates",
            "job_boards", "brands", "hiring_team_roles", "interviewer_pauses", "approvals", "offer_versions",
            "interviewer_pool_members", "interviewer_pool_trainees", "job_interview_plans");
        StreamCatalog.All.Should().HaveCountGreaterThanOrEqualTo(44);
        StreamCatalog.All.Select(s => s.Name).Should().OnlyHaveUniqueItems();

        // Streams share an endpoint only when each takes its own array of the one object it answers.
        var shared = StreamCatalog.All.Where(s => !s.IsDerived).GroupBy(s => s.Endpoint).Where(g => g.Count() > 1).ToList();
        shared.Select(g => g.Key).Should().Equal("interviewerPool.info");
        shared.Single().Select(s => s.Parent!.ItemsField).Should().OnlyHaveUniqueItems().And.NotContainNulls();
        StreamCatalog.All.Where(s => s.Paging != Paging.Object).Should().OnlyContain(s => s.Endpoint.Contains(".list", StringComparison.Ordinal));
        StreamCatalog.All.Where(s => s.Paging == Paging.Object).Should().OnlyContain(s => s.Endpoint.EndsWith(".info", StringComparison.Ordinal));
        StreamCatalog.All.Select(s => s.Name).Should().OnlyContain(n => SnakeCase().IsMatch(n));
    }

    [Fact]
    public void Table_IncrementalExactlyWhereAshbyGivesSyncTokens()
    {
        // Top-level streams: incremental where the endpoint takes a syncToken. brands pages without one.
        StreamCatalog.All.Where(s => !s.SupportsIncremental).Select(s => s.Name).Should().BeEquivalentTo(
            "sources", "archive_reasons", "interview_stage_groups", "close_reasons", "source_tracking_links", "hiring_team_roles",
            "application_hiring_team_roles", "communication_templates", "job_boards", "brands",

            // Children of a stream without a sync token; interview stages are few and a changed plan would re-read
            // all of its stages anyway, so they are read in full every time.
            "job_postings", "interview_stages",

            // Pool membership is not in interviewerPool.list, so nothing says a changed membership puts its pool
            // into the pools' delta; pools are few, so membership is read whole every time.
            "interviewer_pool_members", "interviewer_pool_trainees");
        StreamCatalog.All.Where(s => s.Paging == Paging.Snapshot).Select(s => s.Name).Should().BeEquivalentTo(
            "job_postings", "sources", "archive_reasons", "interview_stages", "interview_stage_groups", "close_reasons",
            "source_tracking_links", "hiring_team_roles", "application_hiring_team_roles", "communication_templates", "job_boards",
            "interviewer_pauses");
        StreamCatalog.All.Where(s => s.Paging == Paging.Snapshot && s.Parent is null).Should().OnlyContain(s => !s.SupportsIncremental && !s.AcceptsCreatedAfter);
        StreamCatalog.All.Where(s => s.Paging == Paging.Object).Select(s => s.Name).Should().BeEquivalentTo(
            "offer_versions", "interviewer_pool_members", "interviewer_pool_trainees", "job_interview_plans");
        StreamCatalog.All.Where(s => s.Paging == Paging.Object).Should().OnlyContain(s => s.IsChild && s.IsResumable, "an .info endpoint is asked about one parent row at a time");

        // A child or derived stream follows its parent's sync token, so it can be incremental only when the parent is.
        StreamCatalog.All.Where(s => s.Parent is not null && s.SupportsIncremental).Should().OnlyContain(s => s.PassStream.SupportsIncremental);
    }

    [Fact]
    public void Table_ParentsExistAreTopLevelAndNeedTheSamePermission()
    {
        var dependents = StreamCatalog.All.Where(s => s.Parent is not null).ToList();
        dependents.Select(s => s.Name).Should().BeEquivalentTo(
            "job_postings", "interview_stages", "interview_events", "application_history", "application_criteria_evaluations",
            "candidate_notes", "candidate_projects", "interviewer_pauses", "offer_versions", "interviewer_pool_members",
            "interviewer_pool_trainees", "job_interview_plans");
        foreach (var stream in dependents)
        {
            var link = stream.Parent!;
            StreamCatalog.ByName.Should().ContainKey(link.Stream, stream.Name);
            var parent = StreamCatalog.ByName[link.Stream];
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
                // The pass is the parent's: the row repeats what it reads so that docs and discover tell the truth.
                stream.Endpoint.Should().Be(parent.Endpoint);
                stream.FixedBody.Should().Be(parent.FixedBody);
                stream.Paging.Should().Be(parent.Paging);
                stream.AcceptsCreatedAfter.Should().Be(parent.AcceptsCreatedAfter);
                SchemaStore.Get(parent.Name)["properties"]![link.ArrayField!].Should().NotBeNull();
            }
            else
            {
                stream.AcceptsCreatedAfter.Should().BeFalse("the parent pass filters by creation time");
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
        StreamCatalog.ByName["offer_versions"].Parent.Should().Be(ParentLink.PerRow("offers", "offerId", "offerId", itemsField: "versions"));
        StreamCatalog.ByName["offer_versions"].FixedBody.Should().Be("""{"excludeFormDefinition":true}""", "the form definition can be large and is not a row");
        StreamCatalog.ByName["interviewer_pool_members"].Parent!.ItemsField.Should().Be("qualifiedMembers");
        StreamCatalog.ByName["interviewer_pool_trainees"].Parent!.ItemsField.Should().Be("trainees");
        StreamCatalog.ByName["job_interview_plans"].Parent.Should().Be(ParentLink.PerRow("jobs", "jobId", "jobId"), "the plan object is the row");
    }

    [Fact]
    public void Table_PartitionsAndPrimaryKeys()
    {
        StreamCatalog.All.Where(s => s.Partitions is not null).Select(s => s.Name).Should().Equal("survey_submissions", "survey_requests");
        StreamCatalog.ByName["survey_submissions"].Partitions.Should().BeEquivalentTo(new RequestPartition("surveyType", "CandidateExperience", "Questionnaire", "HiringManagerExperience"));
        StreamCatalog.ByName["survey_requests"].Partitions.Should().BeEquivalentTo(new RequestPartition("surveyType", "CandidateExperience", "Questionnaire") { FormerValue = "CandidateExperience" });
        StreamCatalog.ByName["survey_requests"].FixedBody.Should().Be("{}", "the survey type is the partition's");
        StreamCatalog.All.Where(s => s.Partitions is { FormerValue: { } former }).Should().OnlyContain(s => s.Partitions!.Values.Contains(s.Partitions.FormerValue));
        StreamCatalog.All.Where(s => s.PrimaryKey is not ["id"]).Select(s => (s.Name, string.Join(",", s.PrimaryKey))).Should().BeEquivalentTo(
            [("application_criteria_evaluations", "applicationId,id"), ("candidate_projects", "candidateId,id"), ("offer_versions", "offerId,id"),
             ("interviewer_pool_members", "interviewerPoolId,id"), ("interviewer_pool_trainees", "interviewerPoolId,id"), ("job_interview_plans", "jobId"), ("job_postings", "jobBoardId,id")]);
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
        StreamCatalog.ByName["applications"].FixedBody.Should().Be("""{"expand":["openings"]}""");
        StreamCatalog.ByName["jobs"].FixedBody.Should().Contain("""
            "expand":["location","openings"]
            """);
        StreamCatalog.ByName["job_templates"].FixedBody.Should().Be("""{"expand":["location"]}""");

        // Not in job.list's documented expand enum: a rejected request would fail the whole jobs stream.
        StreamCatalog.All.Should().NotContain(s => s.FixedBody.Contains("compensation", StringComparison.Ordinal));
        SchemaStore.Get("jobs")["properties"]!["compensation"].Should().NotBeNull("the column stays, null until Ashby documents the expand value");
    }

    [Fact]
    public void Metadata_SuggestedStreamsAreTheTablesSuggestedRows()
    {
        var lines = File.ReadAllLines(RepoFiles.File("metadata.yaml"));
        var start = Array.FindIndex(lines, l => l.Trim() == "suggestedStreams:") + 2;
        var suggested = lines.Skip(start).TakeWhile(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)).Select(l => l.Trim()[2..]).ToList();

        suggested.Should().Equal(StreamCatalog.All.Where(s => s.Suggested).Select(s => s.Name));
        suggested.Should().Contain(["application_history", "interview_events", "interview_stages", "job_postings"]).And.NotContain("candidate_notes");
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
