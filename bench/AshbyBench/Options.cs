using System.Globalization;

namespace AshbyBench;

/// <summary>Command-line options. The defaults are the recorded benchmark; <c>--quick</c> is for trying the bench out.</summary>
internal sealed record Options
{
    public const string Usage = """
        ashby-bench: benchmarks the source-ashby connector against the bundled Ashby emulator.

          dotnet run -c Release --project bench/AshbyBench [-- options]

          --quick              small data sets and few runs (a few minutes); does not write docs/benchmarks.md
          --only LIST          run only some sections: throughput (includes memory), latency, incremental, startup, fanout
          --output PATH        where to write the report (default docs/benchmarks.md for a full run, nowhere otherwise)
          --no-aot             skip the NativeAOT build; the JIT build is then measured everywhere
          --connector PATH     measure this prebuilt native connector binary instead of publishing NativeAOT
                               (e.g. to try a change); repeat it to compare builds in one run (the first is judged);
                               the report is then not written by default
          --repeats N          runs per client and size in the throughput section (default 3, and 1 at 1M)
          --throughput-scales A,B,C   --latency-scale N   --incremental-scale N   --fanout-applications A,B
                               other data sizes (for trying things out; the report is then not written by default)
          --compare-scale N    scale of the max_concurrent_streams 1-vs-4 comparison (default: the latency scale,
                               or half of it when a max_concurrent_streams 1 run would take over 15 minutes)
          --help               this text
        """;

    public static readonly string[] AllSections = ["throughput", "latency", "incremental", "startup", "fanout"];

    public bool Quick { get; init; }

    public IReadOnlySet<string> Sections { get; init; } = AllSections.ToHashSet(StringComparer.Ordinal);

    public string? OutputPath { get; init; }

    public bool Aot { get; init; } = true;

    public int? CompareScale { get; init; }

    /// <summary>Prebuilt native connectors to measure instead of publishing the NativeAOT build; the first is judged.</summary>
    public IReadOnlyList<string> ConnectorPaths { get; init; } = [];

    /// <summary>Runs per client and size in the throughput section (1M: one run unless given).</summary>
    public int? Repeats { get; init; }

    public IReadOnlyList<int>? ThroughputScalesOverride { get; init; }

    public int? LatencyScaleOverride { get; init; }

    public int? IncrementalScaleOverride { get; init; }

    public IReadOnlyList<int> ThroughputScales => ThroughputScalesOverride ?? (Quick ? [2_000, 20_000] : [10_000, 100_000, 1_000_000]);

    public int LatencyScale => LatencyScaleOverride ?? (Quick ? 2_000 : 100_000);

    public int LatencyMs { get; init; } = 300;

    public int IncrementalScale => IncrementalScaleOverride ?? (Quick ? 10_000 : 100_000);

    public IReadOnlyList<int>? FanOutApplicationsOverride { get; init; }

    /// <summary>Applications (the parents) of the fan-out section's data sets.</summary>
    public IReadOnlyList<int> FanOutApplications => FanOutApplicationsOverride ?? (Quick ? [2_000] : [10_000, 100_000]);

    public int StartupRuns => Quick ? 5 : 20;

    public bool ShowHelp { get; init; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        var explicitOutput = false;
        var partial = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--only":
                    var sections = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    var unknown = sections.Except(AllSections).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"unknown section(s) {string.Join(", ", unknown)}; use {string.Join(", ", AllSections)}");
                    }

                    options = options with { Sections = sections };
                    partial = true;
                    break;
                case "--output":
                    options = options with { OutputPath = Path.GetFullPath(Value()) };
                    explicitOutput = true;
                    break;
                case "--no-aot":
                    options = options with { Aot = false };
                    break;
                case "--throughput-scales":
                    options = options with { ThroughputScalesOverride = Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() };
                    partial = true;
                    break;
                case "--latency-scale":
                    options = options with { LatencyScaleOverride = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    partial = true;
                    break;
                case "--incremental-scale":
                    options = options with { IncrementalScaleOverride = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    partial = true;
                    break;
                case "--fanout-applications":
                    options = options with { FanOutApplicationsOverride = Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() };
                    partial = true;
                    break;
                case "--connector":
                    options = options with { ConnectorPaths = [.. options.ConnectorPaths, Path.GetFullPath(Value())] };
                    partial = true;
                    break;
                case "--repeats":
                    options = options with { Repeats = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    partial = true;
                    break;
                case "--compare-scale":
                    options = options with { CompareScale = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    break;
                case "--help" or "-h":
                    options = options with { ShowHelp = true };
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (!explicitOutput && !options.Quick && !partial)
        {
            options = options with { OutputPath = Path.Combine(Repo.Root, "docs", "benchmarks.md") };
        }

        return options;
    }
}
