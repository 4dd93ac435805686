using System.Globalization;
using System.Text.Json.Nodes;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>Sections 1 and 2: a full read of candidates at zero latency, against a bare HTTP client; peak memory.</summary>
internal sealed partial class Bench
{
    private sealed record Measured(string Client, int Scale, double Seconds, double ProcessSeconds, long StdoutBytes, double Cpu, double RssMb, double EmulatorCpu)
    {
        public double RecordsPerSecond => Scale / Seconds;
    }

    /// <summary>The connector's records/s, as a share of the bare client's, that target 1 asks for.</summary>
    private const double ThroughputTarget = 0.8;

    /// <summary>The smallest size target 1 judges.</summary>
    private const int ThroughputJudgedFrom = 100_000;

    private async Task ThroughputAsync()
    {
        var budget = _budgetMaximum;
        var ceiling = budget / 60.0 * PageSize / 1.01;
        var rows = new List<IReadOnlyList<string>>();
        var medians = new Dictionary<(int Scale, string Client), Measured>();
        // A prebuilt --connector may accept a config the repository's JIT build rejects: measure it alone.
        var launchers = _aot is null ? new[] { _jit } : options.ConnectorPaths.Count == 0 ? [_aot, _jit] : [_aot, .. _extra];
        const string Bare = "bare HTTP client";
        const string BareOnePass = "bare HTTP client, one pass";

        string? rejection = null;
        foreach (var scale in options.ThroughputScales)
        {
            Progress($"throughput: emulator at {Scale(scale)} candidates");
            await using var emulator = await EmulatorProcess.StartAsync(scale);
            await DiscoverAsync(emulator);
            rejection ??= budget < UnlimitedBudget ? CheckRejection(WriteConfig(emulator.Url, UnlimitedBudget, 4)) : string.Empty;
            var config = WriteConfig(emulator.Url, budget, 4);
            var catalog = WriteCatalog(name => name == "candidates", incremental: false);

            // Warm the emulator up (JIT tiers, connection set-up) so the first measured client is not penalised.
            await BareAsync(emulator, maxPages: 300);

            var runs = new List<Measured>();
            var repeats = options.Repeats ?? (scale >= 1_000_000 ? 1 : 3);
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                runs.Add(await BareAsync(emulator, maxPages: null));
                runs.Add(await BareAsync(emulator, maxPages: null, windows: 1) with { Client = BareOnePass });
                foreach (var launcher in launchers)
                {
                    var cpuBefore = emulator.Cpu;
                    var result = await ReadAsync(launcher, config, catalog);
                    var emulatorCpu = (emulator.Cpu - cpuBefore).TotalSeconds;
                    if (result.Output.Records != scale)
                    {
                        throw new InvalidOperationException($"{launcher.Label} emitted {result.Output.Records} records, expected {scale}");
                    }

                    runs.Add(new Measured(launcher.Label, scale, result.Wall.TotalSeconds, result.Wall.TotalSeconds, result.Output.Bytes, result.CpuSeconds, result.PeakRssMb, emulatorCpu));
                    Progress($"  {launcher.Label}: {F0(scale / result.Wall.TotalSeconds)} records/s, {F1(result.PeakRssMb)} MB peak");
                }
            }

            foreach (var group in runs.GroupBy(r => r.Client))
            {
                // The median run by records/s stands for the client at this size.
                var ordered = group.OrderBy(r => r.RecordsPerSecond).ToList();
                medians[(scale, group.Key)] = ordered[(ordered.Count - 1) / 2];
            }

            var bare = medians[(scale, Bare)];
            foreach (var client in new[] { Bare, BareOnePass }.Concat(launchers.Select(l => l.Label)))
            {
                var m = medians[(scale, client)];
                var isBare = client == Bare;
                var isClient = client is Bare or BareOnePass;
                rows.Add(
                [
                    Scale(scale),
                    client,
                    F0(m.RecordsPerSecond),
                    isBare ? "1.00 ×" : Ratio(m.RecordsPerSecond / bare.RecordsPerSecond),
                    isClient ? "—" : F1(m.StdoutBytes / m.Seconds / 1e6),
                    F2(m.Seconds),
                    F2(m.Cpu),
                    F1(m.Cpu / scale * 1e6),
                    F1(m.RssMb),
                    F2(m.EmulatorCpu),
                    isClient ? "—" : budget < UnlimitedBudget ? $"{budget.ToString("#,0", CultureInfo.InvariantCulture)}/min: caps at {F0(ceiling)} records/s" : $"{budget.ToString("#,0", CultureInfo.InvariantCulture)}/min: no limit",
                ]);
            }
        }

