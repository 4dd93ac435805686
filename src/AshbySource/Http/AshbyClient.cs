using System.Net;
using System.Net.Http.Headers;
using Polly.Timeout;

namespace AshbySource.Http;

/// <summary>
/// Calls one Ashby RPC endpoint (<c>POST /{endpoint}</c> with a JSON body) and returns the parsed answer only
/// when it is a success; everything else is thrown as an <see cref="AshbyApiException"/>. Retries, the rate
/// budget and body parsing happen in the handler pipeline below it.
/// </summary>
internal sealed class AshbyClient(HttpClient http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<AshbyEnvelope> PostAsync(string endpoint, byte[] jsonBody, RequestObserver? observer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(jsonBody) };

        // Ashby needs the content type even for an empty body (an answer of HTTP 400 otherwise).
        request.Content.Headers.ContentType = Json;
        if (observer is not null)
        {
            request.Options.Set(RequestObserver.Key, observer);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (AshbyTransientException ex)
        {
            throw new AshbyApiException(AshbyErrorKind.Transient, endpoint, null, ex.Code ?? "unreadable_response", ex.Message, null, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new AshbyApiException(AshbyErrorKind.Transient, endpoint, null, "timeout", "Ashby did not answer in time", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AshbyApiException(AshbyErrorKind.Transient, endpoint, null, "network_error", ex.Message, null, ex);
        }
        catch (IOException ex)
        {
            throw new AshbyApiException(AshbyErrorKind.Transient, endpoint, null, "network_error", ex.Message, null, ex);
        }

        using (response)
        {
            var content = response.Content as EnvelopeContent;
            var envelope = content?.TakeEnvelope();
            if (response.IsSuccessStatusCode && envelope is { Success: true })
            {
                return envelope;
            }

            using (envelope)
            {
                var code = envelope?.ErrorCode;
                var kind = response.IsSuccessStatusCode && envelope?.Success is null
                    ? AshbyErrorKind.Unexpected
                    : AshbyErrorClassifier.Classify(response.StatusCode, code);
                var message = envelope?.ErrorMessage ?? content?.UnparsedText ?? response.ReasonPhrase;
                if (kind == AshbyErrorKind.Unexpected && envelope?.Success is null && response.StatusCode == HttpStatusCode.OK)
                {
                    message = "the answer is not an Ashby envelope (no 'success' field)";
                }

                throw new AshbyApiException(kind, endpoint, response.StatusCode, code, message, envelope?.RequestId);
            }
        }
    }
}
