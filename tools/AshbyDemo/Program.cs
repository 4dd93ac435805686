using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AshbyAnalytics;
using AshbyDemo;
using DuckDB.NET.Data;

// The main job: start the bundled Ashby emulator and run the connector exactly as an orchestrator would, showing what
// it is best at: a full read, a change in Ashby, an incremental read of only what changed, a sync killed and
// resumed without losing a row, and the full read loaded into DuckDB with the recruiting funnel drawn from it.
// Every message is kept in .demo/; long reads print progress every few seconds.
var scale = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 1000;

// The local emulator has no organisation-wide limit, so the demo allows 6,000 requests a minute: the child streams
// make one request per application or candidate, and at Ashby's 1,000 a minute per key the demo would mostly wait.
// The pace lines still say whether this budget or the connector set the pace.
const int RequestsPerMinute = 6000;
var folder = RepoFiles.File(".demo");
Directory.CreateDirectory(folder);
string InDemo(string name) => Path.Combine(folder, name);

await using var emulator = await EmulatorProcess.StartAsync(scale);
var (url, admin) = (emulator.Url, emulator.Admin);
var failures = new List<string>();
Console.WriteLine($"Ashby emulator at {url} ({scale:N0} candidates, demo key demo-full-access); messages go to {folder}");
var config = InDemo("config.json");
await File.WriteAllTextAsync(config, new JsonObject { ["api_key"] = "demo-full-access", ["base_url"] = url, ["requests_per_minute"] = RequestsPerMinute }.ToJsonString());

Heading("1. check, discover, and a configured catalog");
var (_, checkLines) = await ConnectorCommand.RunAsync("check", "--config", config);
var status = checkLines.Select(line => JsonNode.Parse(line)).First(m => (string?)m!["type"] == "CONNECTION_STATUS")!["connectionStatus"]!;
Console.WriteLine($"  check:    {status["status"]} - {status["message"]}");
var (_, discoverLines) = await ConnectorCommand.RunAsync("discover", "--config", config);
var streams = discoverLines.Select(line => JsonNode.Parse(line)).First(m => (string?)m!["type"] == "CATALOG")!["catalog"]!["streams"]!.AsArray();
Console.WriteLine($"  discover: {streams.Count} streams");
var primaryKeys = streams.ToDictionary(
    stream => (string)stream!["name"]!,
    stream => stream!["source_defined_primary_key"]!.AsArray().Select(path => (string)path![0]!).ToArray(),
    StringComparer.Ordinal);
var catalog = InDemo("configured_catalog.json");
Console.WriteLine($"  catalog:  {LastLog(await ConnectorCommand.RunAsync("catalog", "--config", config, "--output", catalog))}");
var fullRefreshStreams = JsonNode.Parse(await File.ReadAllTextAsync(catalog))!["streams"]!.AsArray()
    .Where(e => (string?)e!["sync_mode"] == "full_refresh").Select(e => (string)e!["stream"]!["name"]!).ToHashSet(StringComparer.Ordinal);

Heading("2. full read of every stream");
var full = await ReadAsync("full.jsonl", config, catalog, state: null);
Console.Write(Report.FullRead(full.Tally, full.Requests, full.Wall, full.Exit.ExitCode));
Console.WriteLine(Report.Pace(full.Requests.Total, RequestsPerMinute, full.Wall));
var state = InDemo("state.json");
Console.WriteLine($"  state:    {LastLog(await ConnectorCommand.RunAsync("state", "--messages", InDemo("full.jsonl"), "--output", state))}");

Heading("3. a change in Ashby");
var changed = EmulatorAdmin.ChangedIds(await admin.MutateAsync(new { fraction = 0.01 }));
Console.WriteLine(Report.Changes(changed));

Heading("4. incremental read from the saved state: only what changed, and what a sync token cannot show");
var incremental = await ReadAsync("incremental.jsonl", config, catalog, state, keepKeys: true);
Console.Write(Report.Incremental(full.Tally, full.Requests, changed, incremental.Tally, incremental.Requests, fullRefreshStreams));
Console.WriteLine(Report.Pace(incremental.Requests.Total, RequestsPerMinute, incremental.Wall));
await ConnectorCommand.RunAsync("state", "--state", state, "--messages", InDemo("incremental.jsonl"), "--output", state);

