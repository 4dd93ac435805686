using System.Text.Json.Nodes;
using AshbyEmulator;
using AshbySource.Streams;

namespace AshbySource.Tests.TestSupport;

/// <summary>A bundled Ashby emulator on a loopback port for one test, with its admin API.</summary>
internal sealed class EmulatorScope : IAsyncDisposable
{
    private readonly RunningEmulator _emulator;
    private readonly EmulatorAdmin _admin;

    private EmulatorScope(RunningEmulator emulator)
    {
        _emulator = emulator;
        _admin = new EmulatorAdmin(emulator.BaseUri, TimeSpan.FromSeconds(60));
    }

    public string BaseUrl => _emulator.BaseUrl;

    /// <summary>
    /// A connector run on the same fake clock as this emulator (started with <c>time</c>). The clock moves only
    /// while every request is waiting on it at the emulator (latency, the slow fault, the rate window), never while
    /// one is on its way or being worked on, so waits pass in no real time and real work never sees time jump.
    /// </summary>
    public ConnectorRun ConnectorRun(FakeClock time)
    {
        var requests = new RequestsInFlight();
        return new ConnectorRun(requests, time) { Busy = () => _emulator.BusyRequests > 0 || !requests.AllWaitingAtTheServer(_emulator.WaitingRequests) };
    }

    /// <param name="scale">Number of candidates.</param>
    /// <param name="configure">Further emulator options.</param>
    /// <param name="time">The emulator's clock; pass the connector's fake clock so both live on the same time.</param>
    public static async Task<EmulatorScope> StartAsync(int scale = 300, Action<EmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", Seed = 42, Scale = scale, Time = time ?? TimeProvider.System };
        configure?.Invoke(options);
        return new EmulatorScope(await EmulatorHost.StartAsync(options));
    }

    /// <summary>
    /// A connector config for this emulator. The request budget is the spec's maximum, so that it does not pace these
    /// runs: RateBudgetTests and the budget end-to-end test set their own.
    /// </summary>
    public string Config(string apiKey = "demo-full-access", string extra = "") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{BaseUrl}}","requests_per_minute":{{TestSupport.ConnectorRun.LargestBudget}}{{extra}}}""";

    /// <summary>Every id a complete sync of the stream must see.</summary>
    public Task<HashSet<string>> IdsAsync(string stream) => _admin.IdsAsync(stream);

    /// <summary>Every (parent id, id) pair of a child table, for a stream whose ids repeat across parents.</summary>
    public Task<HashSet<(string ParentId, string Id)>> IdPairsAsync(string stream) => _admin.IdPairsAsync(stream);

    public Task<JsonObject> SetVersionStatusAsync(string version, string status) => _admin.SetVersionStatusAsync(version, status);

    /// <summary>Every primary key a complete sync of the stream must see, as <see cref="ReadAssertions.KeyOf"/> writes them.</summary>
    public Task<HashSet<string>> KeysAsync(string stream) => _admin.KeysAsync(stream, StreamCatalog.ByName[stream].PrimaryKey.Length);

    /// <summary>Mutates the dataset and returns, per stream, every id that was created, updated or archived.</summary>
    public async Task<Dictionary<string, HashSet<string>>> MutateAsync(object request) =>
        EmulatorAdmin.ChangedIds(await _admin.MutateAsync(request));

    public Task InjectAsync(string endpoint, int page, string code, int times = 1) => _admin.InjectAsync(endpoint, page, code, times);

    public Task ExpireAsync() => _admin.ExpireAsync();

    public Task FaultsAsync(IEnumerable<string> classes, double rate, int seed, int? slowMs = null) => _admin.FaultsAsync(classes, rate, seed, slowMs);

    public Task<JsonObject> StatsAsync() => _admin.StatsAsync();

    public Task ResetStatsAsync() => _admin.ResetStatsAsync();

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }
}
