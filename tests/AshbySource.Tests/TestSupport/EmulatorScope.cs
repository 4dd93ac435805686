using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbyEmulator;

namespace AshbySource.Tests.TestSupport;

/// <summary>A bundled Ashby emulator on a loopback port for one test, with its admin API.</summary>
internal sealed class EmulatorScope : IAsyncDisposable
{
    private readonly RunningEmulator _emulator;
    private readonly HttpClient _admin;

    private EmulatorScope(RunningEmulator emulator)
    {
        _emulator = emulator;
        _admin = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl => _emulator.BaseUrl;

    public static async Task<EmulatorScope> StartAsync(int scale = 300, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", Seed = 42, Scale = scale };
        configure?.Invoke(options);
        return new EmulatorScope(await EmulatorHost.StartAsync(options));
    }

    public string Config(string apiKey = "demo-full-access", string extra = "") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{BaseUrl}}","requests_per_minute":6000{{extra}}}""";

    /// <summary>Every id a complete sync of the stream must see.</summary>
    public async Task<HashSet<string>> IdsAsync(string stream)
    {
        var ids = await _admin.GetFromJsonAsync<List<string>>($"_admin/ids?table={stream}");
        return ids!.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Mutates the dataset and returns, per stream, every id that was created, updated or archived.</summary>
    public async Task<Dictionary<string, HashSet<string>>> MutateAsync(object request)
    {
        var response = await PostAsync("_admin/mutate", request);
        var changed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (table, lists) in response["tables"]!.AsObject())
        {
            changed[table] = lists!.AsObject().SelectMany(l => l.Value!.AsArray().Select(id => (string)id!)).ToHashSet(StringComparer.Ordinal);
        }

        return changed;
    }

    public Task InjectAsync(string endpoint, int page, string code, int times = 1) =>
        PostAsync("_admin/inject", new { endpoint, page, code, times });

    public Task ExpireAsync() => PostAsync("_admin/expire", new { tokens = true, cursors = true });

    public Task FaultsAsync(IEnumerable<string> classes, double rate, int seed, int? slowMs = null) =>
        PostAsync("_admin/faults", new { classes, rate, seed, slowMs });

    public async Task<JsonObject> StatsAsync() => (await _admin.GetFromJsonAsync<JsonObject>("_admin/stats"))!;

    private async Task<JsonObject> PostAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await _admin.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"admin call {path} failed: {text}");
        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }
}
