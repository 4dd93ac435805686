using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>One line of the target summary.</summary>
internal sealed record TargetRow(string Number, string Figure, string Target, string Measured, bool? Pass);

/// <summary>
/// Runs the benchmark sections and collects their tables. Every connector run is a child process started the
/// way an orchestrator starts it: config and catalog files in a temp folder, stdout on a pipe that is drained.
/// </summary>
internal sealed partial class Bench(Options options, string work) : IAsyncDisposable
{
    public const string ApiKey = "demo-full-access";
    public const int PageSize = 100;

    /// <summary>The budget asked for in the throughput runs, so that the budget does not limit them.</summary>
    private const int UnlimitedBudget = 1_000_000;

    private readonly List<TargetRow> _targets = [];
    private readonly Markdown _sections = new();
    private readonly List<string> _notes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _loadBefore = Machine.LoadAverage;
    private double _maxLoad = Machine.Load1;
    private int _files;

    /// <summary>The connector build the targets are judged on: NativeAOT when it could be built (it is what the image ships), else JIT.</summary>
    private Launcher _connector = null!;
    private Launcher _jit = null!;
    private Launcher? _aot;
    private Launcher[] _extra = [];
    private string _aotNote = string.Empty;
    /// <summary>The streams the earlier sections measure: the 16 top-level streams (<see cref="Endpoints"/>).</summary>
    private List<JsonNode> _streams = null!;

    /// <summary>Every stream discover lists, child streams included.</summary>
    private JsonArray _discovered = null!;

    /// <summary>The highest <c>requests_per_minute</c> the connector's spec accepts.</summary>
    private int _budgetMaximum = UnlimitedBudget;

    public async Task<string> RunAsync()
    {
        _jit = Launcher.Dotnet("JIT (`dotnet source-ashby.dll`)", Repo.ConnectorDll);
        _extra = options.ConnectorPaths.Skip(1).Select(p => new Launcher($"native `{p}`", p, [])).ToArray();
        _aot = options.ConnectorPaths.Count > 0 ? new Launcher($"native `{options.ConnectorPaths[0]}`", options.ConnectorPaths[0], [])
            : options.Aot ? await PublishAotAsync()
            : null;
        if (!options.Aot)
        {
            _aotNote = "NativeAOT skipped (`--no-aot`).";
        }

        _connector = _aot ?? _jit;
        ReadSpec();
        NoteLoad();

        if (options.Sections.Contains("throughput"))
        {
            await ThroughputAsync();
        }

        if (options.Sections.Contains("latency"))
        {
            await LatencyAsync();
        }

        if (options.Sections.Contains("incremental"))
        {
            await IncrementalAsync();
        }

        if (options.Sections.Contains("startup"))
        {
            Startup();
        }

        if (options.Sections.Contains("fanout"))
        {
            await FanOutAsync();
        }

        if (options.Sections.Contains("refresh"))
        {
            await RefreshAsync();
        }

        return Render();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private void NoteLoad() => _maxLoad = Math.Max(_maxLoad, Machine.Load1);

    private string Render()
    {
        var md = new Markdown()
            .Line("# Benchmarks")
            .Line()
            .Line("Produced by `dotnet run -c Release --project bench/AshbyBench` (see `bench/AshbyBench`), which starts the bundled")
            .Line("Ashby emulator itself and runs the connector as a child process the way an orchestrator does: config, catalog and")
            .Line("state files in a temp folder, stdout on a pipe that is drained and counted. All figures come from one run on one")
            .Line("machine; machines are noisy, so compare the ratios within a run rather than absolute figures across runs.")
            .Line();

        md.Table(["", ""],
        [
            ["commit", $"`{Machine.Commit}`"],
            ["date", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)],
            ["CPU", Machine.Cpu],
            ["memory", Machine.Memory],
            ["OS", Machine.OperatingSystem],
            [".NET", Machine.DotNet],
            ["connector build judged", _connector == _aot ? "NativeAOT (`dotnet publish src/AshbySource -c Release -r linux-x64 -p:PublishAot=true`), what the image ships; the JIT build is shown beside it" : $"JIT (`dotnet source-ashby.dll`, Release). {_aotNote}"],
            ["measurement", Child.Method],
            ["load average (1/5/15 min)", $"{_loadBefore} before, {Machine.LoadAverage} after, highest 1-min value seen between runs {F2(_maxLoad)}"],
            ["bench duration", Duration(_clock.Elapsed) + (options.Quick ? " (`--quick`: small data sets, not the recorded benchmark)" : string.Empty)],
        ]);

        md.Line("## Targets").Line();
        md.Table(["#", "figure", "target", "measured", "result"],
            _targets.Select(t => (IReadOnlyList<string>)[t.Number, t.Figure, t.Target, t.Measured, t.Pass is { } pass ? Verdict(pass) : "n/a"]));

        md.Line(_sections.ToString().TrimEnd()).Line();
        if (_notes.Count > 0)
        {
            md.Line("## Notes").Line();
            foreach (var note in _notes)
            {
                md.Line($"- {note}");
            }

            md.Line();
        }

        return md.ToString();
    }

