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
        Ashby.RequestsTo("jobPosting.list").Should().BeEmpty();
        Ashby.Requests.Should().NotContain(r => r.Endpoint.EndsWith(".info", StringComparison.Ordinal) && r.Endpoint != "apiKey.info", "an .info endpoint needs a parent key");
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
    public async Task Check_AshbyDown_IsATransientTraceWithoutStatus()
    {
        Ashby.Fallback = _ => FakeAshbyHandler.Text("down", HttpStatusCode.BadGateway);

        var result = await Run("check");

        result.ExitCode.Should().Be(1);
        result.OfType("CONNECTION_STATUS").Should().BeEmpty();
        result.OfType("TRACE").Should().ContainSingle("an exception scenario has exactly one trace");
        ((string?)result.Errors.Single()["failure_type"]).Should().Be("transient_error");
    }

    [Fact]
    public async Task Discover_LeavesOutStreamsTheKeyCannotRead()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo("""["jobs:read","organization:read"]"""));

        var result = await Run("discover");

        result.ExitCode.Should().Be(0);
        var names = result.OfType("CATALOG").Single()["catalog"]!["streams"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        names.Should().BeEquivalentTo(["jobs", "job_postings", "openings", "job_templates", "job_boards", "users", "departments", "locations", "brands", "hiring_team_roles", "interviewer_pauses", "job_interview_plans"]);
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
        Golden.AssertMatches("spec.json", result.OfType("SPEC").Single()["spec"]!);
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
}
