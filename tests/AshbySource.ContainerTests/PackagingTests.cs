using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AshbySource.ContainerTests.Support;
using YamlDotNet.RepresentationModel;

namespace AshbySource.ContainerTests;

/// <summary>
/// Keeps the packaging files in agreement with each other, without Docker: the Dockerfile's Airbyte labels and
/// AIRBYTE_ENTRYPOINT (what CAT's test_image_labels / test_image_environment_variables check on the built image),
/// metadata.yaml, the connector version, acceptance-test-config.yml and integration_tests/.
/// </summary>
public sealed partial class PackagingTests
{
    private static readonly DockerfileText Dockerfile = DockerfileText.Parse(RepoFiles.ReadText("Dockerfile"));

    private static YamlMappingNode MetadataData => (YamlMappingNode)LoadYaml("metadata.yaml")["data"];

    [Fact]
    public void Dockerfile_labels_match_metadata_and_the_connector_version()
    {
        var labels = Dockerfile.Labels;
        var data = MetadataData;
        var version = VersionFromBuildProps();

        labels.Should().ContainKey("io.airbyte.name").WhoseValue.Should().Be(Scalar(data, "dockerRepository"));
        labels.Should().ContainKey("io.airbyte.version").WhoseValue.Should().Be(Scalar(data, "dockerImageTag"));
        Scalar(data, "dockerImageTag").Should().Be(version, "metadata.yaml dockerImageTag must be <Version> from Directory.Build.props");
    }

    [Fact]
    public void The_image_and_docs_are_this_project_s_own_everywhere_they_are_named()
    {
        // Airbyte's catalog has its own Ashby connector under airbyte/source-ashby; a user following our docs must
        // get this one, so no file may name Airbyte's image or docs page.
        var data = MetadataData;
        var repository = Scalar(data, "dockerRepository");
        repository.Should().Be("ghcr.io/source-ashby/source-ashby");
        var documentation = Scalar(data, "documentationUrl");
        documentation.Should().EndWith("/docs/ashby.md").And.NotContain("airbyte.com");
        File.Exists(RepoFiles.File("docs", "ashby.md")).Should().BeTrue();
        ((string?)JsonNode.Parse(RepoFiles.ReadText("src", "AshbySource", "Configuration", "spec.json"))!["documentationUrl"]).Should().Be(documentation);
        Scalar(LoadYaml("acceptance-test-config.yml"), "connector_image").Should().Be($"{repository}:dev");
        RepoFiles.ReadText("scripts", "docker", "common.sh").Should().Contain($"IMAGE_TAG_DEV=\"${{IMAGE_TAG_DEV:-{repository}:dev}}\"");
        RepoFiles.ReadText("docs", "ashby.md").Should().Contain($"`{repository}`");

        foreach (var file in new[] { "metadata.yaml", "Dockerfile", "acceptance-test-config.yml", "README.md", "docs/ashby.md", "scripts/docker/common.sh", "scripts/docker/build.sh", "scripts/docker/setup.sh", "src/AshbySource/Configuration/spec.json" })
        {
            RepoFiles.ReadText(file.Split('/')).Should().NotContain("airbyte/source-ashby", file).And.NotContain("docs.airbyte.com/integrations/sources/ashby", file);
        }
    }

    [Fact]
    public void Dockerfile_AIRBYTE_ENTRYPOINT_is_the_space_joined_absolute_ENTRYPOINT()
    {
        var entrypoint = Dockerfile.Entrypoint;
        var env = Dockerfile.Env;

        entrypoint.Should().NotBeEmpty();
        entrypoint[0].Should().StartWith("/", "orchestrators eval AIRBYTE_ENTRYPOINT from any working directory");
        env.Should().ContainKey("AIRBYTE_ENTRYPOINT").WhoseValue.Should().Be(string.Join(' ', entrypoint));
    }

    [Fact]
    public void Dockerfile_Airbyte_values_are_literals_and_the_image_runs_as_uid_1000()
    {
        foreach (var (keyword, args) in Dockerfile.FinalStage.Where(i => i.Keyword is "LABEL" or "ENTRYPOINT"
                     || (i.Keyword == "ENV" && i.Args.Contains("AIRBYTE_ENTRYPOINT", StringComparison.Ordinal))))
        {
            args.Should().NotContain("$", $"{keyword} {args} must be literal, not built from ARGs");
        }

        Dockerfile.FinalStage.Last(i => i.Keyword == "USER").Args.Should().BeOneOf("1000:1000", "1000", "airbyte", "airbyte:airbyte");
    }

