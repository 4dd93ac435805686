using System.Text.Json.Nodes;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Cli;

/// <summary>
/// Bad input of every kind: each gets a message a user can act on, the right failure type and exit code,
/// nothing but protocol messages on stdout, no stack trace, and never the key.
/// </summary>
public sealed class HostileInputTests : FakeAshbyTest
{
    private const string Canary = "canary-api-key-5c1e0d9b";
    private const string GoodCatalog = """{"streams":[{"stream":{"name":"users"},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}""";
    private static readonly string GoodConfig = $$"""{"api_key":"{{Canary}}","base_url":"http://127.0.0.1:9"}""";

    public static TheoryData<string, string, string?, string?, string?, string> Cases => new()
    {
        // name, command, config, catalog, state, expected outcome ("status" = CONNECTION_STATUS FAILED, else failure_type) + "|" + message fragment
        { "config not JSON", "check", "{not json", null, null, "status|not valid JSON" },
        { "config is an array", "check", "[1,2]", null, null, "status|must be a JSON object" },
        { "config is a string", "discover", "\"" + Canary + "\"", null, null, "config_error|must be a JSON object" },
        { "config empty file", "check", "", null, null, "status|not valid JSON" },
        { "api_key missing", "check", """{"base_url":"http://127.0.0.1:9"}""", null, null, "status|api_key" },
        { "api_key empty", "check", """{"api_key":""}""", null, null, "status|api_key" },
        { "api_key blank", "discover", """{"api_key":"  "}""", null, null, "config_error|api_key is empty" },
        { "api_key a number", "check", """{"api_key":12345}""", null, null, "status|api_key" },
        { "start_date a date only", "check", $$"""{"api_key":"{{Canary}}","start_date":"2022-10-25"}""", null, null, "status|start_date" },
        { "start_date impossible", "check", $$"""{"api_key":"{{Canary}}","start_date":"2024-02-30T00:00:00Z"}""", null, null, "status|start_date" },
        { "start_date the key", "check", $$"""{"api_key":"{{Canary}}","start_date":"{{Canary}}"}""", null, null, "status|start_date" },
        { "http to a remote host", "check", $$"""{"api_key":"{{Canary}}","base_url":"http://api.ashbyhq.com"}""", null, null, "status|https" },
        { "base_url not a URL", "discover", $$"""{"api_key":"{{Canary}}","base_url":"not a url"}""", null, null, "config_error|base_url" },
        { "page_size 0", "check", $$"""{"api_key":"{{Canary}}","page_size":0}""", null, null, "status|page_size" },
        { "page_size 101", "read", $$"""{"api_key":"{{Canary}}","page_size":101}""", GoodCatalog, null, "config_error|page_size" },
        { "page_size text", "check", $$"""{"api_key":"{{Canary}}","page_size":"100"}""", null, null, "status|page_size" },
        { "requests_per_minute 0", "read", $$"""{"api_key":"{{Canary}}","requests_per_minute":0}""", GoodCatalog, null, "config_error|requests_per_minute" },
        { "max_concurrent_streams 99", "read", $$"""{"api_key":"{{Canary}}","max_concurrent_streams":99}""", GoodCatalog, null, "config_error|max_concurrent_streams" },
        { "catalog not JSON", "read", GoodConfig, "streams:", null, "config_error|catalog file" },
        { "catalog empty object", "read", GoodConfig, "{}", null, "config_error|\"streams\" array" },
        { "catalog no streams", "read", GoodConfig, """{"streams":[]}""", null, "config_error|selects no streams" },
        { "catalog unknown stream", "read", GoodConfig, """{"streams":[{"stream":{"name":"__AIRBYTE__stream_that_does_not_exist"},"sync_mode":"INVALID","destination_sync_mode":"INVALID"}]}""", null, "config_error|does not exist" },
        { "catalog invalid sync mode", "read", GoodConfig, """{"streams":[{"stream":{"name":"users"},"sync_mode":"sometimes"}]}""", null, "config_error|sync_mode 'sometimes'" },
        { "catalog unsupported incremental", "read", GoodConfig, """{"streams":[{"stream":{"name":"archive_reasons"},"sync_mode":"incremental"}]}""", null, "config_error|supports only full_refresh" },
        { "catalog duplicate stream", "read", GoodConfig, """{"streams":[{"stream":{"name":"users"},"sync_mode":"full_refresh"},{"stream":{"name":"users"},"sync_mode":"incremental"}]}""", null, "config_error|listed twice" },
        { "catalog entry not an object", "read", GoodConfig, """{"streams":[7]}""", null, "config_error|no stream name" },
        { "state not JSON", "read", GoodConfig, GoodCatalog, "[{", "config_error|state file" },
        { "state a number", "read", GoodConfig, GoodCatalog, "17", "config_error|JSON array" },
        { "state stream_state a string", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":"x"}}]""", "config_error|must be a JSON object" },
        { "state bad pass", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"pass":{"kind":"x","cursor":"c"}}}}]""", "config_error|pass.kind" },
        { "state GLOBAL", "read", GoodConfig, GoodCatalog, """[{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"G"}}]}}]""", "config_error|GLOBAL" },
        { "state LEGACY data", "read", GoodConfig, GoodCatalog, """{"type":"LEGACY","data":{"users":{"sync_token":"D"}}}""", "config_error|LEGACY" },
        { "state legacy object", "read", GoodConfig, GoodCatalog, """{"users":{"sync_token":"L"}}""", "config_error|per-stream" },
        { "state of another connector", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"updated_at":"2024-01-01"}}}]""", "config_error|users: stream_state has none of the fields" },
        { "state sync_token a number", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":5}}}]""", "config_error|users: sync_token is a number; expected a string" },
        { "state created_after text", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"created_after":"x"}}}]""", "config_error|users: created_after" },
        { "state pass a string", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"pass":"c"}}}]""", "config_error|users: pass is a string" },
        { "state entry without stream", "read", GoodConfig, GoodCatalog, """[{"type":"STREAM","sourceStats":{}}]""", "config_error|neither" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_GetsAnActionableErrorAndLeaksNothing(string name, string command, string? config, string? catalog, string? state, string expected)
    {
        var args = new List<string> { command };
        if (config is not null)
        {
            args.AddRange(["--config", Connector.WriteFile("config.json", config)]);
        }

        if (catalog is not null)
        {
            args.AddRange(["--catalog", Connector.WriteFile("catalog.json", catalog)]);
        }

        if (state is not null)
        {
            args.AddRange(["--state", Connector.WriteFile("state.json", state)]);
        }

        var result = await Connector.RunAsync([.. args]);

        AssertOutcome(result, expected, name);
        Ashby.Requests.Should().BeEmpty($"{name}: bad input must be rejected before any request");
    }

    public static TheoryData<string, string[], string> CommandLines => new()
    {
        { "no command", [], "config_error|no command" },
        { "unknown command", ["sync"], "config_error|unknown command 'sync'" },
        { "check without config", ["check"], "config_error|needs --config" },
        { "discover without config", ["discover", "--debug"], "config_error|needs --config" },
        { "read without catalog", ["read", "--config", "CONFIG"], "config_error|needs --catalog" },
        { "config flag without a value", ["check", "--config"], "config_error|needs a file path" },
        { "config flag followed by a flag", ["read", "--config", "--catalog", "x"], "config_error|needs a file path" },
        { "config flag given twice", ["check", "--config", "CONFIG", "--config", "CONFIG"], "config_error|Option '--config' expects a single argument but 2 were provided. Run source-ashby --help" },
        { "config file missing", ["discover", "--config", "/nonexistent/config.json"], "config_error|does not exist" },
        { "config path is a folder", ["discover", "--config", "/tmp"], "config_error|Cannot read the config file" },
        { "check with a missing file", ["check", "--config", "/nonexistent/c.json"], "status|does not exist" },
        { "catalog file missing", ["read", "--config", "CONFIG", "--catalog", "/nonexistent/catalog.json"], "config_error|does not exist" },
        { "state file missing", ["read", "--config", "CONFIG", "--catalog", "CATALOG", "--state", "/nonexistent/s.json"], "config_error|does not exist" },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public async Task BadCommandLine_GetsAnActionableError(string name, string[] args, string expected)
    {
        var config = Connector.WriteFile("config.json", GoodConfig);
        var catalog = Connector.WriteFile("catalog.json", GoodCatalog);
        var resolved = args.Select(a => a switch { "CONFIG" => config, "CATALOG" => catalog, _ => a }).ToArray();

        var result = await Connector.RunAsync(resolved);

        AssertOutcome(result, expected, name);
    }

    [Fact]
    public async Task EmptyStateFile_MeansNoState()
    {
        var result = await Connector.ReadAsync(GoodConfig, GoodCatalog, state: "  \n");

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("user.list").Single().Body["syncToken"].Should().BeNull();
    }

    [Fact]
    public async Task DebugAndUnknownFlags_AreTolerated()
    {
        var result = await Connector.RunAsync("spec", "--debug", "--future-option");

        result.ExitCode.Should().Be(0);
        result.OfType("SPEC").Should().ContainSingle();
    }

    private static void AssertOutcome(RunResult result, string expected, string name)
    {
        var parts = expected.Split('|', 2);
        result.Lines.Should().NotBeEmpty(name);
        foreach (var line in result.Lines)
        {
            var message = JsonNode.Parse(line) as JsonObject;
            message.Should().NotBeNull($"{name}: every stdout line is a JSON object");
            ((string?)message!["type"]).Should().BeOneOf("LOG", "TRACE", "CONNECTION_STATUS");
        }

        result.Stdout.Should().NotContain("   at ", $"{name}: no stack trace on stdout");
        (result.Stdout + result.Stderr).Should().NotContain(Canary, $"{name}: the key never leaves");
        if (parts[0] == "status")
        {
            result.ExitCode.Should().Be(0, name);
            var status = result.OfType("CONNECTION_STATUS").Should().ContainSingle(name).Which["connectionStatus"]!;
            ((string?)status["status"]).Should().Be("FAILED");
            ((string?)status["message"]).Should().Contain(parts[1], name);
        }
        else
        {
            result.ExitCode.Should().NotBe(0, name);
            var error = result.Errors.Should().ContainSingle(name).Which;
            ((string?)error["failure_type"]).Should().Be(parts[0], name);
            ((string?)error["message"]).Should().Contain(parts[1], name);
            ((string?)error["message"]).Should().NotContainAny(["AshbySource.", "System.", "Path: $"], $"{name}: the message names no .NET internals");
        }
    }
}
