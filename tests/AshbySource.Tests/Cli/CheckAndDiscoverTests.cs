using System.Net;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Cli;

public sealed class CheckAndDiscoverTests : FakeAshbyTest
{
    private const string Canary = "canary-key-check-6d2f";

    private Task<RunResult> Run(string command) =>
        Connector.RunAsync(command, "--config", Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary)));

    /// <summary>The status and message of the run's one CONNECTION_STATUS message.</summary>
    private static (string? Status, string? Message) ConnectionStatus(RunResult result)
    {
        var status = result.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!;
        return ((string?)status["status"], (string?)status["message"]);
    }

    [Fact]
    public async Task Check_KeyWithEveryScope_Succeeds()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopes));

        var result = await Run("check");

        result.ExitCode.Should().Be(0);
        result.Messages.Should().ContainSingle();
        var (status, message) = ConnectionStatus(result);
        status.Should().Be("SUCCEEDED");
        message.Should().Contain($"all {StreamCatalog.All.Length} streams");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Check_RejectedKey_FailsWithExitZeroAndAnActionableMessage(int status)
    {
        Ashby.On("apiKey.info", _ => FakeAshbyHandler.Text("Unauthorized", (HttpStatusCode)status));

        var result = await Run("check");

        result.ExitCode.Should().Be(0);
        result.Messages.Should().ContainSingle();
        var (connection, message) = ConnectionStatus(result);
        connection.Should().Be("FAILED");
        message.Should().Contain("API Keys");
        (result.Stdout + result.Stderr).Should().NotContain(Canary);
        Ashby.Requests.Should().ContainSingle("401/403 are never retried");
    }

    [Fact]
    public async Task Check_KeyWithoutApiKeysPermission_ProbesTheStreams()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.Error("missing_endpoint_permission"), HttpStatusCode.Forbidden);
        Ashby.Fallback = r => r.Endpoint is "job.list" or "jobBoard.list" or "jobTemplate.list" or "opening.list"
            ? FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("j", 1), more: false))
            : FakeAshbyHandler.Json(FakeAshbyHandler.Error("missing_endpoint_permission", "needs candidatesRead"), HttpStatusCode.Forbidden);

        var result = await Run("check");

        var (status, message) = ConnectionStatus(result);
        status.Should().Be("SUCCEEDED");
        // job_postings is probed through jobBoard.list, its parent: jobPosting.list needs a board id; so is
        // job_interview_plans through job.list.
        message.Should().Contain($"6 of {StreamCatalog.All.Length}").And.Contain("offersRead");
        Ashby.RequestsTo("candidate.list").Single().Body.ToJsonString().Should().Be("""{"limit":1}""");
        Ashby.RequestsTo("surveySubmission.list").Single().Body.ToJsonString().Should().Be("""{"surveyType":"CandidateExperience","limit":1}""");
        Ashby.RequestsTo("jobPosting.list").Single().Body.ToJsonString().Should().Be("""{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"],"jobBoardId":"j-0"}""", "one board's postings tell whether the organisation serves them");
        Ashby.RequestsTo("jobInterviewPlan.info").Single().Body.ToJsonString().Should().Be("""{"jobId":"j-0"}""", "an .info endpoint is probed with its parent's first row");
        Ashby.Requests.GroupBy(r => r.Endpoint).Should().OnlyContain(g => g.Count() == 1, "each endpoint is probed once");
    }

    [Fact]
    public async Task Check_KeyThatMayReadNothing_Fails()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo("""["apiKeys:read"]"""));

        var result = await Run("check");

        result.ExitCode.Should().Be(0);
        ConnectionStatus(result).Status.Should().Be("FAILED");
    }

    [Fact]
    public async Task Check_AshbyDown_AnswersFailedSayingItIsTemporary()
    {
        Ashby.Fallback = _ => FakeAshbyHandler.Text("down", HttpStatusCode.BadGateway);

        var result = await Run("check");

        result.ExitCode.Should().Be(0, "check answers whatever Ashby does");
        result.Errors.Should().BeEmpty();
        var (status, message) = ConnectionStatus(result);
        status.Should().Be("FAILED");
        message.Should().Contain("apiKey.info").And.Contain("temporary").And.NotContain("connector bug");
    }

    [Fact]
    public async Task Discover_LeavesOutStreamsTheKeyCannotRead()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo("""["jobs:read","organization:read"]"""));

        var result = await Run("discover");

        result.ExitCode.Should().Be(0);
        var names = result.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        names.Should().Equal(StreamCatalog.All.Where(s => s.Permission is "jobsRead" or "organizationRead").Select(s => s.Name)).And.Contain(["jobs", "job_postings", "users"]);
        result.Logs("INFO").Should().Contain(m => m.Contains("offers", StringComparison.Ordinal) && m.Contains("offersRead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discover_KeyWithoutApprovalsRead_LeavesOutApprovalsOnly()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopesButApprovals));

        var result = await Run("discover");

        result.ExitCode.Should().Be(0);
        var names = result.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        names.Should().Equal(StreamCatalog.All.Select(s => s.Name).Where(n => n != "approvals"));
        result.Logs("INFO").Should().ContainSingle(m => m.Contains("left out", StringComparison.Ordinal))
            .Which.Should().Contain("approvals").And.Contain("approvalsRead").And.Contain("approvals:read");
        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Discover_ProbedKeyWithoutApprovalsRead_LeavesOutApprovalsOnly()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.Error("missing_endpoint_permission"), HttpStatusCode.Forbidden);
        Ashby.Fallback = r => r.Endpoint == "approval.list"
            ? FakeAshbyHandler.Json(FakeAshbyHandler.Error("missing_endpoint_permission", "needs approvalsRead"), HttpStatusCode.Forbidden)
            : FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: false));

        var result = await Run("discover");

        result.ExitCode.Should().Be(0);
        var names = result.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        names.Should().Equal(StreamCatalog.All.Select(s => s.Name).Where(n => n != "approvals"));
        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Discover_BadKey_IsAConfigErrorTrace()
    {
        Ashby.On("apiKey.info", _ => FakeAshbyHandler.Text("Unauthorized", HttpStatusCode.Unauthorized));

        var result = await Run("discover");

        result.ExitCode.Should().Be(1);
        ((string?)result.Errors.Single()["failure_type"]).Should().Be("config_error");
    }

    [Fact]
    public async Task Spec_MatchesTheGoldenFile()
    {
        var result = await Connector.RunAsync("spec");

        result.ExitCode.Should().Be(0);
        result.Lines.Should().ContainSingle();
        var spec = result.OfType("SPEC").Single()["spec"]!;
        Golden.AssertMatches("spec.json", spec);
        Golden.AssertRepoJson(spec, "integration_tests", "spec.json");
    }

    [Fact]
    public async Task Discover_MatchesTheGoldenFile()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopes));

        var result = await Run("discover");

        result.Lines.Should().ContainSingle();
        var catalog = result.OfType("CATALOG").Single()["catalog"]!;
        catalog["streams"]!.AsArray().Select(s => (string)s!["name"]!).Should().Equal(StreamCatalog.All.Select(s => s.Name));
        Golden.AssertMatches("discover.json", catalog);
    }

    [Fact]
    public async Task Check_BaseUrlWithAPath_AshbysOwn404Envelope_AnswersFailedNamingTheAddress()
    {
        // Ashby answers an endpoint it does not have (here /v1/apiKey.info) with its error envelope and HTTP 404.
        Ashby.Fallback = r => FakeAshbyHandler.Json(FakeAshbyHandler.Error("not_found", $"No such endpoint: /{r.Endpoint}"), HttpStatusCode.NotFound);

        var result = await Connector.RunAsync("check", "--config", Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary, baseUrl: "http://127.0.0.1:9/v1/")));

        result.ExitCode.Should().Be(0);
        result.Errors.Should().BeEmpty();
        var (status, message) = ConnectionStatus(result);
        status.Should().Be("FAILED");
        message.Should().Contain("127.0.0.1:9/v1/apiKey.info").And.Contain("not_found").And.Contain("base_url").And.NotContain("connector bug");
        Ashby.Requests.Should().ContainSingle("a wrong address is not retried");
    }

    [Fact]
    public async Task CheckAndDiscover_NameAChildStreamTheOrganisationCannotServe()
    {
        Ashby.Fallback = r => r.Endpoint switch
        {
            "apiKey.info" => FakeAshbyHandler.Json(FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopes)),
            "application.list" => FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("a", 1), more: true, nextCursor: "p2")),
            "application.listCriteriaEvaluations" => FakeAshbyHandler.Json(FakeAshbyHandler.Error("feature_not_enabled", "AI Application Review is not enabled")),
            _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: false)),
        };

        var check = await Run("check");
        var discover = await Run("discover");

        var (status, message) = ConnectionStatus(check);
        status.Should().Be("SUCCEEDED");
        message.Should().Contain($"{StreamCatalog.All.Length - 1} of {StreamCatalog.All.Length} streams are readable")
            .And.Contain("cannot serve application_criteria_evaluations").And.Contain("feature_not_enabled").And.Contain("AI Application Review");
        Ashby.RequestsTo("application.listCriteriaEvaluations").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"applicationId":"a-0","limit":1}""", """{"applicationId":"a-0","limit":1}""");
        Ashby.RequestsTo("application.listHistory").Should().HaveCount(2, "history answers, so it stays");
        var names = discover.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        names.Should().NotContain("application_criteria_evaluations").And.Contain("application_history").And.HaveCount(StreamCatalog.All.Length - 1);
        discover.Logs("WARN").Should().Contain(m => m.Contains("application_criteria_evaluations is left out", StringComparison.Ordinal) && m.Contains("feature_not_enabled", StringComparison.Ordinal));
    }
}
