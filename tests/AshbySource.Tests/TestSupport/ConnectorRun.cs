using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Cli;
using AshbySource.Http;

namespace AshbySource.Tests.TestSupport;

/// <summary>Runs <see cref="ConnectorApp"/> in-process against a fake or a real Ashby, with files in a temp folder.</summary>
internal sealed class ConnectorRun : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-test-").FullName;

    public ConnectorRun(HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        Handler = handler;
        Time = time ?? new FakeClock();
    }

    public HttpMessageHandler? Handler { get; }

    public TimeProvider Time { get; }

    /// <summary>The stream the connector writes its protocol output to; a test may hand in one that fails.</summary>
    public Func<MemoryStream> Stdout { get; set; } = () => new MemoryStream();

    /// <summary>Retry settings for tests: few retries with fixed jitter.</summary>
    public Func<AshbyHttpOptions, AshbyHttpOptions> TuneHttp { get; set; } = o => o with { MaxRetries = 3, Randomizer = () => 0.5 };

    /// <summary>
    /// On a <see cref="FakeClock"/>: work the clock must wait for that the thread pool does not show, such as an
    /// in-process emulator working on a request (see <see cref="FakeClock.RunAsync{T}"/>).
    /// </summary>
    public Func<bool> Busy { get; init; } = static () => false;

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
        var exit = Time is FakeClock clock
            ? await clock.RunAsync(() => app.RunAsync(args, CancellationToken.None), Busy)
            : await app.RunAsync(args, CancellationToken.None);
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

    /// <summary>The spec's largest <c>requests_per_minute</c>: a budget that paces no test run.</summary>
    public static readonly int LargestBudget = JsonNode.Parse(RepoFiles.ReadText("src", "AshbySource", "Configuration", "spec.json"))!
        ["connectionSpecification"]!["properties"]!["requests_per_minute"]!["maximum"]!.GetValue<int>();

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
