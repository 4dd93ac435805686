using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbyEmulator;
using Microsoft.Extensions.Time.Testing;

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

    /// <summary>
    /// A connector run on the same fake clock as this emulator (started with <c>time</c>). The clock moves only
    /// while no request is on its way or being worked on, so waits (budget, back-off, Retry-After, the slow
    /// fault, the rate window) pass in no real time and real work never sees time jump.
    /// </summary>
    public ConnectorRun ConnectorRun(FakeTimeProvider time)
    {
        var sockets = new RequestsInFlight();
        return new ConnectorRun(sockets, time)
        {
            ClockMayAdvance = () => _emulator.BusyRequests == 0 && sockets.Count <= _emulator.WaitingRequests,
            // Small steps: the connector's own work between requests then costs little of the clock.
            ClockStep = TimeSpan.FromMilliseconds(1),
        };
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

    /// <summary>The connector's primary handler, counting requests sent and not yet answered.</summary>
    private sealed class RequestsInFlight() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }
}
