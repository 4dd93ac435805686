using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using AshbyEmulator.Data;
using FaultNames = AshbyEmulator.Faults.FaultClasses;

namespace AshbyEmulator;

/// <summary>Settings of one emulator instance; parsed from the command line or built by tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Fault classes understood by <c>--faults</c> and <c>POST /_admin/faults</c>.</summary>
    public static readonly IReadOnlyList<string> FaultClasses = FaultNames.Names;

    /// <summary>Listen address; must be loopback (<c>127.0.0.1</c>, <c>[::1]</c> or <c>localhost</c>). Port 0 = any free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Data seed: same seed and scale ⇒ byte-identical data.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Number of candidates; every other table's size derives from it.</summary>
    public int Scale { get; set; } = 1000;

    /// <summary>Delay added to every API request.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Requests per minute per API key; 0 = unlimited.</summary>
    public int RateLimitPerMinute { get; set; }

    /// <summary>Length of the rate limit's sliding window (Ashby's is a minute); tests may shorten it.</summary>
    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>The clock for rate limits, TTLs, latency, the slow fault and request stats; tests pass a fake one.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Test-only tables served after the built-in ones.</summary>
    internal IReadOnlyList<TableSpec> ExtraTables { get; set; } = [];

    /// <summary>Fault classes to inject (see <see cref="FaultClasses"/>).</summary>
    public IReadOnlyList<string> Faults { get; set; } = [];

    /// <summary>Fraction of API requests that get a fault when <see cref="Faults"/> is not empty.</summary>
    public double FaultRate { get; set; } = 0.1;

    public long FaultSeed { get; set; } = 1;

    /// <summary>How long the <c>slow</c> fault stalls before answering.</summary>
    public int SlowMs { get; set; } = 30_000;

    /// <summary>syncToken lifetime; 0 = never expires.</summary>
    public int TokenTtlSeconds { get; set; }

    /// <summary>Page cursor lifetime; 0 = never expires.</summary>
    public int CursorTtlSeconds { get; set; }

    /// <summary>Incremental passes needing more pages than this (at the request's limit) get incremental_sync_too_large.</summary>
    public int IncrementalPageCap { get; set; } = 50;

    /// <summary>
    /// Answer like a real Ashby organisation rather than a tidy one: absent keys left out instead of null or [],
    /// pages cut before rows are filtered (short and empty pages mid-pass) and a posting on several boards
    /// listed under one id. Ids, counts, tokens and mutations are the same in both modes.
    /// </summary>
    public bool Realistic { get; set; }

    /// <summary>Lifecycle status per API version (<c>--api-version-status</c>); versions not named keep their default.</summary>
    public IReadOnlyDictionary<string, string> ApiVersionStatuses { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Write the demo keys banner to stderr at start.</summary>
    public bool PrintBanner { get; set; } = true;

    public bool ShowHelp { get; private init; }

    public const string Usage = """
        ashby-emulator — a sandbox Ashby API (https://api.ashbyhq.com) for tests, demos and benchmarks.

        Usage: dotnet ashby-emulator.dll [options]

          --urls URL                      listen address, loopback only (default http://127.0.0.1:0; port 0 = free port)
          --seed N                        data seed (default 42)
          --scale N                       number of candidates; other tables derive from it (default 1000)
          --latency-ms N                  delay added to every API request (default 0)
          --rate-limit-per-minute N       per-key limit, 429 + Retry-After when exceeded (default 0 = off)
          --rate-limit-window-seconds N   length of the limit's sliding window (default 60)
          --faults a,b,c                  inject faults: 429, 429-no-retry-after, 429-partner, 500, 502, 503, 504,
                                          reset, truncate, slow, transient200 (default none)
          --fault-rate X                  fraction of requests faulted (default 0.1)
          --fault-seed N                  fault decision seed (default 1)
          --slow-ms N                     stall of the 'slow' fault (default 30000)
          --token-ttl-seconds N           syncToken lifetime (default 0 = never expires)
          --cursor-ttl-seconds N          cursor lifetime (default 0 = never expires)
          --incremental-page-cap N        max pages of an incremental pass (default 50)
          --realistic                     answer like a real organisation: null and [] keys left out, short and
                                          empty pages mid-pass, one posting id across job boards
          --api-version-status V=STATUS   lifecycle status of API version V: active, deprecated, unsupported or
                                          removed (repeatable or comma-separated; default 2026-01-01=active)
          --quiet                         do not print the demo-key banner on stderr
          --help                          show this text

        On start the only stdout line is: ashby-emulator listening on http://127.0.0.1:PORT
        Admin API (no auth): /_admin/mutate, /_admin/ids, /_admin/stats, /_admin/stats/reset, /_admin/expire,
        /_admin/inject, /_admin/faults, /_admin/versions, /_admin/info — see README.md next to the sources.
        """;

    private static readonly Option<string> UrlsOption = new("--urls");
    private static readonly Option<long> SeedOption = Parsed("--seed", ParseLong);
    private static readonly Option<int> ScaleOption = Parsed("--scale", (name, v) => ParseInt(name, v, 1));
    private static readonly Option<int> LatencyOption = Parsed("--latency-ms", (name, v) => ParseInt(name, v, 0));
    private static readonly Option<int> RateLimitOption = Parsed("--rate-limit-per-minute", (name, v) => ParseInt(name, v, 0));
    private static readonly Option<int> RateLimitWindowOption = Parsed("--rate-limit-window-seconds", (name, v) => ParseInt(name, v, 1));
    private static readonly Option<IReadOnlyList<string>> FaultsOption = Parsed("--faults", (_, v) => ParseFaults(v));
    private static readonly Option<double> FaultRateOption = Parsed("--fault-rate", ParseRate);
    private static readonly Option<long> FaultSeedOption = Parsed("--fault-seed", ParseLong);
    private static readonly Option<int> SlowOption = Parsed("--slow-ms", (name, v) => ParseInt(name, v, 0));
    private static readonly Option<int> TokenTtlOption = Parsed("--token-ttl-seconds", (name, v) => ParseInt(name, v, 0));
    private static readonly Option<int> CursorTtlOption = Parsed("--cursor-ttl-seconds", (name, v) => ParseInt(name, v, 0));
    private static readonly Option<int> PageCapOption = Parsed("--incremental-page-cap", (name, v) => ParseInt(name, v, 1));
    private static readonly Option<bool> RealisticOption = new("--realistic");
    private static readonly Option<bool> QuietOption = new("--quiet");
    private static readonly HelpOption HelpOption = new();

    /// <summary>Repeatable: each occurrence adds its entries, a later entry for a version wins.</summary>
    private static readonly Option<IReadOnlyDictionary<string, string>> ApiVersionStatusOption = new("--api-version-status")
    {
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => Catching(result, () => result.Tokens.Aggregate(
            (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal), (statuses, token) => ParseVersionStatuses(statuses, token.Value))),
    };

    private static readonly Command CommandLine = new("ashby-emulator")
    {
        // Anything the options do not name is reported below in the emulator's own words.
        TreatUnmatchedTokensAsErrors = false,
        Options =
        {
            UrlsOption, SeedOption, ScaleOption, LatencyOption, RateLimitOption, RateLimitWindowOption, FaultsOption, FaultRateOption,
            FaultSeedOption, SlowOption, TokenTtlOption, CursorTtlOption, PageCapOption, RealisticOption, ApiVersionStatusOption,
            QuietOption, HelpOption,
        },
    };

    /// <summary>Parses command-line arguments (<c>--name value</c> or <c>--name=value</c>); throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        // No response files: an argument starting with @ is not read as a file of arguments.
        var parsed = CommandLine.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.UnmatchedTokens is [var unknown, ..])
        {
            throw new ArgumentException($"unknown option {unknown} (try --help)");
        }

        if (parsed.Errors is [var error, ..])
        {
            throw new ArgumentException(error.Message);
        }

        var o = new EmulatorOptions { ShowHelp = parsed.GetResult(HelpOption) is not null };
        Set(UrlsOption, v => o.Urls = v);
        Set(SeedOption, v => o.Seed = v);
        Set(ScaleOption, v => o.Scale = v);
        Set(LatencyOption, v => o.LatencyMs = v);
        Set(RateLimitOption, v => o.RateLimitPerMinute = v);
        Set(RateLimitWindowOption, v => o.RateLimitWindowSeconds = v);
        Set(FaultsOption, v => o.Faults = v);
        Set(FaultRateOption, v => o.FaultRate = v);
        Set(FaultSeedOption, v => o.FaultSeed = v);
        Set(SlowOption, v => o.SlowMs = v);
        Set(TokenTtlOption, v => o.TokenTtlSeconds = v);
        Set(CursorTtlOption, v => o.CursorTtlSeconds = v);
        Set(PageCapOption, v => o.IncrementalPageCap = v);
        Set(ApiVersionStatusOption, v => o.ApiVersionStatuses = v);
        o.Realistic = parsed.GetValue(RealisticOption);
        o.PrintBanner = !parsed.GetValue(QuietOption);
        return o;

        // An option given sets its property; the others keep the defaults written on the properties.
        void Set<T>(Option<T> option, Action<T> set)
        {
            if (parsed.GetResult(option) is not null)
            {
                set(parsed.GetValue(option)!);
            }
        }
    }

    public static IReadOnlyList<string> ParseFaults(string value)
    {
        var classes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        FaultNames.Parse(classes);
        return classes;
    }

    /// <summary>Adds <c>VERSION=STATUS[,VERSION=STATUS…]</c> to <paramref name="current"/>; a later entry for a version wins.</summary>
    public static IReadOnlyDictionary<string, string> ParseVersionStatuses(IReadOnlyDictionary<string, string> current, string value)
    {
        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var version = eq > 0 ? entry[..eq].Trim() : "";
            var status = eq > 0 ? entry[(eq + 1)..].Trim() : "";
            if (!Api.ApiVersions.IsWellFormed(version) || !Api.ApiVersions.IsSettableStatus(status))
            {
                throw new ArgumentException(
                    $"--api-version-status takes VERSION=STATUS with VERSION like 2026-01-01 and STATUS one of {string.Join(", ", Api.ApiVersions.SettableStatuses)}, got '{entry}'");
            }
            result[version] = status;
        }
        return result;
    }

    private static int ParseInt(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : throw new ArgumentException($"{name} must be an integer ≥ {min}, got '{value}'");

    private static long ParseLong(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"{name} must be an integer, got '{value}'");

    private static double ParseRate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1
            ? v
            : throw new ArgumentException($"{name} must be a number in [0, 1], got '{value}'");

    /// <summary>An option of one value read by <paramref name="parse"/> (given the name and the value), whose <see cref="ArgumentException"/> is the message.</summary>
    private static Option<T> Parsed<T>(string name, Func<string, string, T> parse) => new(name)
    {
        CustomParser = result => Catching(result, () => parse(name, result.Tokens[0].Value)),
    };

    private static T? Catching<T>(ArgumentResult result, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException ex)
        {
            result.AddError(ex.Message);
            return default;
        }
    }
}
