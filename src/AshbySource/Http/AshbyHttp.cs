using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AshbySource.Configuration;
using AshbySource.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace AshbySource.Http;

/// <summary>
/// The one place the HTTP stack is put together: Microsoft.Extensions.Http's factory makes <see cref="AshbyClient"/>
/// as a typed client, with its <see cref="HttpClient"/> (address, auth, headers) and primary handler configured here.
/// </summary>
internal static class AshbyHttp
{
    /// <summary>A client for <paramref name="config"/>'s organisation; disposing it disposes what it was made of.</summary>
    public static AshbyClient CreateClient(SourceConfig config, AshbyHttpOptions options, ConnectorLog log)
    {
        // The handler is made here rather than by the factory so that it goes with the client: the factory disposes
        // a handler only once it has expired (https://github.com/dotnet/runtime/issues/113494), and this one lives as
        // long as the client, one per command, renewing its connections itself. A test's handler stays its owner's.
        var handler = options.PrimaryHandler ?? CreatePrimaryHandler();
        var services = new ServiceCollection();
        services.AddHttpClient(nameof(AshbyClient))
            .AddTypedClient(http => new AshbyClient(http, config, options, log))
            .ConfigureHttpClient(http => Configure(http, config))
            .ConfigurePrimaryHttpMessageHandler(() => handler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)

            // The factory's request logging would have nowhere to go: the connector logs as Airbyte LOG messages.
            .RemoveAllLoggers();
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<AshbyClient>();
        client.Owns(options.PrimaryHandler is null ? [provider, handler] : [provider]);
        return client;
    }

    private static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.All,

        // Ashby does not redirect its API: a redirect means a wrong base_url or a proxy, and following it would
        // send the API key to another host and turn that host's 401 into "Ashby rejected the API key".
        AllowAutoRedirect = false,

        // Connections are renewed now and then so a changed DNS answer is picked up in a long sync.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    private static void Configure(HttpClient http, SourceConfig config)
    {
        http.BaseAddress = config.BaseUrl;

        // Timeouts belong to the resilience pipeline, which runs on the injected TimeProvider.
        http.Timeout = Timeout.InfiniteTimeSpan;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ApiKey + ":")));
        http.DefaultRequestHeaders.Accept.ParseAdd("application/json; version=1");
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"source-ashby/{ConnectorInfo.Version}");
        http.DefaultRequestHeaders.Add(ApiVersionWatch.VersionHeader, config.ApiVersion);
    }
}
