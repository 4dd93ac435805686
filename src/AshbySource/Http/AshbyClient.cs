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
/// resolution. One resilience pipeline (total timeout → retry → attempt timeout) runs around the whole attempt:
/// wait for the shared rate budget, send, read and parse the body, classify.
/// </summary>
internal sealed class AshbyClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ResiliencePropertyKey<Call> CallKey = new("ashby.call");

    private readonly HttpClient _http;
    private readonly AshbyHttpOptions _options;
    private readonly ConnectorLog _log;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public AshbyClient(SourceConfig config, AshbyHttpOptions options, ConnectorLog log)
    {
        _options = options;
        _log = log;
        Budget = new RateBudget(config.RequestsPerMinute, options.Time);
        var handler = options.PrimaryHandler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,

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
        _pipeline = BuildPipeline();
    }

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
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, new Call(endpoint, jsonBody, notices));
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
            // A cancellation or a bug is not Ashby's to answer for: it propagates as it is.
            var fault = cancellationToken.IsCancellationRequested ? null : AshbyErrorClassifier.FaultOf(exception);
            if (fault is null)
            {
                ExceptionDispatchInfo.Throw(exception);
            }

            throw new AshbyApiException(AshbyErrorClassifier.Resolve(endpoint, fault.Value), endpoint, null, exception.Message, null, exception);
        }

        using var result = outcome.Result!;
        if (result.Failure is { } failure)
        {
            throw new AshbyApiException(failure, endpoint, result.Status, result.AshbyMessage, result.RequestId);
        }

        return result.TakePage();
    }

    public void Dispose() => _http.Dispose();

    private ResiliencePipeline<AttemptResult> BuildPipeline() => new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _options.Time }
        .AddTimeout(_options.TotalTimeout)
        .AddRetry(new RetryStrategyOptions<AttemptResult>
        {
            MaxRetryAttempts = _options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.BaseDelay,

            // A longer Retry-After is still honoured: the rate budget holds every request until it has passed.
            MaxDelay = _options.MaxDelay,
            Randomizer = _options.Randomizer ?? Random.Shared.NextDouble,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                ? AshbyErrorClassifier.FaultOf(ex) is { } fault && AshbyErrorClassifier.IsRetried(fault)
                : args.Outcome.Result!.Failure is { IsRetried: true }),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            OnRetry = args =>
            {
                var call = args.Context.Properties.GetValue(CallKey, null!);
                var what = args.Outcome.Exception?.Message ?? args.Outcome.Result!.Description;
                _log.Warn($"Retrying {call.Endpoint} in {args.RetryDelay.TotalSeconds:0.0} s after: {what} (retry {args.AttemptNumber + 1} of {_options.MaxRetries}).");
                if (args.RetryDelay >= _options.LongWait && args.Outcome.Result?.Failure?.Action == ResponseAction.Throttle)
                {
                    call.Notices?.Report(_options.Time.GetUtcNow() + args.RetryDelay);
                }

                return default;
            },
        })
        .AddTimeout(_options.AttemptTimeout)
        .Build();

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

    /// <summary>One attempt: wait for the budget, send, read and parse the body, classify.</summary>
    private async Task<AttemptResult> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        await Budget.AcquireAsync(_options.LongWait, call.Notices is null ? null : call.Notices.Report, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Endpoint) { Content = new ByteArrayContent(call.Body) };

        // Ashby needs the content type even for an empty body (an answer of HTTP 400 otherwise).
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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

    private AttemptResult Classify(string endpoint, HttpResponseMessage response, ResponseBody body)
    {
        var status = response.StatusCode;
        if (body.Unreadable is { } unreadable)
        {
            return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.UnreadableBody), status, unreadable, unreadable);
        }

        var page = body.Envelope;
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
            var resolution = AshbyErrorClassifier.Resolve(endpoint, status, page?.ErrorCode, message);
            var retryAfter = RetryAfter.Read(response, _options.Time);
            var capped = retryAfter > _options.MaxRetryAfter ? _options.MaxRetryAfter : retryAfter;
            var description = response.IsSuccessStatusCode ? $"Ashby answered with the temporary error {page?.ErrorCode}" : $"HTTP {(int)status}";
            return AttemptResult.Failed(resolution, status, description, message, page?.RequestId, capped);
        }
    }

    /// <summary>What one call sends, carried through the pipeline's context to every attempt.</summary>
    private sealed record Call(string Endpoint, byte[] Body, RateLimitNotices? Notices);
}
