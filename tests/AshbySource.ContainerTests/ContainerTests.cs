using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.ContainerTests.Support;
using Docker.DotNet;
using YamlDotNet.RepresentationModel;

namespace AshbySource.ContainerTests;

/// <summary>
/// The built `source-ashby` image, run as Airbyte runs it, against the Ashby emulator on the host. Needs Docker and
/// the image (scripts/docker/setup.sh); without them these tests skip locally and fail in CI.
/// </summary>
[Collection(ContainerTestGroup.Name)]
public sealed class ContainerTests(EmulatorFixture emulator) : SlowTests
{
    private const string ConfigPath = "/secrets/config.json";
    private const string CatalogPath = "/secrets/catalog.json";
    private const string StatePath = "/secrets/state.json";

    [SkippableFact]
    public async Task Spec_prints_exactly_one_SPEC_message_and_exits_0()
    {
        DockerGate.Require();

        var output = await ConnectorContainer.RunAsync(["spec"]);

        output.ExitCode.Should().Be(0, output.Describe());
        output.Messages.Should().ContainSingle(output.Describe()).Which["type"]!.GetValue<string>().Should().Be("SPEC");
        var spec = output.OfType("SPEC").Single()["spec"]!;
        spec["connectionSpecification"]!["properties"]!["api_key"]!["airbyte_secret"]!.GetValue<bool>().Should().BeTrue();
    }

    [SkippableFact]
    public async Task Spec_runs_through_sh_eval_of_AIRBYTE_ENTRYPOINT_from_another_directory()
    {
        DockerGate.Require();

        // What Airbyte's orchestrator does instead of using the ENTRYPOINT.
        var output = await ConnectorContainer.RunShellAsync("""cd / && eval "$AIRBYTE_ENTRYPOINT spec" 2> /tmp/stderr""");

        output.ExitCode.Should().Be(0, output.Describe());
        output.Messages.Should().ContainSingle().Which["type"]!.GetValue<string>().Should().Be("SPEC");
        var direct = await ConnectorContainer.RunAsync(["spec"]);
        JsonNode.DeepEquals(output.Messages[0], direct.Messages[0]).Should().BeTrue("both ways run the same connector");
    }

    [SkippableFact]
    public async Task Spec_equals_integration_tests_spec_json_and_metadata_documentation_url()
    {
        DockerGate.Require();
        var expectedPath = RepoFiles.File("integration_tests", "spec.json");
        if (!File.Exists(expectedPath))
        {
            if (DockerGate.InCi)
            {
                throw new Xunit.Sdk.XunitException("integration_tests/spec.json is missing: write the connector's `spec` output there (CAT spec.test_match_expected)");
            }

            Skip.If(true, "integration_tests/spec.json not generated yet (it must equal the `spec` output)");
        }

        var output = await ConnectorContainer.RunAsync(["spec"]);
        var actual = output.OfType("SPEC").Single()["spec"]!;
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(expectedPath))!;

