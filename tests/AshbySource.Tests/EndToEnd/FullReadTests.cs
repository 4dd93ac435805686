using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>The connector against the bundled Ashby emulator over real HTTP on a loopback port.</summary>
public sealed class FullReadTests : SlowTests
{

    // Where a row of one stream names a row of another. Child rows name their parent; the funnel's stage and plan ids
    // must exist in the stage and plan streams, or joins in the warehouse come out empty.
    private static readonly (string Stream, string Path, string Target)[] References =
    [
        ("application_history", "applicationId", "applications"),
        ("application_history", "stageId", "interview_stages"),
        ("application_criteria_evaluations", "applicationId", "applications"),
        ("application_feedback", "applicationId", "applications"),
        ("candidate_notes", "candidateId", "candidates"),
        ("candidate_projects", "candidateId", "candidates"),
        ("interview_stages", "interviewPlanId", "interview_plans"),
        ("interview_stages", "interviewStageGroupId", "interview_stage_groups"),
        ("applications", "currentInterviewStage.id", "interview_stages"),
        ("applications", "currentInterviewStage.interviewPlanId", "interview_plans"),
        ("interview_schedules", "interviewStageId", "interview_stages"),
        ("interview_events", "interviewScheduleId", "interview_schedules"),
        ("job_postings", "jobBoardId", "job_boards"),
        ("job_postings", "jobId", "jobs"),
        ("job_postings", "customFields.id", "custom_fields"),
        ("job_postings", "jobCustomFields.id", "custom_fields"),
        ("job_postings", "secondaryLocations.id", "locations"),
        ("interviewer_pauses", "userId", "users"),
        ("survey_submissions", "applicationId", "applications"),
        ("survey_submissions", "surveyFormDefinitionId", "survey_form_definitions"),
        ("survey_requests", "applicationId", "applications"),
        ("survey_requests", "surveyFormDefinitionId", "survey_form_definitions"),

        // Rows of the per-object endpoints: each names its parent, and what it refers to is a row of its stream.
        ("offer_versions", "offerId", "offers"),
        ("offer_versions", "author.id", "users"),
        ("offer_versions", "openingId", "openings"),
        ("interviewer_pool_members", "interviewerPoolId", "interviewer_pools"),
        ("interviewer_pool_members", "id", "users"),
        ("interviewer_pool_trainees", "interviewerPoolId", "interviewer_pools"),
        ("interviewer_pool_trainees", "id", "users"),
        ("job_interview_plans", "jobId", "jobs"),
        ("job_interview_plans", "interviewPlanId", "interview_plans"),
        ("job_interview_plans", "stages.id", "interview_stages"),
        ("job_interview_plans", "stages.interviewStageGroupId", "interview_stage_groups"),
        ("job_interview_plans", "stages.activities.interviews.interviewId", "interviews"),
    ];