        _sections.Line("## 1. Throughput at zero latency").Line();
        _sections.Line($"A full read of `candidates` (full refresh, page size {PageSize}) from an emulator with no added latency, at {string.Join(", ", options.ThroughputScales.Select(Scale))} records.")
            .Line($"The connector runs with `requests_per_minute: {budget.ToString("#,0", CultureInfo.InvariantCulture)}`{(budget < UnlimitedBudget ? $", the highest its spec accepts (`check` with the {UnlimitedBudget.ToString("#,0", CultureInfo.InvariantCulture)} meant to take the budget out of the way answers: \"{rejection}\"). That budget **does** limit this run: 100 requests/s of 100 records, spaced with the budget's 1% headroom, is a ceiling of {F0(ceiling)} records/s" : ", so the budget does not limit it")}.")
            .Line($"The bare client fetches the same pages (the connector's {ConnectorWindows} creation-time windows, one after another; same body, Basic auth and")
            .Line("keep-alive, one request at a time) and discards them. The emulator shares this machine's two cores and spends about a third more")
            .Line("CPU on a windowed page than on a page of one pass, so the bare client is shown reading one pass too; the connector is judged")
            .Line("against the same pages it reads. A bare client's")
            .Line("records/s is timed from its first request to its last byte, the connector's from process start to exit. Each figure is the")
            .Line($"median of {options.Repeats ?? 3} runs{(options.Repeats is null ? " (1 run at 1M)" : string.Empty)}; MB/s is 10⁶ bytes of connector stdout per second; emulator CPU is what the emulator used during the run.")
            .Line();
        _sections.Table([">candidates", "client", ">records/s", ">× bare", ">MB/s stdout", ">wall s", ">CPU s (user+sys)", ">CPU µs/record", ">peak RSS MB", ">emulator CPU s", "connector budget (requests_per_minute)"], rows);

        var largest = options.ThroughputScales[^1];
        var smallest = options.ThroughputScales[0];
        var judged = _connector.Label;
        var ratios = options.ThroughputScales.Select(s => (Scale: s, Ratio: medians[(s, judged)].RecordsPerSecond / medians[(s, Bare)].RecordsPerSecond)).ToList();
        var budgetNote = budget < UnlimitedBudget ? $"; budget capped at {budget.ToString("#,0", CultureInfo.InvariantCulture)}/min by the spec = {F0(ceiling)} records/s" : string.Empty;

        // Below 100k a read lasts a fraction of a second, so start-up weighs on it more than records do.
        var judgedRatios = ratios.Where(r => r.Scale >= ThroughputJudgedFrom).ToList();
        _targets.Add(new TargetRow("1", "throughput (candidates, zero latency)", $"connector ≥ {ThroughputTarget:0.0} × bare client records/s at {Scale(ThroughputJudgedFrom)} and above",
            string.Join(", ", ratios.Select(r => $"{Scale(r.Scale)}: {Ratio(r.Ratio)}")) + $" ({F0(medians[(largest, judged)].RecordsPerSecond)} vs {F0(medians[(largest, Bare)].RecordsPerSecond)} records/s at {Scale(largest)}{budgetNote}); "
                + "against one pass: " + string.Join(", ", options.ThroughputScales.Select(s => $"{Scale(s)}: {Ratio(medians[(s, judged)].RecordsPerSecond / medians[(s, BareOnePass)].RecordsPerSecond)}")),
            judgedRatios.Count == 0 ? null : judgedRatios.All(r => r.Ratio >= ThroughputTarget)));

        var peakLarge = medians[(largest, judged)].RssMb;
        var peakSmall = medians[(smallest, judged)].RssMb;
        _targets.Add(new TargetRow("2a", $"peak RSS at {Scale(largest)} candidates", "≤ 100 MB", $"{F1(peakLarge)} MB", peakLarge <= 100));
        _targets.Add(new TargetRow("2b", "peak RSS flat in data size", $"{Scale(largest)} ≤ 1.3 × {Scale(smallest)}", $"{F1(peakLarge)} / {F1(peakSmall)} MB = {Ratio(peakLarge / peakSmall)}", peakLarge <= 1.3 * peakSmall));
        if (options.ThroughputScales.Count >= 3)
        {
            // Growth with data size and growth during start-up look alike in a two-point ratio; the middle size tells them apart.
            var middle = options.ThroughputScales[^2];
            var peakMiddle = medians[(middle, judged)].RssMb;
            _notes.Add($"Peak RSS of the judged build by size: {string.Join(", ", options.ThroughputScales.Select(s => $"{Scale(s)} {F1(medians[(s, judged)].RssMb)} MB ({F2(medians[(s, judged)].Seconds)} s)"))}; {Scale(largest)} / {Scale(middle)} = {Ratio(peakLarge / peakMiddle)}.");
        }

        if (launchers.Length > 1 && launchers.Contains(_jit))
        {
            var jitLarge = medians[(largest, _jit.Label)].RssMb;
            var jitSmall = medians[(smallest, _jit.Label)].RssMb;
            _notes.Add($"Memory of the JIT build, not judged (the image ships NativeAOT): {F1(jitLarge)} MB at {Scale(largest)}, {F1(jitSmall)} MB at {Scale(smallest)} ({Ratio(jitLarge / jitSmall)}).");
        }
    }