    [Fact]
    public void Dockerfile_base_images_default_to_the_official_dotnet_images()
    {
        var text = RepoFiles.ReadText("Dockerfile");
        text.Should().Contain("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0");
        text.Should().Contain("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0");
        text.Should().Contain("-r linux-x64").And.Contain("-p:PublishAot=true").And.Contain("-p:InvariantGlobalization=true");
    }

    [Fact]
    public void Metadata_has_every_required_key_and_only_keys_the_schema_knows()
    {
        var root = LoadYaml("metadata.yaml");
        root.Children.Keys.Select(k => k.ToString()).Should().BeEquivalentTo("data", "metadataSpecVersion");
        Scalar(root, "metadataSpecVersion").Should().Be("1.0");

        var data = MetadataData;
        var keys = data.Children.Keys.Select(k => k.ToString()).ToList();
        keys.Should().Contain(RequiredDataKeys);
        keys.Should().OnlyContain(k => KnownDataKeys.Contains(k), "the metadata schema forbids unknown keys under data");

        Scalar(data, "connectorType").Should().Be("source");
        Scalar(data, "connectorSubtype").Should().Be("api");
        Scalar(data, "releaseStage").Should().Be("alpha");
        Scalar(data, "supportLevel").Should().Be("community");
        Scalar(data, "license").Should().Be("MIT");
        Scalar(data, "maxSecondsBetweenMessages").Should().Be("3600");
        Guid.TryParse(Scalar(data, "definitionId"), out _).Should().BeTrue("definitionId is a UUID");
        Uri.TryCreate(Scalar(data, "documentationUrl"), UriKind.Absolute, out _).Should().BeTrue();
        Sequence(data, "allowedHosts", "hosts").Should().Equal("api.ashbyhq.com");
        Sequence(data, "tags").Should().Contain("language:csharp");
        Sequence(data, "suggestedStreams", "streams").Should().NotBeEmpty().And.OnlyContain(s => Streams.All.Contains(s));
        ((YamlSequenceNode)data["connectorTestSuitesOptions"]).Children
            .Select(s => Scalar((YamlMappingNode)s, "suite"))
            .Should().Contain(["unitTests", "acceptanceTests"]);
        if (data.Children.ContainsKey("icon"))
        {
            File.Exists(RepoFiles.File(Scalar(data, "icon"))).Should().BeTrue("metadata.yaml names an icon file next to it");
        }
    }

    [Fact]
    public void Acceptance_test_config_uses_the_current_form_and_names_the_image_and_existing_files()
    {
        var root = LoadYaml("acceptance-test-config.yml");
        var image = Scalar(root, "connector_image");
        image.Split(':')[0].Should().Be(Scalar(MetadataData, "dockerRepository"));

        var suites = (YamlMappingNode)root["acceptance_tests"];
        suites.Children.Keys.Select(k => k.ToString()).Should().Contain(["spec", "connection", "discovery", "basic_read", "full_refresh", "incremental"]);
        foreach (var (name, node) in suites.Children)
        {
            var suite = node.Should().BeOfType<YamlMappingNode>($"suite {name} is a mapping with `tests` or `bypass_reason`").Subject;
            suite.Children.ContainsKey("tests").Should().NotBe(suite.Children.ContainsKey("bypass_reason"), $"suite {name} has exactly one of tests / bypass_reason");
        }

        var missing = new List<string>();
        foreach (var path in FilePathsIn(root))
        {
            if (path == "integration_tests/spec.json" && !File.Exists(RepoFiles.File(path)) && !DockerGate.InCi)
            {
                continue; // generated from the connector's `spec` output; ContainerTests checks it once it exists
            }

            if (!File.Exists(RepoFiles.File(path)))
            {
                missing.Add(path);
            }
        }

        missing.Should().BeEmpty("acceptance-test-config.yml names only files that exist");
    }

    [Fact]
    public void Bypasses_carry_a_reason()
    {
        var reasons = ValuesOf(LoadYaml("acceptance-test-config.yml"), "bypass_reason").ToList();
        reasons.Should().NotBeEmpty("the incremental future-state case is bypassed");
        reasons.Should().OnlyContain(r => r.Trim().Length > 40, "every bypass explains itself");
    }

