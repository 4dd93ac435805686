using System.Net;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Http;

/// <summary>Ashby's dated API versions: the version asked for on every request, and what Ashby's answers say of it.</summary>
public sealed class ApiVersionTests : FakeAshbyTest
{
    private static HttpResponseMessage Versioned(HttpResponseMessage response, string version, string status)
    {
        response.Headers.Add("Ashby-Version", version);
        response.Headers.Add("Ashby-Version-Status", status);
        return response;
    }

    private void AnswerEverything(string version, string status) =>
        Ashby.Fallback = r => Versioned(
            FakeAshbyHandler.Json(r.Endpoint == "apiKey.info" ? FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopes) : FakeAshbyHandler.Page(FakeAshbyHandler.Rows("r", 2), more: false, syncToken: "T")),
            version,
            status);

    [Fact]
    public async Task EveryRequest_AsksForTheVersionTheReleaseWasTestedAgainst()
    {
        AnswerEverything("2026-01-01", "active");

        var check = await Connector.RunAsync("check", "--config", Connector.WriteFile("config.json", ConnectorRun.Config()));
        var read = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("users", "incremental"), ("application_history", "full_refresh")));

        check.ExitCode.Should().Be(0);
        read.ExitCode.Should().Be(0, read.Stdout);
        Ashby.Requests.Should().HaveCountGreaterThan(5).And.OnlyContain(r => r.AshbyVersion == "2026-01-01");
        read.Logs("INFO").Where(m => m.Contains("API version", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("2026-01-01 (active)");
        read.Logs("WARN").Should().BeEmpty();
    }

    [Fact]
    public async Task ApiVersionOption_OverridesTheVersionAskedFor()
    {
        AnswerEverything("2027-03-01", "active");

        var read = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","api_version":" 2027-03-01 " """), ConnectorRun.Catalog(("users", "full_refresh")));

        read.ExitCode.Should().Be(0, read.Stdout);
        Ashby.Requests.Should().OnlyContain(r => r.AshbyVersion == "2027-03-01");
        read.Logs("WARN").Should().BeEmpty("Ashby answered with the version asked for");
    }

    [Fact]
    public async Task MalformedApiVersionOption_IsAConfigError()
    {
        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","api_version":"January 2026" """), ConnectorRun.Catalog(("users", "full_refresh")));

        result.ExitCode.Should().NotBe(0);
        ((string?)result.Errors.Single()["failure_type"]).Should().Be("config_error");
        ((string)result.Errors.Single()["message"]!).Should().Contain("api_version");
        Ashby.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DeprecatedVersion_WarnsOncePerRunWithAshbysPolicy_AndCheckSaysSo()
    {
        AnswerEverything("2026-01-01", "deprecated");

        var check = await Connector.RunAsync("check", "--config", Connector.WriteFile("config.json", ConnectorRun.Config()));
        var read = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("users", "full_refresh"), ("jobs", "full_refresh"), ("application_history", "full_refresh")));

        read.ExitCode.Should().Be(0, "a deprecated version is still fully served");
        var warning = read.Logs("WARN").Should().ContainSingle().Which;
        warning.Should().Contain("2026-01-01").And.Contain("deprecated").And.Contain("at least 3 months").And.Contain("at least 6 months")
            .And.Contain("https://developers.ashbyhq.com/reference/versioning").And.Contain("Upgrade the connector");
        var status = check.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!;
        ((string?)status["status"]).Should().Be("SUCCEEDED");
        ((string?)status["message"]).Should().Contain("Warning:").And.Contain("deprecated");
    }

    [Theory]
    [InlineData("api_version_removed")]
    [InlineData("invalid_input")]
    public async Task RemovedVersion_FailsWithAConfigErrorAskingForAnUpgrade(string code)
    {
        // The code of Ashby's refusal is undocumented; the status header says what happened whatever the code.
        Ashby.Fallback = _ => Versioned(FakeAshbyHandler.Json(FakeAshbyHandler.Error(code, "API version 2026-01-01 has been removed"), HttpStatusCode.BadRequest), "2026-01-01", "removed");

        var check = await Connector.RunAsync("check", "--config", Connector.WriteFile("config.json", ConnectorRun.Config()));
        var read = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("users", "full_refresh")));

        check.ExitCode.Should().Be(0);
        var status = check.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!;
        ((string?)status["status"]).Should().Be("FAILED");
        ((string?)status["message"]).Should().Contain("Upgrade the connector").And.Contain("has been removed");
        var error = read.Errors.First();
        ((string?)error["failure_type"]).Should().Be("config_error");
        ((string)error["message"]!).Should().Contain("Upgrade the connector").And.Contain("req-1").And.NotContain("connector bug");
    }
}