    /// <summary>What <c>check</c> says about a config, when it refuses it.</summary>
    private string CheckRejection(string config)
    {
        foreach (var line in RunText(_connector, ["check", "--config", config]).Split('\n'))
        {
            var status = JsonNode.Parse(line)?["connectionStatus"];
            if (status is not null)
            {
                return (string?)status["status"] == "FAILED" ? (string?)status["message"] ?? "FAILED" : "accepted";
            }
        }

        return "no answer";
    }

    /// <summary>
    /// The creation-time windows of the connector's full pass of <c>candidate.list</c> (WindowedPass.Windows in
    /// src/AshbySource/Streams): the bare client reads the same windows, so the emulator, which shares the machine,
    /// does the same work for both.
    /// </summary>
    private const int ConnectorWindows = 40;

    /// <summary>Runs the bare client as a child process and returns its measurement.</summary>
    private async Task<Measured> BareAsync(EmulatorProcess emulator, int? maxPages, int windows = ConnectorWindows)
    {
        var launcher = Launcher.Dotnet("bare HTTP client", Repo.BenchDll);
        List<string> arguments = ["bare", emulator.Url, "candidate.list", PageSize.ToString(CultureInfo.InvariantCulture), ApiKey];
        arguments.Add(maxPages is { } pages ? pages.ToString(CultureInfo.InvariantCulture) : "all");
        arguments.Add(windows.ToString(CultureInfo.InvariantCulture));

        var cpuBefore = emulator.Cpu;
        var scanner = new OutputScanner();
        var result = await Child.RunAsync(launcher, arguments, work, scanner);
        var emulatorCpu = (emulator.Cpu - cpuBefore).TotalSeconds;
        NoteLoad();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the bare client failed: {result.Stderr}");
        }

        var summary = JsonNode.Parse(scanner.LastOtherLine ?? "{}");
        var seconds = summary?["seconds"]?.GetValue<double>() ?? result.Wall.TotalSeconds;
        var fetched = summary?["pages"]?.GetValue<long>() ?? 0;
        // Each window ends with a page of its own, full or not: between ⌈rows / page size⌉ and that plus a page a window.
        var expected = (emulator.Scale + PageSize - 1) / PageSize;
        if (maxPages is null && (fetched < expected || fetched > expected + windows))
        {
            throw new InvalidOperationException($"the bare client fetched {fetched} pages, expected {expected} to {expected + windows}");
        }

        return new Measured("bare HTTP client", emulator.Scale, seconds, result.Wall.TotalSeconds, 0, result.CpuSeconds, result.PeakRssMb, emulatorCpu);
    }
}
