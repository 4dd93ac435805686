using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Cli;

/// <summary>
/// What a person running the connector by hand meets first: help and version, the usual <c>--flag=value</c>
/// spelling, warnings about a config that is valid but probably not meant, and the helper commands that write the
/// configured catalog and the next state so nobody has to write them by hand.
/// </summary>
public sealed class FirstHourTests : FakeAshbyTest
{
    private const string Canary = "canary-key-first-hour-3b7e";

    public FirstHourTests()
    {
        Ashby.On("apiKey.info", FakeAshbyHandler.KeyInfo(FakeAshbyHandler.AllScopesButApprovals));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("read", "--help")]
    public async Task Help_PrintsUsageOfEveryCommandAndOption_ToStderr_AndExitsZero(params string[] args)
    {
        var result = await Connector.RunAsync(args);

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().BeEmpty("stdout carries only protocol messages, and help is text for a person");
        foreach (var word in new[] { "spec", "check", "discover", "read", "catalog", "state", "--config", "--catalog", "--state", "--messages", "--output", "--debug", "--help", "-h", "--version" })
        {
            result.Stderr.Should().Contain(word);
        }
    }

    [Fact]
    public async Task Version_PrintsTheVersion_AndExitsZero()
    {
        var result = await Connector.RunAsync("--version");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Be("source-ashby 0.1.0\n");
    }

    [Fact]
    public async Task CommandLineErrors_PointToHelp_InOneLine()
    {
        var result = await Connector.RunAsync("sync");

        var message = (string)result.Errors.Single()["message"]!;
        message.Should().Be("Invalid command line: unknown command 'sync'. Run source-ashby --help for the commands and options.");
    }

