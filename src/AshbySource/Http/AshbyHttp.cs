using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AshbySource.Configuration;
using AshbySource.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace AshbySource.Http;

/// <summary>
/// The composition root of the HTTP side: one typed <see cref="AshbyClient"/> from Microsoft.Extensions.Http
/// whose handler chain is resilience (total timeout → retry → attempt timeout) → <see cref="EnvelopeHandler"/>
/// (rate budget, body parsing) → sockets.
/// </summary>
internal static class AshbyHttp
{
    public static ServiceProvider Build(SourceConfig config, AshbyHttpOptions options, ConnectorLog log, HttpMessageHandler? primaryHandler = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(options.Time);
        services.AddSingleton(options);
        services.AddSingleton(log);
        services.AddSingleton(new RateBudget(config.RequestsPerMinute, options.Time));
        services.AddTransient<EnvelopeHandler>();

        var client = services
            .AddHttpClient<AshbyClient>(http =>
            {
                http.BaseAddress = config.BaseUrl;

                // Timeouts belong to the resilience pipeline, which runs on the injected TimeProvider.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ApiKey + ":")));
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json; version=1");
                http.DefaultRequestHeaders.UserAgent.ParseAdd($"source-ashby/{ConnectorInfo.Version}");
            })
            .ConfigurePrimaryHttpMessageHandler(() => primaryHandler ?? new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        client.AddResilienceHandler("ashby", (pipeline, context) =>
        {
            pipeline.TimeProvider = options.Time;
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout });
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                // A longer Retry-After is still honoured: the rate budget holds every request until it has passed.
                MaxDelay = options.MaxDelay,
                Randomizer = options.Randomizer ?? Random.Shared.NextDouble,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(ServerRequestedDelay(args.Outcome, options)),
                OnRetry = args =>
                {
                    var what = args.Outcome.Exception is { } ex ? ex.Message : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    var request = args.Context.GetRequestMessage();
                    log.Warn($"Retrying {request?.RequestUri?.AbsolutePath.TrimStart('/')} in {args.RetryDelay.TotalSeconds:0.0} s after: {what} (retry {args.AttemptNumber + 1} of {options.MaxRetries}).");
                    if (args.RetryDelay >= options.LongWait
                        && args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
                        && request?.Options.TryGetValue(RequestObserver.Key, out var observer) == true)
                    {
                        observer.RateLimitedUntil(options.Time.GetUtcNow() + args.RetryDelay);
                    }

                    return default;
                },
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        });
        client.AddHttpMessageHandler<EnvelopeHandler>();

        return services.BuildServiceProvider();
    }

    /// <summary>What the retry strategy retries: throttling, server faults, timeouts and broken connections.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } response
            && AshbyErrorClassifier.IsTransientStatus(response.StatusCode)
            && AshbyErrorClassifier.Classify(response.StatusCode, (response.Content as EnvelopeContent)?.Envelope?.ErrorCode) == AshbyErrorKind.Transient,
        AshbyTransientException or HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>A server-requested delay (<c>Retry-After</c>), capped; null lets the exponential back-off decide.</summary>
    private static TimeSpan? ServerRequestedDelay(Outcome<HttpResponseMessage> outcome, AshbyHttpOptions options)
    {
        if (outcome.Result is not { } response || RetryAfter.Read(response, options.Time) is not { } wait)
        {
            return null;
        }

        return wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
    }
}
