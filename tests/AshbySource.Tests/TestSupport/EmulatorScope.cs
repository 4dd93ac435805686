using System.Text.Json.Nodes;
using AshbyEmulator;

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

    public static async Task<EmulatorScope> StartAsync(int scale = 300, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", Seed = 42, Scale = scale };
        configure?.Invoke(options);
        return new EmulatorScope(await EmulatorHost.StartAsync(options));
    }

    /// <summary>
    /// A connector config for this emulator. The request budget is the spec's maximum, so that it does not pace these
    /// runs: RateBudgetTests and the budget end-to-end test set their own.
    /// </summary>
    public string Config(string apiKey = "demo-full-access", string extra = "") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{BaseUrl}}","requests_per_minute":1000000{{extra}}}""";

    /// <summary>Every id a complete sync of the stream must see.</summary>
    public Task<HashSet<string>> IdsAsync(string stream) => _admin.IdsAsync(stream);

    /// <summary>Mutates the dataset and returns, per stream, every id that was created, updated or archived.</summary>
    public async Task<Dictionary<string, HashSet<string>>> MutateAsync(object request) =>
        EmulatorAdmin.ChangedIds(await _admin.MutateAsync(request));

    public Task InjectAsync(string endpoint, int page, string code, int times = 1) => _admin.InjectAsync(endpoint, page, code, times);

    public Task ExpireAsync() => _admin.ExpireAsync();

    public Task FaultsAsync(IEnumerable<string> classes, double rate, int seed, int? slowMs = null) => _admin.FaultsAsync(classes, rate, seed, slowMs);

    public Task<JsonObject> StatsAsync() => _admin.StatsAsync();

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }
}