    [Fact]
    public async Task FlagsWithEquals_WorkLikeFlagsWithASpace()
    {
        var config = Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary));
        var catalog = Connector.WriteFile("catalog.json", ConnectorRun.Catalog(("users", "incremental")));
        var state = Connector.WriteFile("state.json", """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"tok-1"}}}]""");

        var check = await Connector.RunAsync("check", $"--config={config}");
        var read = await Connector.RunAsync("read", $"--config={config}", $"--catalog={catalog}", $"--state={state}");

        ((string?)check.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["status"]).Should().Be("SUCCEEDED");
        read.ExitCode.Should().Be(0);
        ((string?)Ashby.RequestsTo("user.list").Single(r => r.Body.ContainsKey("syncToken")).Body["syncToken"]).Should().Be("tok-1");
    }

    [Theory]
    [InlineData("--config=")]
    [InlineData("--config")]
    public async Task FlagWithoutAValue_IsAnError(string flag)
    {
        var result = await Connector.RunAsync("check", flag);

        result.ExitCode.Should().NotBe(0);
        ((string)result.Errors.Single()["message"]!).Should().Contain("--config needs a file path");
    }

    [Fact]
    public async Task UnknownConfigKeysAndAFutureStartDate_AreLoggedAsWarnings()
    {
        // The run's clock says 2026-01-01.
        var config = $$"""{"api_key":"{{Canary}}","base_url":"http://127.0.0.1:9","start_Date":"2024-01-01T00:00:00Z","start_date":"2027-01-01T00:00:00Z"}""";

        var result = await Connector.RunAsync("check", "--config", Connector.WriteFile("config.json", config));

        ((string?)result.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!["status"]).Should().Be("SUCCEEDED");
        result.Logs("WARN").Should().Equal(
            "The config has an option this connector does not know: start_Date (did you mean start_date?). It is ignored.",
            "start_date 2027-01-01T00:00:00Z is in the future: the streams it filters will sync nothing until then.");
        (result.Stdout + result.Stderr).Should().NotContain(Canary);
    }

    [Fact]
    public async Task CatalogCommand_WritesAConfiguredCatalogOfEveryStream_IncrementalWhereSupported()
    {
        var config = Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary));
        var output = Path.Combine(Path.GetDirectoryName(config)!, "configured_catalog.json");

        var result = await Connector.RunAsync("catalog", "--config", config, "--output", output);

        result.ExitCode.Should().Be(0);
        result.Messages.Should().OnlyContain(m => (string?)m["type"] == "LOG", "the catalog goes to the file, stdout stays protocol");
        // The key of this fake has every scope but approvals:read, so approvals is left out.
        var readable = StreamCatalog.All.Where(s => s.Name != "approvals").ToList();
        var incremental = readable.Count(s => s.SupportsIncremental);
        result.Logs("INFO").Should().Contain($"Wrote a configured catalog of {readable.Count} streams ({incremental} incremental, {readable.Count - incremental} full refresh) to {output}.");
        var streams = JsonNode.Parse(File.ReadAllText(output))!["streams"]!.AsArray().Select(s => s!.AsObject()).ToList();
        streams.Select(s => (string)s["stream"]!["name"]!).Should().Equal(readable.Select(s => s.Name));
        foreach (var (entry, definition) in streams.Zip(readable))
        {
            ((string?)entry["sync_mode"]).Should().Be(definition.SupportsIncremental ? "incremental" : "full_refresh");
            ((string?)entry["destination_sync_mode"]).Should().Be(definition.SupportsIncremental ? "append_dedup" : "overwrite");
            entry["primary_key"]!.ToJsonString().Should().Be(definition.Key is null ? """[["id"]]""" : $"[{string.Join(",", definition.PrimaryKey.Select(k => $"[\"{k}\"]"))}]");
            entry["stream"]!["json_schema"].Should().BeOfType<JsonObject>();
        }

        var read = await Connector.RunAsync("read", "--config", config, "--catalog", output);
        read.ExitCode.Should().Be(0, "the written catalog is one read accepts");
        read.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task StateCommand_KeepsTheLastStateOfEveryStream_AndTheNextReadResumesFromIt()
    {
        Ashby.On("user.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 2), more: true, nextCursor: "c1"));
        Ashby.On("user.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 2, 2), more: false, syncToken: "users-token"));
        Ashby.On("department.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("d", 1), more: false, syncToken: "departments-token"));
        var config = Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary));
        var catalog = Connector.WriteFile("catalog.json", ConnectorRun.Catalog(("users", "incremental"), ("departments", "incremental")));
        var state = Connector.WriteFile("state.json", """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"locations"},"stream_state":{"sync_token":"locations-token"}}},{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"old"}}}]""");
        var first = await Connector.RunAsync("read", "--config", config, "--catalog", catalog);
        var messages = Connector.WriteFile("read.jsonl", first.Stdout);

        var result = await Connector.RunAsync("state", "--state", state, "--messages", messages, "--output", state);

        result.ExitCode.Should().Be(0);
        result.Logs("INFO").Should().Contain($"Wrote the state of 3 streams to {state} (2 updated from {messages}).");
        var written = JsonNode.Parse(File.ReadAllText(state))!.AsArray().Select(s => s!["stream"]!).ToDictionary(s => (string)s["stream_descriptor"]!["name"]!, s => s["stream_state"]!.ToJsonString());
        written.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["locations"] = """{"sync_token":"locations-token"}""",
            ["users"] = first.LastState("users")!.ToJsonString(),
            ["departments"] = first.LastState("departments")!.ToJsonString(),
        });

        var next = await Connector.RunAsync("read", "--config", config, "--catalog", catalog, "--state", state);
        next.ExitCode.Should().Be(0);
        ((string?)Ashby.RequestsTo("user.list")[^1].Body["syncToken"]).Should().Be("users-token");
        ((string?)Ashby.RequestsTo("department.list")[^1].Body["syncToken"]).Should().Be("departments-token");
    }

    [Fact]
    public async Task StateCommand_DropsAFinishedFullRefresh_SoTheNextReadReadsItAgain()
    {
        for (var sync = 0; sync < 2; sync++)
        {
            Ashby.On("source.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("s", 2), more: false));
            Ashby.On("department.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("d", 1), more: false, syncToken: "departments-token"));
        }

        var config = Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary));
        var catalog = Connector.WriteFile("catalog.json", ConnectorRun.Catalog(("sources", "full_refresh"), ("departments", "incremental")));
        var first = await Connector.RunAsync("read", "--config", config, "--catalog", catalog);
        first.LastState("sources")!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
        var state = Path.Combine(Path.GetDirectoryName(config)!, "state.json");

        var result = await Connector.RunAsync("state", "--messages", Connector.WriteFile("read.jsonl", first.Stdout), "--output", state);

        result.ExitCode.Should().Be(0);
        var written = JsonNode.Parse(File.ReadAllText(state))!.AsArray().Select(s => (string)s!["stream"]!["stream_descriptor"]!["name"]!);
        written.Should().Equal("departments");
        var next = await Connector.RunAsync("read", "--config", config, "--catalog", catalog, "--state", state);
        next.ExitCode.Should().Be(0);
        next.Records("sources").Should().HaveCount(2, "a full-refresh stream is read again in the next sync");
        Ashby.RequestsTo("source.list").Should().HaveCount(2);
    }

    [Fact]
    public async Task StateCommand_IgnoresALastLineCutOffByAKill_ButNotABrokenLineInTheMiddle()
    {
        var line = """{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"t"}}}}""";
        var output = Path.Combine(Path.GetDirectoryName(Connector.WriteFile("x", ""))!, "state.json");

        var cut = await Connector.RunAsync("state", "--messages", Connector.WriteFile("cut.jsonl", line + "\n" + line[..40]), "--output", output);
        var broken = await Connector.RunAsync("state", "--messages", Connector.WriteFile("broken.jsonl", line[..40] + "\n" + line + "\n"), "--output", output);

        cut.ExitCode.Should().Be(0);
        cut.Logs("WARN").Should().ContainSingle().Which.Should().Contain("Line 2").And.Contain("cut off");
        broken.ExitCode.Should().NotBe(0);
        ((string?)broken.Errors.Single()["failure_type"]).Should().Be("config_error");
        ((string?)broken.Errors.Single()["message"]).Should().Contain("line 1").And.Contain("not a complete protocol message");
    }

    [Theory]
    [InlineData(new[] { "catalog", "--config", "CONFIG" }, "'catalog' needs --output")]
    [InlineData(new[] { "state", "--output", "OUT" }, "'state' needs --messages")]
    [InlineData(new[] { "state", "--messages", "/nonexistent/read.jsonl", "--output", "OUT" }, "does not exist")]
    public async Task HelperCommands_WithMissingInputs_AreConfigErrors(string[] args, string expected)
    {
        var config = Connector.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary));
        var resolved = args.Select(a => a switch { "CONFIG" => config, "OUT" => config + ".out", _ => a }).ToArray();

        var result = await Connector.RunAsync(resolved);

        result.ExitCode.Should().NotBe(0);
        ((string?)result.Errors.Single()["failure_type"]).Should().Be("config_error");
        ((string?)result.Errors.Single()["message"]).Should().Contain(expected);
    }
}