// Child streams keep a rolling refresh in their state. Two syncs a day apart with child_refresh_days 2 re-read every
// parent's children; the day passes on the state's clock (its refresh times are moved back a day), not the wall's.
var refreshed = RefreshedStreams(state);
Console.WriteLine($"  {Report.Missed(changed, incremental.Tally, refreshed)}");
Heading("4b. the rolling refresh closes the gap: child_refresh_days 2, two syncs a day apart");
var refreshConfig = InDemo("config_refresh.json");
var refreshState = InDemo("refresh_state.json");
File.Copy(state, refreshState, overwrite: true);
var withRefresh = JsonNode.Parse(await File.ReadAllTextAsync(config))!.AsObject();
withRefresh["child_refresh_days"] = 2;
await File.WriteAllTextAsync(refreshConfig, withRefresh.ToJsonString());
var refreshCatalog = InDemo("refresh_catalog.json");
await File.WriteAllTextAsync(refreshCatalog, Report.CatalogOf(JsonNode.Parse(await File.ReadAllTextAsync(catalog))!.AsObject(), refreshed).ToJsonString());
var afterDays = new List<ReadTally>();
for (var day = 1; day <= 2; day++)
{
    await File.WriteAllTextAsync(refreshState, Report.OneDayEarlier(JsonNode.Parse(await File.ReadAllTextAsync(refreshState))!).ToJsonString());
    var sync = await ReadAsync($"refresh_day{day}.jsonl", refreshConfig, refreshCatalog, refreshState, keepKeys: true);
    afterDays.Add(sync.Tally);
    Console.WriteLine($"  day {day}: {sync.Tally.Records:N0} records, {sync.Requests.Total:N0} requests (the deltas, and half the parents' children)");
    await ConnectorCommand.RunAsync("state", "--state", refreshState, "--messages", InDemo($"refresh_day{day}.jsonl"), "--output", refreshState);
}

var stillMissed = Report.Refresh(Console.Write, changed, incremental.Tally, afterDays, refreshed);
if (stillMissed > 0)
{
    failures.Add($"the rolling refresh left {stillMissed} changed child rows unread after a whole period");
}

Heading("5. a first sync killed halfway (SIGKILL), then resumed from its last checkpoints");
var killAfter = full.Tally.Checkpoints / 2;
var killed = await ReadAsync("killed.jsonl", config, catalog, state: null, keepKeys: true, killAfterCheckpoints: killAfter);
Console.WriteLine($"  killed after {killAfter:N0} checkpoints ({killed.Wall.TotalSeconds:0.0} s)");
var resumeState = InDemo("killed_state.json");
Console.WriteLine($"  state:    {LastLog(await ConnectorCommand.RunAsync("state", "--messages", InDemo("killed.jsonl"), "--output", resumeState))}");
var resumed = await ReadAsync("resumed.jsonl", config, catalog, resumeState, keepKeys: true);
var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
foreach (var stream in resumed.Tally.Streams.Keys)
{
    expected[stream] = await admin.KeysAsync(stream, primaryKeys[stream].Length);
}

var account = Report.AccountForKill(killed.Tally, resumed.Tally, expected);
Console.WriteLine(account);
if (account.Missing > 0)
{
    failures.Add("the killed and resumed syncs missed rows");
}

Heading("6. your recruiting funnel");
var funnelClock = Stopwatch.StartNew();
var database = InDemo("ashby.duckdb");
File.Delete(database);
File.Delete(database + ".wal");
IReadOnlyDictionary<string, long> loaded;
IReadOnlyList<ModelResult> models;
IReadOnlyList<FunnelStep> funnel;
using (var warehouse = new DuckDBConnection($"Data Source={database}"))
{
    warehouse.Open();
    loaded = WarehouseLoader.Load(warehouse, catalog, [InDemo("full.jsonl")]);
    models = AnalyticsModels.Run(warehouse, RepoFiles.File("analytics"));
    funnel = FunnelChart.Read(warehouse);
}

