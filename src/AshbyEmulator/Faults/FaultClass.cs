namespace AshbyEmulator.Faults;

/// <summary>What a faulted request sees; the wire names are those of <c>--faults</c> and <c>POST /_admin/faults</c>.</summary>
internal enum FaultClass
{
    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    RateLimited,

    /// <summary>429 without Retry-After.</summary>
    RateLimitedNoRetryAfter,

    /// <summary>429 for the combined traffic of an integration partner, <c>Retry-After: 2</c>.</summary>
    PartnerRateLimited,

    ServerError500,
    BadGateway502,
    Unavailable503,
    GatewayTimeout504,

    /// <summary>The connection is cut a third of the way into the body.</summary>
    Reset,

    /// <summary>A complete HTTP response carrying half a JSON body.</summary>
    Truncate,

    /// <summary>Stalls before answering normally.</summary>
    Slow,

    /// <summary>HTTP 200 carrying a rate_limit_exceeded error envelope.</summary>
    Transient200,
}

internal static class FaultClasses
{
    private static readonly string[] WireNames =
    [
        "429", "429-no-retry-after", "429-partner", "500", "502", "503", "504", "reset", "truncate", "slow", "transient200",
    ];

    /// <summary>Every wire name, in enum order.</summary>
    public static IReadOnlyList<string> Names => WireNames;

    public static string WireName(this FaultClass fault) => WireNames[(int)fault];

    /// <summary>Parses wire names; throws <see cref="ArgumentException"/> naming the known ones.</summary>
    public static FaultClass[] Parse(IEnumerable<string> names) =>
    [
        .. names.Select(name => Array.IndexOf(WireNames, name) is >= 0 and var i
            ? (FaultClass)i
            : throw new ArgumentException($"unknown fault class '{name}'; known: {string.Join(", ", WireNames)}")),
    ];
}
