using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace AshbySource.Http;

/// <summary>
/// What one attempt's answer means: Ashby's page, or a failure resolved by <see cref="AshbyErrorClassifier"/>'s
/// table. Besides the table it knows what only the run can tell: before Ashby has answered once, a refused
/// connection, a redirect, an HTTP 404 or an answer that is not Ashby's mean a wrong <c>base_url</c> far more often
/// than an outage, and retrying would not change them, so the user hears at once which address failed how.
/// </summary>
internal sealed class AnswerTriage(Uri baseAddress, TimeProvider time, TimeSpan maxRetryAfter)
{
    /// <summary>Whether an Ashby envelope has come back in this run: before it, a wrong base_url is the likely cause of a failure.</summary>
    private volatile bool _answered;

    /// <summary>An answer that arrived whole (or was cut off, or is too large): a page, or a failure.</summary>
    public AttemptResult Answer(string endpoint, HttpResponseMessage response, ResponseBody body)
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
            var retryAfter = RetryAfter.Read(response, time);
            var capped = retryAfter > maxRetryAfter ? maxRetryAfter : retryAfter;
            var description = response.IsSuccessStatusCode ? $"Ashby answered with the temporary error {page?.ErrorCode}" : $"HTTP {code}";
            return AttemptResult.Failed(resolution, status, description, message, page?.RequestId, capped);
        }
    }

    /// <summary>A connection that failed before an answer; a wrong address when nothing has answered yet and the failure says so.</summary>
    public AttemptResult ConnectionFailed(string endpoint, Exception exception)
    {
        var what = exception is HttpRequestException request ? DescribeConnectionFailure(request) : null;
        if (what is not null && !_answered)
        {
            return AttemptResult.Failed(AshbyErrorClassifier.WrongAddress(AddressOf(endpoint), what), null, what);
        }

        return AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.Network), null, what ?? exception.Message);
    }

    /// <summary>No complete answer within the attempt timeout: no answer, half the headers, a stalled or trickling body.</summary>
    public static AttemptResult TimedOut(string endpoint, TimeSpan attemptTimeout) =>
        AttemptResult.Failed(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.Timeout), null, $"no complete answer within {attemptTimeout.TotalSeconds:0.#} s");

    /// <summary>What a connection failure that a wrong address explains was; null for other network failures.</summary>
    private static string? DescribeConnectionFailure(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved (DNS lookup failed)",
        HttpRequestError.SecureConnectionError => exception.InnerException is AuthenticationException
            ? "the TLS handshake failed: the server's certificate is not trusted"
            : "the TLS handshake failed",
        HttpRequestError.ConnectionError when exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            "the connection was refused",
        _ => null,
    };

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

    private Uri AddressOf(string endpoint) => new(baseAddress, endpoint);
}
