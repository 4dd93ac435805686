namespace AshbySource.Http;

/// <summary>
/// Retry and timeout settings of the HTTP pipeline; tests shorten them and inject time, jitter and the handler
/// that stands in for the network.
/// </summary>
internal sealed record AshbyHttpOptions
{
    public required TimeProvider Time { get; init; }

    /// <summary>
    /// Retries of failures that are not throttling (5xx, timeouts, broken connections) after the first attempt;
    /// Ashby's own webhook sender and other clients use about 8. Throttling is limited by <see cref="ThrottleWindow"/>.
    /// </summary>
    public int MaxRetries { get; init; } = 8;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of one computed back-off delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cap of a server-requested <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// One attempt from sending to the last byte of the body, after the rate budget let it go. Ashby answers a page
    /// of 100 records in a few seconds; 30 s leaves room for a slow page while a stalled server (no answer, half the
    /// headers, a body that stops or trickles a byte a second) costs 30 s per attempt, not minutes.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one request keeps retrying failures that are not throttling, counted from the start of the first
    /// such failed attempt: no retry starts after it. With <see cref="AttemptTimeout"/> a dead or stalled server
    /// fails the stream within 4.5 minutes (the last attempt may run 30 s past it); an Ashby outage shorter than
    /// that is ridden out, a longer one fails the stream and the next sync resumes from its checkpoint.
    /// </summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// How long one request keeps retrying while Ashby throttles it without a break. Rate-limit storms caused by
    /// other integrations sharing the organisation's limit last minutes; the count of retries does not cut them
    /// short, this time does. Every throttled retry waits at least <see cref="MinimumThrottleDelay"/>, so the
    /// number of attempts stays bounded too.
    /// </summary>
    public TimeSpan ThrottleWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The least a throttled request waits, whatever <c>Retry-After</c> says (it may say 0).</summary>
    public TimeSpan MinimumThrottleDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A backstop over every retry of one request, throttled or not.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Waits at least this long are reported as a RATE_LIMITED stream status, keeping heartbeats alive.</summary>
    public TimeSpan LongWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Source of jitter in [0, 1); fixed in tests.</summary>
    public Func<double>? Randomizer { get; init; }

    /// <summary>Answers requests instead of the network (tests); owned by whoever created it.</summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }
}
