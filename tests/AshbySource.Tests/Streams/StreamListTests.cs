using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.Cli;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

/// <summary>
/// Every list and count of streams outside the stream table is written from it: these tests fail on any drift, and
/// rewrite the copies with UPDATE_GOLDEN=1 (see <see cref="Golden"/>). The documents mark what is generated with
/// <c>&lt;!-- streams:… --&gt;</c> (<c># streams:…</c> in YAML); the integration inputs are whole files.
/// </summary>
public sealed class StreamListTests
{
    private static readonly string StreamCount = StreamCatalog.All.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string IncrementalCount = StreamDocs.Incremental.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Readme_StreamTableAndCountsAreTheTables()
    {
        Golden.AssertRegion("\n" + StreamDocs.ReadmeTable(), "streams:table", "README.md");
        Golden.AssertRegion(StreamCount, "streams:count", "README.md");
        Golden.AssertRegion(IncrementalCount, "streams:incremental-count", "README.md");
    }

    [Fact]
    public void Docs_StreamTablePermissionTableAndCountsAreTheTables()
    {
        Golden.AssertRegion("\n" + StreamDocs.PermissionTable(), "streams:permissions", "docs", "ashby.md");
        Golden.AssertRegion("\n" + StreamDocs.DocsTable(), "streams:table", "docs", "ashby.md");
        Golden.AssertRegion(StreamCount, "streams:count", "docs", "ashby.md");
        Golden.AssertRegion(IncrementalCount, "streams:incremental-count", "docs", "ashby.md");
    }

    [Fact]
    public void Spec_StartDateNamesEveryStreamItFiltersAndApiKeyEveryModule()
    {
        string[] spec = ["src", "AshbySource", "Configuration", "spec.json"];
        Golden.AssertJsonString(StreamDocs.StartDateDescription(), ["connectionSpecification", "properties", "start_date", "description"], spec);
        Golden.AssertJsonString(StreamDocs.ApiKeyDescription(), ["connectionSpecification", "properties", "api_key", "description"], spec);
        StreamDocs.StartDateDescription().Should().Contain("candidates").And.Contain("application_history").And.Contain("interview_events").And.NotContain("users");
    }

    [Fact]
    public void Metadata_SuggestedStreamsAreTheTablesSuggestedRows()
    {
        Golden.AssertRegion(string.Concat(StreamCatalog.All.Where(s => s.Suggested).Select(s => $"      - {s.Name}\n")), "streams:suggested", "metadata.yaml");
    }

    [Fact]
    public void IntegrationCatalogs_AreEveryStreamInFullAndTheIncrementalOnesIncrementally()
    {
        var full = ConfiguredStreams();
        foreach (var configured in full)
        {
            configured!["sync_mode"] = "full_refresh";
            configured["destination_sync_mode"] = "overwrite";
            configured.AsObject().Remove("cursor_field");
        }

        Golden.AssertRepoJson(new JsonObject { ["streams"] = full }, "integration_tests", "configured_catalog.json");
        var incremental = new JsonArray([.. ConfiguredStreams().Where(s => (string?)s!["sync_mode"] == "incremental").Select(s => s!.DeepClone())]);
        Golden.AssertRepoJson(new JsonObject { ["streams"] = incremental }, "integration_tests", "configured_catalog_incremental.json");
    }

    /// <summary>
    /// Tokens Ashby never issued, for every incremental stream: one per partition value, except for a stream that was
    /// read with one value before it was partitioned, whose state keeps that earlier shape.
    /// </summary>
    [Fact]
    public void IntegrationAbnormalState_HasATokenAshbyNeverIssuedForEveryIncrementalStream()
    {
        static JsonNode Token(string name) => new JsonObject { ["sync_token"] = $"abnormal-sync-token-that-ashby-never-issued-{name}" };
        var states = StreamDocs.Incremental.Select(stream => new JsonObject
        {
            ["type"] = "STREAM",
            ["stream"] = new JsonObject
            {
                ["stream_descriptor"] = new JsonObject { ["name"] = stream.Name },
                ["stream_state"] = stream.Partitions is { FormerValue: null } partitions
                    ? new JsonObject { ["partitions"] = new JsonObject(partitions.Values.Select(v => KeyValuePair.Create(v, (JsonNode?)Token($"{stream.Name}-{v}")))) }
                    : Token(stream.Name),
            },
        });

        Golden.AssertRepoJsonLines(new JsonArray([.. states]), "integration_tests", "abnormal_state.json");
    }

    /// <summary>Written by reading the emulator (integration_tests/README.md): they must cover exactly the table's streams.</summary>
    [Fact]
    public void IntegrationRecordsAndSampleState_CoverEveryStreamOfTheTable()
    {
        var recorded = File.ReadLines(RepoFiles.File("integration_tests", "expected_records.jsonl"))
            .Select(line => (string)JsonNode.Parse(line)!["stream"]!).Distinct();
        recorded.Should().BeEquivalentTo(StreamCatalog.All.Select(s => s.Name), "expected_records.jsonl holds records of every stream; regenerate it as integration_tests/README.md says");

        var sampled = JsonNode.Parse(RepoFiles.ReadText("integration_tests", "sample_state.json"))!.AsArray()
            .Select(state => (string)state!["stream"]!["stream_descriptor"]!["name"]!);
        sampled.Should().BeEquivalentTo(StreamDocs.Incremental.Select(s => s.Name), "sample_state.json holds the state of every incremental stream; regenerate it as integration_tests/README.md says");
    }

    /// <summary>What the connector's <c>catalog</c> helper writes for every stream, with empty schemas: CAT takes them from discover.</summary>
    private static JsonArray ConfiguredStreams()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            CatalogWriter.WriteConfigured(json, StreamCatalog.All);
        }

        var catalog = JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        var streams = catalog["streams"]!.AsArray();
        catalog.Remove("streams");
        foreach (var configured in streams)
        {
            var stream = configured!["stream"]!.AsObject();
            stream["json_schema"] = new JsonObject();
            stream.Remove("is_resumable");
        }

        return streams;
    }
}
