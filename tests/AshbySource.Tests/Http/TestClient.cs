using AshbySource.Configuration;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Tests.Http;

/// <summary>The tests' <see cref="AshbyClient"/>: production retry and timeout settings with fixed jitter, on a fake clock.</summary>
internal static class TestClient
{
    /// <summary>The API key of these clients: no output, log or error may contain it.</summary>
    public const string Canary = "canary-key-bounded-7f3a";

    /// <summary>
    /// A client whose requests <paramref name="handler"/> answers, logging to <paramref name="logs"/>, with the
    /// production settings unless <paramref name="tune"/> changes them.
    /// </summary>
    public static AshbyClient Create(HttpMessageHandler? handler, FakeClock time, Stream logs, Func<AshbyHttpOptions, AshbyHttpOptions>? tune = null, int requestsPerMinute = 6000)
    {
        var config = new SourceConfig { ApiKey = Canary, BaseUrl = new Uri("http://127.0.0.1:9/"), RequestsPerMinute = requestsPerMinute };
        var options = new AshbyHttpOptions { Time = time, Randomizer = () => 0.5, PrimaryHandler = handler };
        return AshbyHttp.CreateClient(config, tune is null ? options : tune(options), new ConnectorLog(new MessageWriter(logs, new SecretRedactor(), time)));
    }

    /// <summary>Posts one list request and runs it on the fake clock until it finishes.</summary>
    public static Task<AshbyEnvelope> PostOnClockAsync(this AshbyClient client, FakeClock time, string endpoint = "candidate.list") =>
        time.RunAsync(() => client.PostAsync(endpoint, "{}"u8.ToArray(), null, null, CancellationToken.None));
}
