using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace AshbyBench;

/// <summary>Command-line options. The defaults are the recorded benchmark; <c>--quick</c> is for trying the bench out.</summary>
internal sealed record Options
{
    public const string Usage = """
        ashby-bench: benchmarks the source-ashby connector against the bundled Ashby emulator.

          dotnet run -c Release --project bench/AshbyBench [-- options]

          --quick              small data sets and few runs (a few minutes); does not write docs/benchmarks.md
          --only LIST          run only some sections: throughput (includes memory), latency, incremental, startup, fanout, refresh
          --output PATH        where to write the report (default docs/benchmarks.md for a full run, nowhere otherwise)
          --no-aot             skip the NativeAOT build; the JIT build is then measured everywhere
          --connector PATH     measure this prebuilt native connector binary instead of publishing NativeAOT
                               (e.g. to try a change); repeat it to compare builds in one run (the first is judged);
                               the report is then not written by default
          --repeats N          runs per client and size in the throughput section (default 3, and 1 at 1M)
          --throughput-scales A,B,C   --latency-scale N   --incremental-scale N   --fanout-applications A,B   --refresh-scale N
                               other data sizes (for trying things out; the report is then not written by default)
          --compare-scale N    scale of the max_concurrent_streams 1-vs-4 comparison (default: the latency scale,
                               or half of it when a max_concurrent_streams 1 run would take over 15 minutes)
          --help               this text
        """;

    public static readonly string[] AllSections = ["throughput", "latency", "incremental", "startup", "fanout", "refresh"];

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

    public int? RefreshScaleOverride { get; init; }

    /// <summary>Candidates of the rolling-refresh section's data set.</summary>
    public int RefreshScale => RefreshScaleOverride ?? (Quick ? 5_000 : 100_000);

    public int StartupRuns => Quick ? 5 : 20;

    public bool ShowHelp { get; init; }

    private static readonly Option<bool> QuickOption = new("--quick");
    private static readonly Option<string> OnlyOption = new("--only");
    private static readonly Option<string> OutputOption = new("--output");
    private static readonly Option<bool> NoAotOption = new("--no-aot");
    private static readonly Option<string> ThroughputScalesOption = new("--throughput-scales");
    private static readonly Option<string> LatencyScaleOption = new("--latency-scale");
    private static readonly Option<string> IncrementalScaleOption = new("--incremental-scale");
    private static readonly Option<string> FanOutApplicationsOption = new("--fanout-applications");
    private static readonly Option<string> RefreshScaleOption = new("--refresh-scale");

    /// <summary>Repeatable: every occurrence adds a binary.</summary>
    private static readonly Option<string[]> ConnectorOption = new("--connector") { Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string> RepeatsOption = new("--repeats");
    private static readonly Option<string> CompareScaleOption = new("--compare-scale");
    private static readonly HelpOption HelpOption = new();

    private static readonly Command CommandLine = new("ashby-bench")
    {
        QuickOption, OnlyOption, OutputOption, NoAotOption, ThroughputScalesOption, LatencyScaleOption, IncrementalScaleOption,
        FanOutApplicationsOption, RefreshScaleOption, ConnectorOption, RepeatsOption, CompareScaleOption, HelpOption,
    };

    /// <summary>Options that measure something else than the recorded benchmark: the report is then not written unless asked for.</summary>
    private static readonly Option[] Partial = [OnlyOption, ThroughputScalesOption, LatencyScaleOption, IncrementalScaleOption, FanOutApplicationsOption, RefreshScaleOption, ConnectorOption, RepeatsOption];

    /// <summary>Parses the bench's arguments; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static Options Parse(IReadOnlyList<string> args)
    {
        // No response files: an argument starting with @ is not read as a file of arguments.
        var parsed = CommandLine.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors is [var error, ..])
        {
            throw new ArgumentException(error.Message);
        }

        var options = new Options
        {
            Quick = parsed.GetValue(QuickOption),
            Sections = parsed.GetValue(OnlyOption) is { } only ? ParseSections(only) : AllSections.ToHashSet(StringComparer.Ordinal),
            OutputPath = parsed.GetValue(OutputOption) is { } output ? Path.GetFullPath(output) : null,
            Aot = !parsed.GetValue(NoAotOption),
            ConnectorPaths = [.. (parsed.GetValue(ConnectorOption) ?? []).Select(Path.GetFullPath)],
            ThroughputScalesOverride = Numbers(ThroughputScalesOption),
            LatencyScaleOverride = Number(LatencyScaleOption),
            IncrementalScaleOverride = Number(IncrementalScaleOption),
            FanOutApplicationsOverride = Numbers(FanOutApplicationsOption),
            RefreshScaleOverride = Number(RefreshScaleOption),
            Repeats = Number(RepeatsOption),
            CompareScale = Number(CompareScaleOption),
            ShowHelp = parsed.GetResult(HelpOption) is not null,
        };

        if (options.OutputPath is null && !options.Quick && !Partial.Any(o => parsed.GetResult(o) is not null))
        {
            options = options with { OutputPath = Path.Combine(Repo.Root, "docs", "benchmarks.md") };
        }

        return options;

        int? Number(Option<string> option) => parsed.GetValue(option) is { } value ? ParseNumber(option.Name, value) : null;

        int[]? Numbers(Option<string> option) => parsed.GetValue(option)?.Split(',').Select(value => ParseNumber(option.Name, value)).ToArray();
    }

    private static int ParseNumber(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} takes whole numbers above 0, got '{value}'");

    private static HashSet<string> ParseSections(string value)
    {
        var sections = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = sections.Except(AllSections).ToList();
        return unknown.Count == 0
            ? sections
            : throw new ArgumentException($"unknown section(s) {string.Join(", ", unknown)}; use {string.Join(", ", AllSections)}");
    }
}
