using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.Streams;

namespace AshbySource.Tests.TestSupport;

internal static class ReadAssertions
{
    /// <summary>Every stream of the table, and those that sync incrementally: what the end-to-end reads select.</summary>
    public static readonly string[] AllStreams = [.. StreamCatalog.All.Select(s => s.Name)];

    public static readonly string[] IncrementalStreams = [.. StreamCatalog.All.Where(s => s.SupportsIncremental).Select(s => s.Name)];

    /// <summary>The invariants every read must keep, whatever went wrong during it.</summary>
    public static void ShouldBeAValidRead(this RunResult result, IEnumerable<string> streams, bool expectSuccess = true)
    {
        if (expectSuccess)
        {
            result.ExitCode.Should().Be(0, string.Join("\n", result.Errors.Select(e => e.ToJsonString())));
        }

        var lineProblems = result.Lines.SelectMany(ProtocolValidator.CheckLine).Take(10).ToList();
        lineProblems.Should().BeEmpty("every stdout line is a valid Airbyte message");

        var recordProblems = result.Records()
            .SelectMany(r =>
            {
                var stream = (string)r["stream"]!;
                using var data = JsonDocument.Parse(r["data"]!.ToJsonString());
                return ProtocolValidator.CheckRecord(stream, data.RootElement).Select(p => $"{stream} {r["data"]!["id"]}: {p}").ToList();
            })
            .Take(10)
            .ToList();
        recordProblems.Should().BeEmpty("every record matches its stream schema");

        foreach (var stream in streams)
        {
            var statuses = result.Statuses(stream).ToList();
            statuses.Should().NotBeEmpty(stream);
            statuses[0].Should().Be("STARTED", stream);
            if (expectSuccess)
            {
                statuses.Should().HaveCountGreaterThanOrEqualTo(3, stream);
                statuses[^1].Should().Be("COMPLETE", stream);
                statuses.Skip(1).SkipLast(1).Should().OnlyContain(s => s == "RUNNING", stream);
                result.States(stream).Should().NotBeEmpty(stream);
                result.States(stream).Sum(s => s["sourceStats"]!["recordCount"]!.GetValue<double>())
                    .Should().Be(result.Records(stream).Count(), $"{stream}: sourceStats add up to the records emitted");
            }
        }
    }

    public static List<string> Ids(this RunResult result, string stream) =>
        result.Records(stream).Select(r => (string)r["data"]!["id"]!).ToList();

    /// <summary>Each record's primary key (the stream table's, e.g. <c>candidateId/id</c>): unique per stream when nothing is read twice.</summary>
    public static List<string> Keys(this RunResult result, string stream) =>
        result.Records(stream).Select(r => KeyOf(stream, r["data"]!.AsObject())).ToList();

    public static string KeyOf(string stream, JsonObject data) =>
        string.Join("/", StreamCatalog.ByName[stream].PrimaryKey.Select(field => (string)data[field]!));

    /// <summary>The sync tokens of a stream's state: its own, or one per partition of a partitioned stream.</summary>
    public static string? SyncTokens(JsonObject? state) =>
        state?["partitions"] is JsonObject partitions
            ? partitions.All(p => p.Value?["sync_token"] is not null) ? string.Join(",", partitions.Select(p => (string?)p.Value!["sync_token"])) : null
            : (string?)state?["sync_token"];

    public static string FullCatalog(string mode = "full_refresh") =>
        ConnectorRun.Catalog(StreamCatalog.All.Select(s => (s.Name, mode == "incremental" && !s.SupportsIncremental ? "full_refresh" : mode)).ToArray());

    /// <summary>The last STATE of every stream, as the state file of a retried attempt of the same sync.</summary>
    public static string StateOf(RunResult result) => StateFile(result, _ => true);

    /// <summary>
    /// The state file of the next sync, as the platform passes it: full-refresh state is dropped between syncs,
    /// so a stream that completed a full refresh is read again.
    /// </summary>
    public static string NextSyncStateOf(RunResult result) =>
        StateFile(result, state => state["__ab_full_refresh_sync_complete"] is null);

    private static string StateFile(RunResult result, Func<System.Text.Json.Nodes.JsonObject, bool> kept) =>
        "[" + string.Join(",", StreamCatalog.All
            .Select(s => (s.Name, State: result.LastState(s.Name)))
            .Where(x => x.State is not null && kept(x.State))
            .Select(x => $$$"""{"type":"STREAM","stream":{"stream_descriptor":{"name":"{{{x.Name}}}"},"stream_state":{{{x.State!.ToJsonString()}}}}}""")) + "]";
}
