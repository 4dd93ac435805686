using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using AshbySource.Configuration;
using AshbySource.Protocol;
using Polly;
using Polly.Retry;

namespace AshbySource.Http;

/// <summary>
/// Calls one Ashby RPC endpoint (<c>POST /{endpoint}</c> with a JSON body) and returns the parsed answer only when
/// it is a success; everything else is thrown as an <see cref="AshbyApiException"/> carrying the error table's
/// resolution. A typed client: its <see cref="HttpClient"/> comes configured from <see cref="AshbyHttp"/>. One
/// resilience pipeline (total timeout → retry) runs around the whole attempt: wait for the shared rate budget, then
/// within the attempt timeout send, read and parse the body. What the answer means is <see cref="AnswerTriage"/>'s
/// to say, whether to send it again <see cref="RetryPolicy"/>'s.
/// </summary>
internal sealed class AshbyClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ResiliencePropertyKey<Call> CallKey = new("ashby.call");

    private readonly HttpClient _http;
    private readonly AshbyHttpOptions _options;
    private readonly ConnectorLog _log;
    private readonly RetryPolicy _policy;
    private readonly AnswerTriage _triage;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private IDisposable[] _owned = [];
    private int _disposed;

    public AshbyClient(HttpClient http, SourceConfig config, AshbyHttpOptions options, ConnectorLog log)
    {
        _http = http;
        _options = options;
        _log = log;
        Budget = new RateBudget(config.RequestsPerMinute, options.Time);
        ApiVersion = new ApiVersionWatch(config.ApiVersion, log);
        _policy = new RetryPolicy(options);
        _triage = new AnswerTriage(http.BaseAddress ?? config.BaseUrl, options.Time, options.MaxRetryAfter);
        _pipeline = BuildPipeline();
    }

    /// <summary>What Ashby said in this run of the API version the connector asks for.</summary>
    public ApiVersionWatch ApiVersion { get; }

    /// <summary>The request budget of the whole run, shared by every stream.</summary>
    public RateBudget Budget { get; }

    /// <summary>A collector for the long rate-limit waits of one stream's requests.</summary>
    public RateLimitNotices CreateNotices() => new(_options.Time, _options.LongWait);

    /// <summary>
    /// Posts <paramref name="jsonBody"/> and returns the page, which the caller disposes. The request budget serves
    /// <paramref name="stream"/>'s requests by how many it has in flight (see <see cref="RateBudget.AcquireAsync"/>);
    /// long rate-limit waits are reported to <paramref name="notices"/>.
    /// </summary>
    public async Task<AshbyEnvelope> PostAsync(string endpoint, byte[] jsonBody, string? stream, RateLimitNotices? notices, CancellationToken cancellationToken)
    {
        var call = new Call(endpoint, jsonBody, stream, notices, new RetryState(endpoint, _options.Time.GetUtcNow()));
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

            throw new AshbyApiException(RetryPolicy.OutOfTime(call.State, _options.Time.GetUtcNow()), endpoint, null, exception.Message, null, exception);
        }

        using var result = outcome.Result!;
        if (result.Failure is { } failure)
        {
            throw new AshbyApiException((result.Decision as RetryDecision.GiveUp)?.Resolution ?? failure, endpoint, result.Status, result.AshbyMessage, result.RequestId);
        }

        return result.TakePage();
    }

    /// <summary>Makes the client dispose <paramref name="resources"/> with itself: what <see cref="AshbyHttp"/> composed it from.</summary>
    public void Owns(params IDisposable[] resources) => _owned = resources;

    public void Dispose()
    {
        // Disposing the composition disposes the client it made too: once is enough.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _http.Dispose();
            Budget.Dispose();
            Array.ForEach(_owned, resource => resource.Dispose());
        }
    }

    /// <summary>
    /// Total timeout → retry → attempt. The retry strategy follows the decision <see cref="RetryPolicy"/> attached
    /// to the attempt's result; the attempt keeps its own timeout so that waiting for the rate budget is not
    /// counted against it.
    /// </summary>
    private ResiliencePipeline<AttemptResult> BuildPipeline() => new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _options.Time }
        .AddTimeout(_options.TotalTimeout)
        .AddRetry(new RetryStrategyOptions<AttemptResult>
        {
            // The limits are the policy's, a count for failures and a time for each budget; each is bounded.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.Decision is RetryDecision.Retry),
            DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>((args.Outcome.Result?.Decision as RetryDecision.Retry)?.Delay),
            OnRetry = args =>
            {
                var call = args.Context.Properties.GetValue(CallKey, null!);
                _log.Warn($"Retrying {call.Endpoint} in {args.RetryDelay.TotalSeconds:0.0} s after: {call.State.LastFailure} (attempt {call.State.Attempts + 1}).");
                if (args.RetryDelay >= _options.LongWait && args.Outcome.Result?.Failure?.Action == ResponseAction.Throttle)
                {
                    call.Notices?.Report(_options.Time.GetUtcNow() + args.RetryDelay);
                }

                return default;
            },
        })
        .Build();

    /// <summary>One attempt and the policy's decision about it, as an outcome: Polly's outcome-based execution expects exceptions as values, not thrown.</summary>
    private async ValueTask<Outcome<AttemptResult>> AttemptOutcomeAsync(ResilienceContext context)
    {
        var call = context.Properties.GetValue(CallKey, null!);
        try
        {
            var result = await AttemptAsync(call, context.CancellationToken);
            var decision = _policy.Decide(call.State, result, _options.Time.GetUtcNow());
            if (decision is RetryDecision.Retry retry)
            {
                call.State = retry.Next;
            }

            return Outcome.FromResult(result.Decided(decision));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<AttemptResult>(ex);
        }
    }

    /// <summary>One attempt: wait for the budget, then within the attempt timeout send, read and parse the body, triage the answer.</summary>
    private async Task<AttemptResult> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        using var lease = await Budget.AcquireAsync(call.Stream, _options.LongWait, call.Notices is null ? null : call.Notices.Report, cancellationToken);
        call.State = call.State.Attempting(_options.Time.GetUtcNow());
        using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            return await SendAsync(call, linked.Token);
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AnswerTriage.TimedOut(call.Endpoint, _options.AttemptTimeout);
        }
        catch (Exception ex) when (AshbyErrorClassifier.FaultOf(ex) == AttemptFault.Network)
        {
            return _triage.ConnectionFailed(call.Endpoint, ex);
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
        var result = _triage.Answer(call.Endpoint, response, body);
        Budget.Learn(response, result);
        return result;
    }

    /// <summary>What one call sends, and where its retries stand, carried through the pipeline's context to every attempt.</summary>
    private sealed class Call(string endpoint, byte[] body, string? stream, RateLimitNotices? notices, RetryState state)
    {
        public string Endpoint { get; } = endpoint;

        public byte[] Body { get; } = body;

        public string? Stream { get; } = stream;

        public RateLimitNotices? Notices { get; } = notices;

        public RetryState State { get; set; } = state;
    }
}
