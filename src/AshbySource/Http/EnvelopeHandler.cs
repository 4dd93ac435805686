using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AshbySource.Http;

/// <summary>
/// Runs inside every retry attempt: waits for the shared rate budget, sends, then reads and parses the whole
/// body. Reading inside the attempt means a connection reset mid-body, a cut-off JSON answer or an HTTP 200
/// carrying a throttling code are retried by the same strategy as a 503.
/// </summary>
internal sealed class EnvelopeHandler(RateBudget budget, AshbyHttpOptions options) : DelegatingHandler
{
    /// <summary>A page is at most 100 records; anything near this size is not an Ashby list answer.</summary>
    private const int MaxBodyBytes = 256 * 1024 * 1024;

    /// <summary>New bytes between two scans of a body that is still arriving.</summary>
    private const int ScanStep = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(RequestObserver.Key, out var observer);
        await budget.AcquireAsync(options.LongWait, observer is null ? null : observer.RateLimitedUntil, cancellationToken);

        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await ReplaceContentWithEnvelopeAsync(response, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            response.Dispose();
            throw new AshbyTransientException("the connection broke while Ashby's answer was being read", inner: ex);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var partner = response.Headers.TryGetValues("X-RateLimit-Scope", out var scopes)
                && scopes.Any(s => s.Contains("integration-partner", StringComparison.OrdinalIgnoreCase));
            var retryAfter = RetryAfter.Read(response, options.Time);
            budget.OnThrottled(retryAfter > options.MaxRetryAfter ? options.MaxRetryAfter : retryAfter, partner);
            return response;
        }

        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        var content = (EnvelopeContent)response.Content;
        if (content.Envelope is null)
        {
            response.Dispose();
            throw new AshbyTransientException("Ashby's answer was cut off or is not JSON");
        }

        if (content.Envelope.Success == false && AshbyErrorClassifier.Classify(response.StatusCode, content.Envelope.ErrorCode) == AshbyErrorKind.Transient)
        {
            var code = content.Envelope.ErrorCode;
            response.Dispose();
            if (code is "rate_limit_exceeded" or "concurrent_limit_exceeded")
            {
                budget.OnThrottled(null, partnerScope: false);
            }

            throw new AshbyTransientException($"Ashby answered with the temporary error {code}", code);
        }

        budget.OnSuccess();
        return response;
    }

    private static async Task ReplaceContentWithEnvelopeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var scan = new PageScan();
        var (buffer, length) = await ReadBodyAsync(response.Content, scan, cancellationToken);
        AshbyEnvelope? envelope = null;
        string? text = null;
        try
        {
            envelope = AshbyEnvelope.Parse(buffer, length, scan);
        }
        catch (JsonException)
        {
            text = Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 200));
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var original = response.Content;
        response.Content = new EnvelopeContent(envelope, text);
        original.Dispose();
    }

    /// <summary>Reads the whole body into a pooled buffer, scanning it for records as it arrives.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, PageScan scan, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < MaxBodyBytes ? (int)declared.Value + 1 : 64 * 1024);
        var length = 0;
        var scanned = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxBodyBytes)
                    {
                        throw new AshbyTransientException("Ashby's answer is larger than any list page can be");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length - scanned >= ScanStep)
                {
                    scan.Advance(buffer.AsSpan(0, length));
                    scanned = length;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
