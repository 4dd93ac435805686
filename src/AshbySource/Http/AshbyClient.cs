using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using AshbySource.Configuration;
using AshbySource.Protocol;
using Polly;
using Polly.Retry;

namespace AshbySource.Http;

/// <summary>
/// Calls one Ashby RPC endpoint (<c>POST /{endpoint}</c> with a JSON body) and returns the parsed answer only when
/// it is a success; everything else is thrown as an <see cref="AshbyApiException"/> carrying the error table's
/// resolution. One resilience pipeline (total timeout → retry) runs around the whole attempt: wait for the
/// shared rate budget, then within the attempt timeout send, read and parse the body, classify.
/// </summary>
internal sealed class AshbyClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ResiliencePropertyKey<Call> CallKey = new("ashby.call");

    private readonly HttpClient _http;
    private readonly AshbyHttpOptions _options;
    private readonly ConnectorLog _log;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    /// <summary>Whether an Ashby envelope has come back in this run: before it, a wrong base_url is the likely cause of a failure.</summary>
    private volatile bool _answered;

    public AshbyClient(SourceConfig config, AshbyHttpOptions options, ConnectorLog log)
    {
        _options = options;
        _log = log;
        Budget = new RateBudget(config.RequestsPerMinute, options.Time);
        var handler = options.PrimaryHandler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,

            // Ashby does not redirect its API: a redirect means a wrong base_url or a proxy, and following it would
            // send the API key to another host and turn that host's 401 into "Ashby rejected the API key".
            AllowAutoRedirect = false,

            // Connections are renewed now and then so a changed DNS answer is picked up in a long sync.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: options.PrimaryHandler is null)
        {
            BaseAddress = config.BaseUrl,

            // Timeouts belong to the resilience pipeline, which runs on the injected TimeProvider.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ApiKey + ":")));
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json; version=1");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"source-ashby/{ConnectorInfo.Version}");
        _http.DefaultRequestHeaders.Add(ApiVersionWatch.VersionHeader, config.ApiVersion);
        ApiVersion = new ApiVersionWatch(config.ApiVersion, log);
        _pipeline = BuildPipeline();
    }

    /// <summary>What Ashby said in this run of the API version the connector asks for.</summary>
    public ApiVersionWatch ApiVersion { get; }

    /// <summary>The request budget of the whole run, shared by every stream.</summary>
    public RateBudget Budget { get; }

    /// <summary>A collector for the long rate-limit waits of one stream's requests.</summary>
    public RateLimitNotices CreateNotices() => new(_options.Time, _options.LongWait);

    /// <summary>
    /// Posts <paramref name="jsonBody"/> and returns the page, which the caller disposes. Long rate-limit waits
    /// are reported to <paramref name="notices"/>.
    /// </summary>
    public async Task<AshbyEnvelope> PostAsync(string endpoint, byte[] jsonBody, RateLimitNotices? notices, CancellationToken cancellationToken)
    {
        var call = new Call(endpoint, jsonBody, notices, _options.Time.GetUtcNow());
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Outcome<AttemptResult> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(static (context, client) => client.AttemptOutcomeAsync(context), context, this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            // A cancellation or a bug is not Ashby's to answer for: it propagates as it is. What remains is the
            // backstop over the whole request running out.
            if (cancellationToken.IsCancellationRequested || exception is not Polly.Timeout.TimeoutRejectedException)
            {
                ExceptionDispatchInfo.Throw(exception);
            }

            var giveUp = AshbyErrorClassifier.GaveUp(endpoint, call.LastFailure ?? "no answer", call.Attempts, _options.Time.GetUtcNow() - call.Started);
            throw new AshbyApiException(giveUp, endpoint, null, exception.Message, null, exception);
        }

        using var result = outcome.Result!;
        if (result.Failure is { } failure)
        {
            throw new AshbyApiException(call.GiveUp ?? failure, endpoint, result.Status, result.AshbyMessage, result.RequestId);
        }

        return result.TakePage();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Total timeout → retry → attempt. The retry strategy asks <see cref="ShouldRetry"/>, which decides by time as
    /// well as by count and picks the delay; the attempt keeps its own timeout so that waiting for the rate
    /// budget is not counted against it.
    /// </summary>
    private ResiliencePipeline<AttemptResult> BuildPipeline() => new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _options.Time }
        .AddTimeout(_options.TotalTimeout)
        .AddRetry(new RetryStrategyOptions<AttemptResult>
        {
            // The limits are ShouldRetry's: a count for failures, a time for throttling; each is bounded.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context.Properties.GetValue(CallKey, null!), args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(CallKey, null!).NextDelay),
            OnRetry = args =>
            {
                var call = args.Context.Properties.GetValue(CallKey, null!);
                _log.Warn($"Retrying {call.Endpoint} in {args.RetryDelay.TotalSeconds:0.0} s after: {call.LastFailure} (attempt {call.Attempts + 1}).");
                if (args.RetryDelay >= _options.LongWait && args.Outcome.Result?.Failure?.Action == ResponseAction.Throttle)
                {
                    call.Notices?.Report(_options.Time.GetUtcNow() + args.RetryDelay);
                }

                return default;
            },
        })
        .Build();

    /// <summary>
    /// Whether a failed attempt is sent again, and after how long. Throttling (429, or a throttling code with
    /// HTTP 200) is retried for <see cref="AshbyHttpOptions.ThrottleWindow"/> of unbroken throttling, waiting
    /// for <c>Retry-After</c>; other retried failures for <see cref="AshbyHttpOptions.MaxRetries"/> retries
    /// within <see cref="AshbyHttpOptions.FailureWindow"/>. When a limit is reached, the resolution the user sees
    /// says which one.
    /// </summary>
    private bool ShouldRetry(Call call, Outcome<AttemptResult> outcome)
    {
        if (outcome.Result?.Failure is not { IsRetried: true } failure)
        {
            return false;
        }

        var result = outcome.Result;
        var now = _options.Time.GetUtcNow();
        call.LastFailure = result.Description;
        if (failure.Action == ResponseAction.Throttle)
        {
            call.ThrottledSince ??= call.AttemptStarted;
            var wait = result.RetryAfter ?? Backoff(call.ThrottleRetries);
            wait = wait < _options.MinimumThrottleDelay ? _options.MinimumThrottleDelay : wait;
            if (now + wait - call.ThrottledSince.Value >= _options.ThrottleWindow)
            {
                call.GiveUp = AshbyErrorClassifier.RateLimited(call.Endpoint, _options.ThrottleWindow);
                return false;
            }

            call.ThrottleRetries++;
            call.NextDelay = wait;
            return true;
        }

        call.ThrottledSince = null;
        call.FailingSince ??= call.AttemptStarted;
        var delay = result.RetryAfter ?? Backoff(call.FailureRetries);
        if (call.FailureRetries >= _options.MaxRetries || now + delay - call.FailingSince.Value >= _options.FailureWindow)
        {
            call.GiveUp = AshbyErrorClassifier.GaveUp(call.Endpoint, result.Description ?? failure.Code ?? "failure", call.Attempts, now - call.Started);
            return false;
        }

        call.FailureRetries++;
        call.NextDelay = delay;
        return true;
    }

    /// <summary>Exponential back-off with jitter over the upper half, so that concurrent streams spread out.</summary>
    private TimeSpan Backoff(int retry)
    {
        var exponential = _options.BaseDelay * Math.Pow(2, Math.Min(retry, 30));
        var capped = exponential > _options.MaxDelay ? _options.MaxDelay : exponential;
        return capped * (0.5 + (0.5 * (_options.Randomizer ?? Random.Shared.NextDouble)()));
    }

    /// <summary>One attempt as an outcome: Polly's outcome-based execution expects exceptions as values, not thrown.</summary>
    private async ValueTask<Outcome<AttemptResult>> AttemptOutcomeAsync(ResilienceContext context)
    {
        try
        {
            return Outcome.FromResult(await AttemptAsync(context.Properties.GetValue(CallKey, null!), context.CancellationToken));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<AttemptResult>(ex);
        }
    }

    /// <summary>One attempt: wait for the budget, then within the attempt timeout send, read and parse the body, classify.</summary>
    private async Task<AttemptResult> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        await Budget.AcquireAsync(_options.LongWait, call.Notices is null ? null : call.Notices.Report, cancellationToken);
        call.Attempts++;
        call.AttemptStarted = _options.Time.GetUtcNow();
        using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            return await SendAsync(call, linked.Token);
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = _options.AttemptTimeout.TotalSeconds;
            return AttemptResult.Failed(AshbyErrorClassifier.Resolve(call.Endpoint, AttemptFault.Timeout), null, $"no complete answer within {seconds:0.#} s");
        }
        catch (Exception ex) when (AshbyErrorClassifier.FaultOf(ex) == AttemptFault.Network)
        {
            return ConnectionFailed(call.Endpoint, ex);
        }
    }

    private async Task<AttemptResult> SendAsync(Call call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Endpoint) { Content = new ByteArrayContent(call.Body) };

        // Ashby needs the content type even for an empty body (an answer of HTTP 400 otherwise).
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        ApiVersion.Observe(response);
        var body = await ResponseBody.ReadAsync(response.Content, cancellationToken);
        var result = Classify(call.Endpoint, response, body);
        if (result.Failure?.Action == ResponseAction.Throttle)
        {
            var partner = response.Headers.TryGetValues("X-RateLimit-Scope", out var scopes)
                && scopes.Any(s => s.Contains("integration-partner", StringComparison.OrdinalIgnoreCase));
            Budget.OnThrottled(result.RetryAfter, partner);
        }
        else if (response.IsSuccessStatusCode && result.Failure is not { IsRetried: true })
        {
            Budget.OnSuccess();
        }

        return result;
    }

    /// <summary>
    /// A connection that failed before an answer. Before Ashby has answered once in this run, a refused
    /// connection, a name that does not resolve or a TLS handshake that fails mean a wrong base_url far more
    /// often than an outage, and retrying would not change them: the user hears at once which address failed how.
    /// </summary>
    private AttemptResult ConnectionFailed(string endpoint, Exception exception)
    {
        var what = exception is HttpRequestException request ? DescribeConnectionFailure(request) : null;
        if (what is not null && !_answered)
        {
            return AttemptResult.Failed(AshbyErrorClassifier.WrongAddress(AddressOf(endpoint), what), null, what);
        }

        return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.Network), null, what ?? exception.Message);
    }

    /// <summary>What a connection failure that a wrong address explains was; null for other network failures.</summary>
    private static string? DescribeConnectionFailure(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved (DNS lookup failed)",
        HttpRequestError.SecureConnectionError => exception.InnerException is System.Security.Authentication.AuthenticationException
            ? "the TLS handshake failed: the server's certificate is not trusted"
            : "the TLS handshake failed",
        HttpRequestError.ConnectionError when exception.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } =>
            "the connection was refused",
        _ => null,
    };

    private Uri AddressOf(string endpoint) => new(_http.BaseAddress!, endpoint);

    private AttemptResult Classify(string endpoint, HttpResponseMessage response, ResponseBody body)
    {
        var status = response.StatusCode;
        if (body.TooLarge)
        {
            return AttemptResult.Failed(AshbyErrorClassifier.TooLarge(endpoint, ResponseBody.MaxBodyBytes), status, "the answer is too large");
        }

        if (body.Unreadable is { } unreadable)
        {
            return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.UnreadableBody), status, unreadable, unreadable);
        }

        var code = (int)status;
        if (code is >= 300 and < 400)
        {
            body.Envelope?.Dispose();
            var location = response.Headers.Location?.ToString() ?? "an address it did not name";
            var redirect = _answered
                ? AshbyErrorClassifier.Redirected(endpoint, status, location)
                : AshbyErrorClassifier.WrongAddress(AddressOf(endpoint), $"it redirects (HTTP {code}) to {location}");
            return AttemptResult.Failed(redirect, status, $"HTTP {code} to {location}");
        }

        var page = body.Envelope;

        // An Ashby envelope is Ashby's answer, except with HTTP 404: Ashby answers an endpoint it does not have that
        // way, which on the first request means a base_url with a path (such as /v1) rather than a missing endpoint.
        if (page?.Success is not null && code != 404)
        {
            _answered = true;
        }
        else if (!_answered && NotAshby(status, body) is { } what)
        {
            page?.Dispose();
            return AttemptResult.Failed(AshbyErrorClassifier.WrongAddress(AddressOf(endpoint), what), status, what, body.StartOfText);
        }

        if (response.IsSuccessStatusCode)
        {
            if (page is null)
            {
                return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.UnreadableBody), status, "Ashby's answer was cut off or is not JSON", body.StartOfText);
            }

            if (page.Success == true)
            {
                return AttemptResult.Succeeded(page);
            }

            if (page.Success is null)
            {
                page.Dispose();
                return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.NotAnEnvelope), status, "the answer is not an Ashby envelope");
            }
        }

        using (page)
        {
            var message = page?.ErrorMessage ?? body.StartOfText ?? response.ReasonPhrase;
            var resolution = ApiVersionWatch.SaysRemoved(response)
                ? AshbyErrorClassifier.VersionRemoved(endpoint, page?.ErrorCode, message, page?.RequestId)
                : AshbyErrorClassifier.Resolve(endpoint, status, page?.ErrorCode, message, page?.RequestId);
            var retryAfter = RetryAfter.Read(response, _options.Time);
            var capped = retryAfter > _options.MaxRetryAfter ? _options.MaxRetryAfter : retryAfter;
            var description = response.IsSuccessStatusCode ? $"Ashby answered with the temporary error {page?.ErrorCode}" : $"HTTP {code}";
            return AttemptResult.Failed(resolution, status, description, message, page?.RequestId, capped);
        }
    }

    /// <summary>
    /// Why an answer that is not an Ashby envelope, to the first request of the run, says the address is wrong;
    /// null when it may still be Ashby's (401/403 of a bad key, throttling, 5xx of an outage, cut-off JSON).
    /// </summary>
    private static string? NotAshby(HttpStatusCode status, ResponseBody body) => (int)status switch
    {
        401 or 403 or 408 or 429 or >= 500 => null,
        >= 400 and var code when body.Envelope?.Success is not null =>
            $"it answered HTTP {code} with Ashby's error ({AshbyErrorClassifier.Quote(body.Envelope.ErrorCode, body.Envelope.ErrorMessage, body.Envelope.RequestId)}), so no Ashby endpoint is at this path",
        >= 400 and var code => $"it answered HTTP {code} ({status}), so there is no Ashby API at this path",
        _ when body.Envelope is not null => "it answered with JSON that is not an Ashby answer (no 'success' field)",
        _ when !body.StartsLikeJson => "it answered with something that is not JSON (a web page?), not an Ashby answer",
        _ => null,
    };

    /// <summary>What one call sends, and the state of its retries, carried through the pipeline's context to every attempt.</summary>
    private sealed class Call(string endpoint, byte[] body, RateLimitNotices? notices, DateTimeOffset started)
    {
        public string Endpoint { get; } = endpoint;

        public byte[] Body { get; } = body;

        public RateLimitNotices? Notices { get; } = notices;

        public DateTimeOffset Started { get; } = started;

        public int Attempts { get; set; }

        public DateTimeOffset AttemptStarted { get; set; }

        /// <summary>Start of the first failed attempt that was not throttled.</summary>
        public DateTimeOffset? FailingSince { get; set; }

        public int FailureRetries { get; set; }

        /// <summary>Start of the first attempt of the current unbroken run of throttled answers.</summary>
        public DateTimeOffset? ThrottledSince { get; set; }

        public int ThrottleRetries { get; set; }

        public TimeSpan NextDelay { get; set; }

        public string? LastFailure { get; set; }

        /// <summary>Set when a limit ended the retries: what the user is told instead of the last failure's row.</summary>
        public ErrorResolution? GiveUp { get; set; }
    }
}
