using System.Net;

namespace AshbySource.Http;

/// <summary>
/// The outcome of one attempt at a request, read by the retry strategy: either a usable page, or a failure with
/// the error table's resolution, the server's <c>Retry-After</c> and what to put into logs and messages.
/// </summary>
internal sealed class AttemptResult : IDisposable
{
    private AttemptResult(AshbyEnvelope? page, ErrorResolution? failure, HttpStatusCode? status, string? description, string? ashbyMessage, string? requestId, TimeSpan? retryAfter)
    {
        Page = page;
        Failure = failure;
        Status = status;
        Description = description;
        AshbyMessage = ashbyMessage;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The parsed answer of a success; its owner disposes it.</summary>
    public AshbyEnvelope? Page { get; private set; }

    /// <summary>Null on success; otherwise what the error table says to do.</summary>
    public ErrorResolution? Failure { get; }

    public HttpStatusCode? Status { get; }

    /// <summary>What went wrong, for the retry log line.</summary>
    public string? Description { get; }

    /// <summary>Ashby's own message, or the start of a body that was not JSON.</summary>
    public string? AshbyMessage { get; }

    public string? RequestId { get; }

    /// <summary>The server-requested delay, already capped; null lets the exponential back-off decide.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>What <see cref="RetryPolicy"/> made of a failure: the retry strategy reads it, the caller throws its resolution.</summary>
    public RetryDecision? Decision { get; private set; }

    public static AttemptResult Succeeded(AshbyEnvelope page) => new(page, null, HttpStatusCode.OK, null, null, null, null);

    public static AttemptResult Failed(ErrorResolution failure, HttpStatusCode? status, string description, string? ashbyMessage = null, string? requestId = null, TimeSpan? retryAfter = null) =>
        new(null, failure, status, description, ashbyMessage, requestId, retryAfter);

    /// <summary>This result with the retry policy's <paramref name="decision"/> about it.</summary>
    public AttemptResult Decided(RetryDecision? decision)
    {
        Decision = decision;
        return this;
    }

    /// <summary>Hands the page (and its pooled buffer) to the caller; disposing the result no longer frees it.</summary>
    public AshbyEnvelope TakePage()
    {
        var page = Page ?? throw new InvalidOperationException("the attempt failed");
        Page = null;
        return page;
    }

    public void Dispose() => Page?.Dispose();
}
