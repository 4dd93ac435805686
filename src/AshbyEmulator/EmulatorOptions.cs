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

    public bool ShowHelp { get; private set; }

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

    /// <summary>Parses command-line arguments; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{arg} needs a value");
                }

                return args[++i];
            }
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    o.ShowHelp = true;
                    break;
                case "--quiet":
                    o.PrintBanner = false;
                    break;
                case "--realistic":
                    o.Realistic = true;
                    break;
                case "--api-version-status":
                    o.ApiVersionStatuses = ParseVersionStatuses(o.ApiVersionStatuses, Value());
                    break;
                case "--urls":
                    o.Urls = Value();
                    break;
                case "--seed":
                    o.Seed = ParseLong(arg, Value());
                    break;
                case "--scale":
                    o.Scale = ParseInt(arg, Value(), 1);
                    break;
                case "--latency-ms":
                    o.LatencyMs = ParseInt(arg, Value(), 0);
                    break;
                case "--rate-limit-per-minute":
                    o.RateLimitPerMinute = ParseInt(arg, Value(), 0);
                    break;
                case "--rate-limit-window-seconds":
                    o.RateLimitWindowSeconds = ParseInt(arg, Value(), 1);
                    break;
                case "--faults":
                    o.Faults = ParseFaults(Value());
                    break;
                case "--fault-rate":
                    o.FaultRate = ParseRate(arg, Value());
                    break;
                case "--fault-seed":
                    o.FaultSeed = ParseLong(arg, Value());
                    break;
                case "--slow-ms":
                    o.SlowMs = ParseInt(arg, Value(), 0);
                    break;
                case "--token-ttl-seconds":
                    o.TokenTtlSeconds = ParseInt(arg, Value(), 0);
                    break;
                case "--cursor-ttl-seconds":
                    o.CursorTtlSeconds = ParseInt(arg, Value(), 0);
                    break;
                case "--incremental-page-cap":
                    o.IncrementalPageCap = ParseInt(arg, Value(), 1);
                    break;
                default:
                    throw new ArgumentException($"unknown option {arg} (try --help)");
            }
        }
        return o;
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
}