var chart = InDemo("funnel.svg");
await File.WriteAllTextAsync(chart, FunnelChart.Svg(funnel));
funnelClock.Stop();
Console.WriteLine($"  loaded the full read ({loaded.Values.Sum():N0} rows, {loaded.Count} tables, one per stream) into {database}");
Console.WriteLine($"  ran the models of analytics/ into its schema analytics: {string.Join(", ", models.Select(m => m.Rows is { } rows ? $"{m.Name} ({rows:N0} rows)" : $"{m.Name} (not run: no {string.Join(", ", m.Missing)} in this sync)"))}");
Console.WriteLine($"  {FunnelChart.Title} (as Ashby counts a funnel, https://docs.ashbyhq.com/understanding-funnel-metrics):");
Console.Write(FunnelChart.Text(funnel));
Console.WriteLine($"  the same chart: {chart}; this step took {funnelClock.Elapsed.TotalSeconds:0.0} s");
Console.WriteLine($"  query it yourself: duckdb {database} \"select * from analytics.funnel where breakdown = 'job'\"");
Console.WriteLine($"  or from Python (pip install duckdb): duckdb.connect('{database}').sql('select * from analytics.application_stages').df()");

Heading("Summary");
Console.WriteLine($"  full read:        {full.Tally.Records,9:N0} records, {full.Requests.Total,5:N0} requests, {full.Wall.TotalSeconds,6:0.0} s");
Console.WriteLine($"  incremental read: {incremental.Tally.Records,9:N0} records, {incremental.Requests.Total,5:N0} requests, {incremental.Wall.TotalSeconds,6:0.0} s  ({changed.Values.Sum(ids => ids.Count):N0} rows had changed)");
Console.WriteLine($"  killed + resumed: {account.KilledRecords + account.ResumedRecords,9:N0} records, {killed.Requests.Total + resumed.Requests.Total,5:N0} requests, {(killed.Wall + resumed.Wall).TotalSeconds,6:0.0} s  ({account.Missing:N0} rows missing, {account.ReadTwice:N0} read twice)");
Console.WriteLine($"  funnel:           {loaded.Values.Sum(),9:N0} rows loaded, {models.Count(m => m.Rows is not null)} models run, chart drawn in {funnelClock.Elapsed.TotalSeconds:0.0} s");
Console.WriteLine($"  every message is in {folder} (full.jsonl, incremental.jsonl, killed.jsonl, resumed.jsonl; state.json is the state after step 4), the database in ashby.duckdb, the chart in funnel.svg");
foreach (var failure in failures)
{
    Console.WriteLine($"  FAILED: {failure}");
}

return failures.Count == 0 ? 0 : 1;

// One read, with its requests counted by the emulator and a progress line at least every 5 s.
async Task<(ReadTally Tally, RequestCount Requests, TimeSpan Wall, ConnectorExit Exit)> ReadAsync(string output, string config, string catalog, string? state, bool keepKeys = false, long? killAfterCheckpoints = null)
{
    await admin.ResetStatsAsync();
    var tally = new ReadTally(keepKeys ? primaryKeys : null);
    List<string> args = ["read", "--config", config, "--catalog", catalog];
    if (state is not null)
    {
        args.AddRange(["--state", state]);
    }

    var clock = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource();
    var progress = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
        {
            Console.WriteLine(tally.Progress(clock.Elapsed));
        }
    });
    var exit = await ConnectorCommand.RunAsync(args, tally.Observe, InDemo(output), killAfterCheckpoints is { } limit ? () => tally.Checkpoints >= limit : null);
    clock.Stop();
    await stop.CancelAsync();
    await progress.ContinueWith(_ => { }, TaskScheduler.Default);
    if (!exit.Killed && (exit.ExitCode != 0 || tally.Error is not null))
    {
        failures.Add($"{output}: exit {exit.ExitCode}: {tally.Error}");
        Console.Error.Write(exit.Stderr);
    }

    return (tally, RequestCount.FromStats(await admin.StatsAsync(), await admin.InfoAsync()), clock.Elapsed, exit);
}

static void Heading(string title) => Console.WriteLine($"\n{title}");

// The streams whose state keeps a rolling refresh: the incremental child streams.
static IReadOnlyList<string> RefreshedStreams(string stateFile) =>
    [.. JsonNode.Parse(File.ReadAllText(stateFile))!.AsArray()
        .Where(entry => entry!["stream"]?["stream_state"]?["refresh"] is not null)
        .Select(entry => (string)entry!["stream"]!["stream_descriptor"]!["name"]!)
        .Order(StringComparer.Ordinal)];

// The helpers log one line saying what they wrote.
static string LastLog((ConnectorExit Exit, List<string> Lines) run) =>
    run.Lines.Select(line => JsonNode.Parse(line)).LastOrDefault(m => (string?)m!["type"] == "LOG")?["log"]?["message"]?.ToString() ?? $"exit {run.Exit.ExitCode}";