    // ---- files and runs -------------------------------------------------------------------------------

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(work, $"{++_files:000}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteConfig(string url, int requestsPerMinute, int maxConcurrentStreams) =>
        WriteFile("config.json", new JsonObject
        {
            ["api_key"] = ApiKey,
            ["base_url"] = url,
            ["page_size"] = PageSize,
            ["requests_per_minute"] = requestsPerMinute,
            ["max_concurrent_streams"] = maxConcurrentStreams,
        }.ToJsonString());

    /// <summary>A configured catalog built from the discovered streams, in the order discover lists them.</summary>
    private string WriteCatalog(Func<string, bool> include, bool incremental)
    {
        var streams = new JsonArray();
        foreach (var stream in _discovered)
        {
            var name = (string)stream!["name"]!;
            if (!include(name))
            {
                continue;
            }

            streams.Add(new JsonObject
            {
                ["stream"] = stream.DeepClone(),
                ["sync_mode"] = incremental ? "incremental" : "full_refresh",
                ["destination_sync_mode"] = incremental ? "append_dedup" : "overwrite",
            });
        }

        return WriteFile("catalog.json", new JsonObject { ["streams"] = streams }.ToJsonString());
    }

    private string WriteState(IReadOnlyDictionary<string, JsonNode?> states) =>
        WriteFile("state.json", new JsonArray(states.Select(s => (JsonNode)new JsonObject
        {
            ["type"] = "STREAM",
            ["stream"] = new JsonObject
            {
                ["stream_descriptor"] = new JsonObject { ["name"] = s.Key },
                ["stream_state"] = s.Value?.DeepClone(),
            },
        }).ToArray()).ToJsonString());

    private static bool IsIncremental(JsonNode stream) =>
        stream["supported_sync_modes"]!.AsArray().Any(m => (string?)m == "incremental");

    /// <summary>Runs <c>read</c> and fails loudly when the sync did not complete: a fast broken run proves nothing.</summary>
    private async Task<ChildResult> ReadAsync(Launcher launcher, string config, string catalog, string? state = null, OutputScanner? scanner = null)
    {
        string[] arguments = state is null
            ? ["read", "--config", config, "--catalog", catalog]
            : ["read", "--config", config, "--catalog", catalog, "--state", state];
        var result = await Child.RunAsync(launcher, arguments, work, scanner);
        NoteLoad();
        if (result.ExitCode != 0 || result.Output.Errors.Count > 0 || result.Output.StreamStatuses.Values.Any(s => s != "COMPLETE"))
        {
            throw new InvalidOperationException(
                $"{launcher.Label} read failed (exit {result.ExitCode}): {string.Join("; ", result.Output.Errors)}\n{result.Stderr}\n{string.Join("\n", result.Output.Logs.TakeLast(10))}");
        }

        return result;
    }

    /// <summary>Reads the spec once: the streams come from discover later, the budget maximum from here.</summary>
    private void ReadSpec()
    {
        var line = RunText(_connector, ["spec"]);
        var maximum = JsonNode.Parse(line)?["spec"]?["connectionSpecification"]?["properties"]?["requests_per_minute"]?["maximum"];
        if (maximum is not null)
        {
            _budgetMaximum = Math.Min(UnlimitedBudget, maximum.GetValue<int>());
        }
    }

    private string RunText(Launcher launcher, IEnumerable<string> arguments) =>
        Repo.Run(launcher.FileName, launcher.PrefixArguments.Concat(arguments), work).Stdout;

    private async Task DiscoverAsync(EmulatorProcess emulator)
    {
        if (_streams is not null)
        {
            return;
        }

        var config = WriteConfig(emulator.Url, 600, 4);
        var output = RunText(_connector, ["discover", "--config", config]);
        foreach (var line in output.Split('\n'))
        {
            var message = JsonNode.Parse(line);
            if ((string?)message?["type"] == "CATALOG")
            {
                _discovered = message!["catalog"]!["streams"]!.AsArray();
            }
        }

        // Later streams (child streams among them) are measured by the fan-out section, not mixed into the earlier ones.
        _streams = _discovered?.Where(s => Endpoints.Any(e => e.Stream == (string?)s?["name"])).Select(s => s!).ToList() ?? [];
        if (_streams.Count != Endpoints.Length)
        {
            throw new InvalidOperationException($"discover did not list the {Endpoints.Length} streams {string.Join(", ", Endpoints.Select(e => e.Stream))}: {output}");
        }

        await Task.CompletedTask;
    }

    // ---- NativeAOT -------------------------------------------------------------------------------------

    private async Task<Launcher?> PublishAotAsync()
    {
        var missing = new List<string>();
        var clang = Repo.OnPath("clang") ?? Enumerable.Range(10, 30).Select(v => Repo.OnPath($"clang-{v}")).FirstOrDefault(p => p is not null);
        if (clang is null)
        {
            missing.Add("clang");
        }

        if (!File.Exists("/usr/include/zlib.h"))
        {
            missing.Add("zlib1g-dev (no /usr/include/zlib.h)");
        }

        if (missing.Count > 0)
        {
            _aotNote = $"NativeAOT not measured: {string.Join(" and ", missing)} missing (`apt-get install clang zlib1g-dev`).";
            Progress(_aotNote);
            return null;
        }

        var output = Path.Combine(Repo.Root, ".bench", "aot");
        Progress($"publishing the NativeAOT build to {output} (about 2 minutes)");
        using var process = Process.Start(DotnetCommand.StartInfo(["publish", "src/AshbySource", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo"], Repo.Root))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var binary = Path.Combine(output, "source-ashby");
        if (process.ExitCode != 0 || !File.Exists(binary))
        {
            var tail = string.Join(" / ", (stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(3));
            _aotNote = $"NativeAOT not measured: `dotnet publish -p:PublishAot=true` failed (exit {process.ExitCode}): {tail}";
            Progress(_aotNote);
            return null;
        }

        return new Launcher("NativeAOT (`source-ashby`)", binary, []);
    }

    // ---- shared arithmetic -----------------------------------------------------------------------------

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Scale(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : F0(n);
}
