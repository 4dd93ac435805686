namespace AshbySource.Http;

/// <summary>
/// Travels with a request (in <see cref="HttpRequestMessage.Options"/>) so the HTTP pipeline can tell the stream
/// that issued it when it is being held back by the rate limit, without knowing anything about streams.
/// </summary>
internal sealed class RequestObserver(Action<DateTimeOffset> onRateLimited)
{
    public static readonly HttpRequestOptionsKey<RequestObserver> Key = new("ashby.observer");

    /// <summary>Called with the time the wait ends when a request waits long for the rate limit.</summary>
    public void RateLimitedUntil(DateTimeOffset resumeAt) => onRateLimited(resumeAt);
}
