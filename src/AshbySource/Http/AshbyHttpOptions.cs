namespace AshbySource.Http;

/// <summary>
/// Retry and timeout settings of the HTTP pipeline; tests shorten them and inject time, jitter and the handler
/// that stands in for the network.
/// </summary>
internal sealed record AshbyHttpOptions
{
    public required TimeProvider Time { get; init; }

    /// <summary>Retries after the first attempt; Ashby's own webhook sender and other clients use about 8.</summary>
    public int MaxRetries { get; init; } = 8;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of one computed back-off delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cap of a server-requested <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Waits at least this long are reported as a RATE_LIMITED stream status, keeping heartbeats alive.</summary>
    public TimeSpan LongWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Source of jitter in [0, 1); fixed in tests.</summary>
    public Func<double>? Randomizer { get; init; }

    /// <summary>Answers requests instead of the network (tests); owned by whoever created it.</summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }
}