        JsonNode.DeepEquals(actual, expected).Should().BeTrue(
            $"integration_tests/spec.json must equal the `spec` output (CAT test_match_expected); actual:\n{actual.ToJsonString()}");
        var metadata = LoadMetadataData();
        ((string?)actual["documentationUrl"]).Should().Be(((YamlScalarNode)metadata["documentationUrl"]).Value);
    }

    [SkippableFact]
    public async Task Connector_runs_as_uid_1000_named_airbyte_with_a_writable_airbyte_directory()
    {
        DockerGate.Require();

        var output = await ConnectorContainer.RunShellAsync(
            $"id -u; id -un; id -g; touch /airbyte/probe && echo airbyte-writable; test -r {ConfigPath} && echo config-readable",
            new Dictionary<string, string> { [ConfigPath] = """{"api_key":"x"}""" });

        output.ExitCode.Should().Be(0, output.Describe());
        output.Lines.Should().Equal("1000", "airbyte", "1000", "airbyte-writable", "config-readable");
    }

    [SkippableFact]
    public async Task Image_labels_entrypoint_and_platform_are_what_Airbyte_checks()
    {
        DockerGate.Require();

        using var client = new DockerClientBuilder().Build();
        var image = await client.Images.InspectImageAsync(ConnectorContainer.Image);
        var metadata = LoadMetadataData();

        image.Architecture.Should().Be("amd64");
        image.Os.Should().Be("linux");
        var config = image.Config!;
        config.Labels.Should().Contain("io.airbyte.name", ((YamlScalarNode)metadata["dockerRepository"]).Value!);
        config.Labels.Should().Contain("io.airbyte.version", ((YamlScalarNode)metadata["dockerImageTag"]).Value!);
        var env = (config.Env ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        env.Should().ContainKey("AIRBYTE_ENTRYPOINT").WhoseValue.Should().Be(string.Join(' ', config.Entrypoint ?? []));
        config.User.Should().NotBeNullOrEmpty().And.NotBe("root").And.NotBe("0");
    }

    [SkippableFact]
    public async Task Check_with_the_full_access_key_reports_SUCCEEDED()
    {
        DockerGate.Require();
        await emulator.StartAsync();

        var output = await ConnectorContainer.RunAsync(["check", "--config", ConfigPath], Files(emulator.Config()));

        output.ExitCode.Should().Be(0, output.Describe());
        ConnectionStatus(output).Should().Be("SUCCEEDED", output.Describe());
    }

    [SkippableFact]
    public async Task Check_with_an_unknown_key_reports_FAILED_and_exits_0()
    {
        DockerGate.Require();
        await emulator.StartAsync();

        var output = await ConnectorContainer.RunAsync(["check", "--config", ConfigPath], Files(emulator.Config("bad-key")));

        output.ExitCode.Should().Be(0, output.Describe());
        ConnectionStatus(output).Should().Be("FAILED", output.Describe());
        output.Stdout.Should().NotContain("bad-key", "secrets never reach the output");
    }

    [SkippableFact]
    public async Task Check_with_integration_tests_invalid_config_reports_FAILED()
    {
        DockerGate.Require();
        await emulator.StartAsync();
        var config = emulator.Retarget(RepoFiles.ReadText("integration_tests", "invalid_config.json"));

        var output = await ConnectorContainer.RunAsync(["check", "--config", ConfigPath], Files(config));

        ConnectionStatus(output).Should().Be("FAILED", output.Describe());
    }

    [SkippableFact]
    public async Task Discover_lists_every_stream_and_agrees_with_the_integration_catalogs()
    {
        DockerGate.Require();
        await emulator.StartAsync();

        var streams = await DiscoverAsync();

        streams.Select(Name).Should().BeEquivalentTo(Streams.All);
        streams.Where(s => s["supported_sync_modes"]!.AsArray().Any(m => (string?)m == "incremental")).Select(Name)
            .Should().BeEquivalentTo(Streams.Incremental);
        streams.Should().OnlyContain(s => (string?)s["supported_sync_modes"]![0] == "full_refresh");
        streams.Should().OnlyContain(s => s["source_defined_primary_key"]!.ToJsonString() == KeyJson(Name(s)));

        // CAT replaces each configured stream by the discovered one and copies cursor fields from the configured file.
        var incremental = JsonNode.Parse(RepoFiles.ReadText("integration_tests", "configured_catalog_incremental.json"))!["streams"]!.AsArray();
        foreach (var configured in incremental.Select(c => c!.AsObject()))
        {
            var discovered = streams.Single(s => Name(s) == Name(configured["stream"]!.AsObject()));
            if (configured["cursor_field"] is JsonArray cursor)
            {
                JsonNode.DeepEquals(cursor, discovered["default_cursor_field"]).Should().BeTrue(
                    $"{Name(discovered)}: configured cursor_field equals the discovered default_cursor_field");
            }
        }
    }

    [SkippableFact]
    public async Task Read_of_every_stream_in_full_refresh_delivers_records_states_and_statuses()
    {
        DockerGate.Require();
        await emulator.StartAsync();
        var streams = await DiscoverAsync();
        var catalog = new JsonObject
        {
            ["streams"] = new JsonArray(streams.Select(s => (JsonNode)new JsonObject
            {
                ["stream"] = s.DeepClone(),
                ["sync_mode"] = "full_refresh",
                ["destination_sync_mode"] = "overwrite",
            }).ToArray()),
        };

        var output = await ReadAsync(catalog.ToJsonString());

        output.ExitCode.Should().Be(0, output.Describe());
        output.Errors.Should().BeEmpty(output.Describe());
        foreach (var stream in Streams.All)
        {
            output.Records(stream).Should().NotBeEmpty($"the emulator has {stream}");
            output.States(stream).Should().NotBeEmpty($"every configured stream emits a state ({stream})");
            var statuses = output.Statuses(stream).ToList();
            statuses.Should().NotBeEmpty();
            statuses[0].Should().Be("STARTED", stream);
            statuses[^1].Should().Be("COMPLETE", stream);
        }

        output.Records().Select(r => (string)r["stream"]!).Distinct().Should().BeSubsetOf(Streams.All);
        output.Records().Should().OnlyContain(r => Streams.KeyFields((string)r["stream"]!).All(f => r["data"]![f] != null) && r["emitted_at"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number);
        output.States().Should().OnlyContain(s => s["sourceStats"] != null, "CAT requires sourceStats on every STATE");
    }

    [SkippableFact]
    public async Task Incremental_read_of_the_integration_catalog_then_a_read_from_its_final_state()
    {
        DockerGate.Require();
        await emulator.StartAsync();
        var catalog = RepoFiles.ReadText("integration_tests", "configured_catalog_incremental.json");

        var first = await ReadAsync(catalog);

        first.ExitCode.Should().Be(0, first.Describe());
        first.Errors.Should().BeEmpty(first.Describe());
        foreach (var stream in Streams.Incremental)
        {
            first.States(stream).Should().NotBeEmpty(stream);
        }

        var second = await ReadAsync(catalog, first.FinalStates().ToJsonString());

        second.ExitCode.Should().Be(0, second.Describe());
        second.Errors.Should().BeEmpty(second.Describe());
        second.Records().Count().Should().BeLessThan(first.Records().Count(), "a read from the final state returns only what changed since (CAT test_two_sequential_reads)");
    }

    [SkippableFact]
    public async Task Incremental_read_from_integration_tests_sample_state_succeeds()
    {
        DockerGate.Require();
        await emulator.StartAsync();

        var output = await ReadIncrementalCatalogSucceedsAsync("sample_state.json");

        foreach (var stream in Streams.Incremental)
        {
            output.States(stream).Should().NotBeEmpty(stream);
        }
    }

    [SkippableFact]
    public async Task Incremental_read_from_integration_tests_abnormal_state_resyncs_every_stream()
    {
        DockerGate.Require();
        await emulator.StartAsync();

        // Sync tokens Ashby never issued: it answers sync_token_invalid, and the connector reads the table again.
        var output = await ReadIncrementalCatalogSucceedsAsync("abnormal_state.json");

        foreach (var stream in Streams.Incremental)
        {
            output.Records(stream).Should().NotBeEmpty($"{stream} is read whole again");
            output.States(stream).Should().NotBeEmpty(stream);
        }
    }

    private async Task<List<JsonObject>> DiscoverAsync()
    {
        var output = await ConnectorContainer.RunAsync(["discover", "--config", ConfigPath], Files(emulator.Config()));
        output.ExitCode.Should().Be(0, output.Describe());
        return output.OfType("CATALOG").Should().ContainSingle(output.Describe()).Subject["catalog"]!["streams"]!
            .AsArray().Select(s => s!.AsObject()).ToList();
    }

    private Task<RunResult> ReadAsync(string catalog, string? state = null)
    {
        var files = Files(emulator.Config());
        files[CatalogPath] = catalog;
        string[] args = ["read", "--config", ConfigPath, "--catalog", CatalogPath];
        if (state is not null)
        {
            files[StatePath] = state;
            args = [.. args, "--state", StatePath];
        }

        return ConnectorContainer.RunAsync(args, files, TimeSpan.FromMinutes(10));
    }

    /// <summary>Reads integration_tests/configured_catalog_incremental.json from the state in integration_tests/<paramref name="stateFile"/>; the read must succeed.</summary>
    private async Task<RunResult> ReadIncrementalCatalogSucceedsAsync(string stateFile)
    {
        var output = await ReadAsync(
            RepoFiles.ReadText("integration_tests", "configured_catalog_incremental.json"),
            RepoFiles.ReadText("integration_tests", stateFile));
        output.ExitCode.Should().Be(0, output.Describe());
        output.Errors.Should().BeEmpty(output.Describe());
        return output;
    }

    private static Dictionary<string, string> Files(string config) => new() { [ConfigPath] = config };

    private static string? ConnectionStatus(RunResult output) =>
        (string?)output.OfType("CONNECTION_STATUS").Should().ContainSingle(output.Describe()).Subject["connectionStatus"]!["status"];

    /// <summary>A stream's primary key as discover writes it: <c>[["offerId"],["id"]]</c>.</summary>
    private static string KeyJson(string stream) => JsonSerializer.Serialize(Streams.KeyFields(stream).Select(f => new[] { f }));

    private static string Name(JsonObject stream) => (string)stream["name"]!;

    private static YamlMappingNode LoadMetadataData()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepoFiles.ReadText("metadata.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["data"];
    }
}