    [Fact]
    public async Task FullRead_EveryStream_IsValidProtocolWithEveryRowExactlyOnceAndEveryReferenceResolving()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 400);
        using var run = new ConnectorRun(time: TimeProvider.System);

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":50"""), ReadAssertions.FullCatalog());

        result.ShouldBeAValidRead(ReadAssertions.AllStreams);
        foreach (var stream in ReadAssertions.AllStreams)
        {
            result.Keys(stream).Should().OnlyHaveUniqueItems(stream);
            result.Keys(stream).Should().BeEquivalentTo(await ashby.KeysAsync(stream), stream);
        }

        foreach (var (stream, path, target) in References)
        {
            var ids = result.Ids(target).ToHashSet(StringComparer.Ordinal);
            var referenced = result.Records(stream).SelectMany(r => ValuesAt(r["data"]!, path)).ToList();
            referenced.Should().NotBeEmpty($"{stream}.{path} is filled somewhere");
            referenced.Where(id => !ids.Contains(id)).Should().BeEmpty($"every {stream}.{path} is a row of {target}");
        }

        result.Records("candidates").Should().HaveCount(400);
        result.Records("jobs").Should().Contain(r => (string?)r["data"]!["status"] == "Draft", "drafts are only listed when asked for");
        result.Records("users").Should().Contain(r => (bool?)r["data"]!["isEnabled"] == false, "deactivated users are included");
        result.Records("locations").Should().Contain(r => (string?)r["data"]!["type"] == "LocationHierarchy");
        result.Records("interviews").Should().Contain(r => r["data"]!["jobId"] != null, "non-shared interviews are included");
        result.Records("departments").Should().Contain(r => (bool?)r["data"]!["isArchived"] == true);
        result.Records("job_postings").Should().Contain(r => (string?)r["data"]!["status"] == "Draft", "draft postings are asked for");
        result.Records("survey_submissions").Should().Contain(r => (string?)r["data"]!["surveyType"] == "HiringManagerExperience");
        result.Records("offer_versions").Should().HaveCountGreaterThan(result.Records("offers").Count(), "offers were revised");

        // An offer's newest version is the latestVersion offer.list shows.
        var latest = result.Records("offer_versions").Select(r => r["data"]!).GroupBy(v => (string)v["offerId"]!)
            .ToDictionary(g => g.Key, g => g.MaxBy(v => (string)v["createdAt"]!, StringComparer.Ordinal)!);
        result.Records("offers").Select(r => r["data"]!).Should().OnlyContain(o => JsonNode.DeepEquals(o["latestVersion"], WithoutOfferId(latest[(string)o["id"]!])));
    }

    private static JsonObject WithoutOfferId(JsonNode version)
    {
        var copy = version.DeepClone().AsObject();
        copy.Remove("offerId");
        return copy;
    }

    [Fact]
    public async Task Check_Discover_Read_WithKeysOfEveryScope()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 50);
        using var run = new ConnectorRun(time: TimeProvider.System);

        async Task<RunResult> Run(string command, string key) => await run.RunAsync(command, "--config", run.WriteFile("config.json", ashby.Config(key)));

        (await Run("check", "demo-full-access")).OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["status"]!.GetValue<string>().Should().Be("SUCCEEDED");

        var jobsOnly = await Run("check", "demo-jobs-only");
        jobsOnly.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["message"]!.GetValue<string>().Should().Contain($"{StreamCatalog.All.Count(s => s.Permission == "jobsRead")} of {StreamCatalog.All.Length}").And.Contain("one-row request");

        var nothing = await Run("check", "demo-nothing");
        nothing.ExitCode.Should().Be(0);
        nothing.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["status"]!.GetValue<string>().Should().Be("FAILED");

        var unknown = await Run("check", "not-a-real-key");
        unknown.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["status"]!.GetValue<string>().Should().Be("FAILED");

        var noOffers = await Run("discover", "demo-no-offers");
        noOffers.ExitCode.Should().Be(0);
        noOffers.Lines.SelectMany(ProtocolValidator.CheckLine).Should().BeEmpty();
        noOffers.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!)
            .Should().BeEquivalentTo(StreamCatalog.All.Where(s => s.Permission != "offersRead").Select(s => s.Name)).And.NotContain("offer_versions");

        var full = await Run("discover", "demo-full-access");
        full.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Should().HaveCountGreaterThanOrEqualTo(44);
    }

    [Fact]
    public async Task MissingPermissionOnOneStream_FailsOnlyThatStream()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 50);
        using var run = new ConnectorRun(time: TimeProvider.System);

        var result = await run.ReadAsync(ashby.Config("demo-no-offers"), ReadAssertions.FullCatalog());

        result.ExitCode.Should().Be(1);
        result.ShouldBeAValidRead([], expectSuccess: false);
        var needOffers = StreamCatalog.All.Where(s => s.Permission == "offersRead").Select(s => s.Name).ToList();
        needOffers.Should().BeEquivalentTo(["offers", "offer_versions"]);
        foreach (var stream in needOffers)
        {
            result.Statuses(stream).Should().Equal(["STARTED", "INCOMPLETE"], stream);
            result.Errors.Should().Contain(e => (string?)e["stream_descriptor"]!["name"] == stream && (string?)e["failure_type"] == "config_error");
        }

        foreach (var stream in ReadAssertions.AllStreams.Except(needOffers))
        {
            result.Statuses(stream).Last().Should().Be("COMPLETE", stream);
        }

        result.Errors.Last()["message"]!.GetValue<string>().Should().StartWith("During the sync, the following streams did not sync successfully: offer_versions:").And.Contain("; offers:");
    }

    [Fact]
    public async Task KeyRevokedMidSync_FailsThatStreamWithConfigErrorAndTheRestComplete()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 300);
        // The first page of a pass: candidates is read in creation-time windows of a page or two each.
        await ashby.InjectAsync("candidate.list", page: 1, code: "unauthenticated");
        using var run = new ConnectorRun(time: TimeProvider.System);

        var result = await run.ReadAsync(ashby.Config(extra: ""","page_size":50"""), ReadAssertions.FullCatalog());

        result.ExitCode.Should().Be(1);
        result.Statuses("candidates").Last().Should().Be("INCOMPLETE");
        result.Errors.First(e => e["stream_descriptor"] is not null)["failure_type"]!.GetValue<string>().Should().Be("config_error");
        // Windows are read side by side, so which pages came before the refusal varies; each one written is checkpointed.
        result.Records("candidates").Should().HaveCount(InterruptedRun.RecordsCoveredByStates(result, "candidates").Count, "every record sent is covered by a state");
        result.Records("candidates").Should().HaveCountLessThan(300);
        ReadAssertions.AllStreams.Where(s => s != "candidates").Should().OnlyContain(s => result.Statuses(s).Last() == "COMPLETE");
    }

    [Fact]
    public async Task CanaryKey_NeverLeavesTheProcess()
    {
        const string canary = "canary-e2e-key-0b9e77d2c4";
        await using var ashby = await EmulatorScope.StartAsync(scale: 20);
        using var run = new ConnectorRun(time: TimeProvider.System);
        var config = run.WriteFile("config.json", ashby.Config(canary));
        var catalog = run.WriteFile("catalog.json", ReadAssertions.FullCatalog());

        var outputs = new List<RunResult>
        {
            await run.RunAsync("spec"),
            await run.RunAsync("check", "--config", config),
            await run.RunAsync("discover", "--config", config),
            await run.RunAsync("read", "--config", config, "--catalog", catalog),
        };

        outputs.Should().OnlyContain(r => !r.Stdout.Contains(canary, StringComparison.Ordinal) && !r.Stderr.Contains(canary, StringComparison.Ordinal));
        outputs[3].Errors.Should().NotBeEmpty();
    }

    /// <summary>The strings at <paramref name="path"/> (dotted names; arrays on the way are walked item by item).</summary>
    private static IEnumerable<string> ValuesAt(JsonNode data, string path) =>
        path.Split('.').Aggregate(
                (IEnumerable<JsonNode?>)[data],
                (nodes, name) => nodes.SelectMany(Items).Select(node => node is JsonObject obj ? obj[name] : null))
            .SelectMany(Items)
            .OfType<JsonValue>()
            .Select(value => value.TryGetValue(out string? text) ? text : null)
            .OfType<string>();

    /// <summary>An array's items, or the node itself.</summary>
    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? array : Enumerable.Repeat(node, 1);
}
