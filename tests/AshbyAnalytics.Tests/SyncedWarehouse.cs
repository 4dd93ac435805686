using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbyAnalytics;
using DuckDB.NET.Data;

namespace AshbyAnalytics.Tests;

/// <summary>
/// One real sync for every test of the collection: the bundled emulator (seed 42) on a loopback port, a full read
/// of every stream by the connector process, its records loaded into an in-memory DuckDB by
/// <see cref="WarehouseLoader"/>, and the models of analytics/ run over them. The records are also kept in C#
/// (the newest copy of each key, as the tables keep), so tests compute the expected figures without SQL.
/// </summary>
/// <remarks>
/// The size is 400 candidates; <c>ASHBY_ANALYTICS_SCALE=10000</c> runs the same tests on a larger workspace
/// (analytics/README.md).
/// </remarks>
public sealed class SyncedWarehouse : IAsyncLifetime
{
    /// <summary>The streams the expected figures are computed from; of the others only the keys are kept.</summary>
    private static readonly HashSet<string> KeptStreams = new(StringComparer.Ordinal)
    {
        "applications", "application_history", "interview_stages", "interview_stage_groups", "jobs", "departments",
        "sources", "application_feedback", "offers", "offer_versions",
    };

    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(15);

    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-analytics-").FullName;
    private EmulatorProcess? _emulator;

    public static int Scale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ASHBY_ANALYTICS_SCALE"), CultureInfo.InvariantCulture, out var scale) ? scale : 400;

    public EmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("not started");

    public DuckDBConnection Connection { get; } = new("Data Source=:memory:");

    public string CatalogFile => Path.Combine(_folder, "configured_catalog.json");

    /// <summary>Per stream, the fields of its primary key (the configured catalog's).</summary>
    public Dictionary<string, string[]> PrimaryKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Per stream, every primary key the read delivered.</summary>
    public Dictionary<string, HashSet<string>> KeysRead { get; } = new(StringComparer.Ordinal);

    /// <summary>The records of <see cref="KeptStreams"/>, per stream, key → data.</summary>
    public Dictionary<string, Dictionary<string, JsonObject>> Records { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> LoadedRows { get; private set; } = new Dictionary<string, long>();

    public IReadOnlyList<ModelResult> Models { get; private set; } = [];

    public TimeSpan ReadTime { get; private set; }

    public TimeSpan LoadTime { get; private set; }

    public TimeSpan ModelsTime { get; private set; }

    public long RecordsRead { get; private set; }

    /// <summary>The data of every kept record of <paramref name="stream"/>.</summary>
    public IEnumerable<JsonObject> Rows(string stream) => Records.TryGetValue(stream, out var rows) ? rows.Values : [];

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorProcess.StartAsync(Scale);
        var config = Path.Combine(_folder, "config.json");
        await File.WriteAllTextAsync(config, new JsonObject { ["api_key"] = "demo-full-access", ["base_url"] = _emulator.Url, ["requests_per_minute"] = 1_000_000 }.ToJsonString());
        // The whole sync is bounded: a connector still running then is killed and the fixture fails.
        using var timeout = new CancellationTokenSource(SyncTimeout);
        var catalogLines = new List<string>();
        var catalogExit = await ConnectorCommand.RunAsync(["catalog", "--config", config, "--output", CatalogFile], catalogLines.Add, cancellation: timeout.Token);
        if (catalogExit.ExitCode != 0)
        {
            throw new InvalidOperationException($"catalog failed: {string.Join('\n', catalogLines)} {catalogExit.Stderr}");
        }

        var messages = Path.Combine(_folder, "read.jsonl");
        var clock = Stopwatch.StartNew();
        string? error = null;
        var read = await ConnectorCommand.RunAsync(["read", "--config", config, "--catalog", CatalogFile], line => error ??= ErrorOf(line), messages, cancellation: timeout.Token);
        ReadTime = clock.Elapsed;
        if (read.ExitCode != 0 || error is not null)
        {
            throw new InvalidOperationException($"the read failed (exit {read.ExitCode}): {error} {read.Stderr}");
        }

        KeepRecords(messages);

        clock.Restart();
        Connection.Open();
        LoadedRows = WarehouseLoader.Load(Connection, CatalogFile, [messages]);
        LoadTime = clock.Elapsed;

        clock.Restart();
        Models = AnalyticsModels.Run(Connection, RepoFiles.File("analytics"));
        ModelsTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string? ErrorOf(string line)
    {
        using var message = JsonDocument.Parse(line);
        var root = message.RootElement;
        return root.GetProperty("type").GetString() == "TRACE" && root.GetProperty("trace").GetProperty("type").GetString() == "ERROR"
            ? root.GetProperty("trace").GetProperty("error").GetProperty("message").GetString()
            : null;
    }

    /// <summary>Reads the messages back: every key per stream, and the newest copy of each record of the kept streams.</summary>
    private void KeepRecords(string messages)
    {
        using var catalog = JsonDocument.Parse(File.ReadAllBytes(CatalogFile));
        foreach (var configured in catalog.RootElement.GetProperty("streams").EnumerateArray())
        {
            var name = configured.GetProperty("stream").GetProperty("name").GetString()!;
            PrimaryKeys[name] = configured.GetProperty("primary_key").EnumerateArray().Select(path => path[0].GetString()!).ToArray();
            KeysRead[name] = new HashSet<string>(StringComparer.Ordinal);
        }

        foreach (var line in File.ReadLines(messages))
        {
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.GetProperty("type").GetString() != "RECORD")
            {
                continue;
            }

            RecordsRead++;
            var record = message.RootElement.GetProperty("record");
            var stream = record.GetProperty("stream").GetString()!;
            var data = record.GetProperty("data");
            var key = string.Join('|', PrimaryKeys[stream].Select(field => data.GetProperty(field).GetString()));
            KeysRead[stream].Add(key);
            if (KeptStreams.Contains(stream))
            {
                (Records.TryGetValue(stream, out var rows) ? rows : Records[stream] = new Dictionary<string, JsonObject>(StringComparer.Ordinal))[key] =
                    JsonNode.Parse(data.GetRawText())!.AsObject();
            }
        }
    }
}

/// <summary>The tests that share one <see cref="SyncedWarehouse"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SyncedWarehouseGroup : ICollectionFixture<SyncedWarehouse>
{
    public const string Name = "synced warehouse";
}

/// <summary>
/// A test class that reads the one <see cref="SyncedWarehouse"/> of <see cref="SyncedWarehouseGroup"/> (xunit takes the
/// collection from the base class and hands the fixture to the derived class's constructor); slow, as the sync is.
/// </summary>
[Collection(SyncedWarehouseGroup.Name)]
public abstract class SyncedWarehouseTests : SlowTests;