    [Fact]
    public void Integration_catalogs_cover_all_streams_full_refresh_and_the_incremental_ones_incrementally()
    {
        var full = LoadCatalog("configured_catalog.json");
        full.Select(s => (string)s["stream"]!["name"]!).Should().BeEquivalentTo(Streams.All);
        full.Should().OnlyContain(s => (string?)s["sync_mode"] == "full_refresh" && (string?)s["destination_sync_mode"] == "overwrite");

        var incremental = LoadCatalog("configured_catalog_incremental.json");
        incremental.Select(s => (string)s["stream"]!["name"]!).Should().BeEquivalentTo(Streams.Incremental);
        incremental.Should().OnlyContain(s => (string?)s["sync_mode"] == "incremental");
    }

    [Fact]
    public void Integration_configs_and_states_are_well_formed()
    {
        var good = JsonNode.Parse(RepoFiles.ReadText("integration_tests", "emulator_config.json"))!.AsObject();
        ((string?)good["api_key"]).Should().Be("demo-full-access");
        ((string?)good["base_url"]).Should().Be("http://127.0.0.1:8765");

        var bad = JsonNode.Parse(RepoFiles.ReadText("integration_tests", "invalid_config.json"))!.AsObject();
        ((string?)bad["api_key"]).Should().NotBe("demo-full-access");

        foreach (var name in new[] { "sample_state.json", "abnormal_state.json" })
        {
            var states = JsonNode.Parse(RepoFiles.ReadText("integration_tests", name))!.AsArray();
            states.Should().NotBeEmpty();
            foreach (var state in states.Select(s => s!.AsObject()))
            {
                ((string?)state["type"]).Should().Be("STREAM", name);
                var stream = (string?)state["stream"]!["stream_descriptor"]!["name"];
                Streams.Incremental.Should().Contain(stream, $"{name} holds state only for incremental streams");
                state["stream"]!["stream_state"].Should().BeOfType<JsonObject>();
            }
        }
    }

    private static readonly string[] RequiredDataKeys =
    [
        "name", "definitionId", "connectorType", "dockerRepository", "dockerImageTag", "license",
        "documentationUrl", "githubIssueLabel", "connectorSubtype", "releaseStage",
    ];

    // ConnectorMetadataDefinitionV0 `data` properties (airbyte-protocol.md §3.2); `generated` is CI-written and excluded.
    private static readonly HashSet<string> KnownDataKeys =
    [
        .. RequiredDataKeys,
        "icon", "connectorBuildOptions", "connectorTestSuitesOptions", "supportsDbt", "supportsNormalization",
        "externalDocumentationUrls", "maxSecondsBetweenMessages", "releaseDate", "protocolVersion", "erdUrl",
        "supportLevel", "tags", "registryOverrides", "allowedHosts", "releases", "normalizationConfig",
        "suggestedStreams", "resourceRequirements", "ab_internal", "remoteRegistries", "supportsRefreshes",
        "supportsFileTransfer", "supportsDataActivation", "connectorIPCOptions",
    ];

    private static string VersionFromBuildProps()
    {
        var match = VersionElement().Match(RepoFiles.ReadText("Directory.Build.props"));
        match.Success.Should().BeTrue("Directory.Build.props has a <Version>");
        return match.Groups[1].Value.Trim();
    }

    private static YamlMappingNode LoadYaml(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepoFiles.ReadText(file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Sequence(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current)[key];
        }

        return ((YamlSequenceNode)current).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
    }

    /// <summary>Every scalar value under a key ending in <c>_path</c>.</summary>
    private static IEnumerable<string> FilePathsIn(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(kv =>
            kv.Key.ToString().EndsWith("_path", StringComparison.Ordinal) && kv.Value is YamlScalarNode scalar
                ? [scalar.Value!]
                : FilePathsIn(kv.Value)),
        YamlSequenceNode seq => seq.Children.SelectMany(FilePathsIn),
        _ => [],
    };

    private static IEnumerable<string> ValuesOf(YamlNode node, string key) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(kv =>
            kv.Key.ToString() == key && kv.Value is YamlScalarNode scalar ? [scalar.Value!] : ValuesOf(kv.Value, key)),
        YamlSequenceNode seq => seq.Children.SelectMany(c => ValuesOf(c, key)),
        _ => [],
    };

    private static List<JsonObject> LoadCatalog(string file) =>
        JsonNode.Parse(RepoFiles.ReadText("integration_tests", file))!["streams"]!.AsArray().Select(s => s!.AsObject()).ToList();

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
