using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Cli;
using AshbySource.Http;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.TestSupport;

/// <summary>Runs <see cref="ConnectorApp"/> in-process against a fake or a real Ashby, with files in a temp folder.</summary>
internal sealed class ConnectorRun : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-test-").FullName;

    public ConnectorRun(HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        Handler = handler;
        Time = time ?? new FakeTimeProvider(FakeClock.Start) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
    }

    public HttpMessageHandler? Handler { get; }

    public TimeProvider Time { get; }

    /// <summary>The stream the connector writes its protocol output to; a test may hand in one that fails.</summary>
    public Func<MemoryStream> Stdout { get; set; } = () => new MemoryStream();

    /// <summary>
    /// Retry settings for tests: few retries with fixed jitter. The fake clock runs ahead of the thread pool, so
    /// timeouts are made long enough that no request times out merely because it was not scheduled yet.
    /// </summary>
    public Func<AshbyHttpOptions, AshbyHttpOptions> TuneHttp { get; set; } = o => o with
    {
        MaxRetries = 3,
        Randomizer = () => 0.5,
        AttemptTimeout = TimeSpan.FromHours(6),
        CheckAttemptTimeout = TimeSpan.FromHours(6),
        CheckRetryWindow = TimeSpan.FromDays(1),
        TotalTimeout = TimeSpan.FromDays(1),
    };

    /// <summary>Asked before each step of the fake clock; an in-process emulator holds it while it works on a request.</summary>
    public Func<bool> ClockMayAdvance { get; init; } = static () => true;

    /// <summary>How far the fake clock moves per step of the pump.</summary>
    public TimeSpan ClockStep { get; init; } = TimeSpan.FromMilliseconds(10);

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<RunResult> RunAsync(params string[] args)
    {
        using var stdout = Stdout();
        using var stderr = new StringWriter();
        var app = new ConnectorApp(stdout, stderr, Time, TuneHttp(new AshbyHttpOptions { Time = Time, PrimaryHandler = Handler }));
        var task = app.RunAsync(args, CancellationToken.None);

        // Back-off waits run on the fake clock: move it forward until the run is done, never sleeping.
        var exit = Time is FakeTimeProvider fake ? await fake.PumpAsync(task, ClockStep, ClockMayAdvance) : await task;
        var bytes = stdout.ToArray();
        return new RunResult(exit, Encoding.UTF8.GetString(bytes), stderr.ToString()) { StdoutBytes = bytes };
    }

    /// <summary>Runs read with a config, a catalog of the given streams and modes, and optional state.</summary>
    public Task<RunResult> ReadAsync(string config, string catalog, string? state = null)
    {
        var args = new List<string> { "read", "--config", WriteFile("config.json", config), "--catalog", WriteFile("catalog.json", catalog) };
        if (state is not null)
        {
            args.AddRange(["--state", WriteFile("state.json", state)]);
        }

        return RunAsync([.. args]);
    }

    public static string Catalog(params (string Stream, string Mode)[] streams) =>
        new JsonObject
        {
            ["streams"] = new JsonArray(streams.Select(s => (JsonNode)new JsonObject
            {
                ["stream"] = new JsonObject { ["name"] = s.Stream, ["json_schema"] = new JsonObject(), ["supported_sync_modes"] = new JsonArray("full_refresh", "incremental") },
                ["sync_mode"] = s.Mode,
                ["destination_sync_mode"] = "append",
                ["cursor_field"] = null,
                ["primary_key"] = null,
            }).ToArray()),
        }.ToJsonString();

    public static string Config(string apiKey = "test-key-1234", string baseUrl = "http://127.0.0.1:9/", string extra = "") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{baseUrl}}"{{extra}}}""";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
