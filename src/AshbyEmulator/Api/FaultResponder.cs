using System.IO.Pipelines;
using AshbyEmulator.Faults;
using Microsoft.AspNetCore.Http;

namespace AshbyEmulator.Api;

/// <summary>Produces the observable behaviour of each fault class.</summary>
internal sealed class FaultResponder(Responses responses, RequestClock clock)
{
    /// <summary>
    /// Answers a faulted request. <paramref name="produce"/> renders the normal response into a writer; the
    /// classes that damage a real response (reset, truncate) or delay it (slow) use it.
    /// </summary>
    public async Task RespondAsync(HttpContext ctx, FaultClass fault, ulong variant, Func<PipeWriter, Task> produce)
    {
        var response = ctx.Response;
        var output = response.BodyWriter;
        var ct = ctx.RequestAborted;
        var plain = (variant & 1) == 1;
        switch (fault)
        {
            case FaultClass.RateLimited:
                response.Headers.RetryAfter = "1";
                await responses.WriteErrorAsync(response, output, RateLimited("Rate limit exceeded. Retry after 1 second."), ct);
                break;
            case FaultClass.RateLimitedNoRetryAfter:
                await responses.WriteErrorAsync(response, output, RateLimited("Rate limit exceeded."), ct);
                break;
            case FaultClass.PartnerRateLimited:
                response.Headers.RetryAfter = "2";
                response.Headers["X-RateLimit-Scope"] = "integration-partner";
                await responses.WriteErrorAsync(response, output,
                    RateLimited("Rate limit exceeded for the combined traffic of this integration partner. Retry after 2 seconds."), ct);
                break;
            case FaultClass.ServerError500 or FaultClass.BadGateway502 or FaultClass.Unavailable503 or FaultClass.GatewayTimeout504:
                await ServerErrorAsync(response, output, int.Parse(fault.WireName(), System.Globalization.CultureInfo.InvariantCulture), plain, ct);
                break;
            case FaultClass.Transient200:
                await responses.WriteErrorAsync(response, output, new ApiError(200, "rate_limit_exceeded", "Rate limit exceeded. Please retry shortly."), ct);
                break;
            case FaultClass.Slow:
                try
                {
                    await clock.DelayAsync(clock.SlowMs, ct);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up; don't keep working for it
                }
                await produce(output);
                break;
            case FaultClass.Truncate:
            {
                var body = await RenderAsync(produce);
                var cut = Math.Max(1, body.Length / 2);
                response.ContentLength = cut;
                await output.WriteAsync(body.AsMemory(0, cut), ct);
                break;
            }
            case FaultClass.Reset:
            {
                var body = await RenderAsync(produce);
                response.ContentLength = body.Length;
                await output.WriteAsync(body.AsMemory(0, Math.Max(1, body.Length / 3)), ct);
                await output.FlushAsync(ct);
                ctx.Abort();
                break;
            }
        }
    }

    private static ApiError RateLimited(string message) => new(429, "rate_limit_exceeded", message);

    private static async Task<byte[]> RenderAsync(Func<PipeWriter, Task> produce)
    {
        using var buffer = new MemoryStream();
        var writer = PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));
        await produce(writer);
        await writer.CompleteAsync();
        return buffer.ToArray();
    }

    private Task ServerErrorAsync(HttpResponse response, PipeWriter output, int status, bool plain, CancellationToken ct)
    {
        var (code, text) = status switch
        {
            500 => ("internal_server_error", "Internal Server Error"),
            502 => ("bad_gateway", "Bad Gateway"),
            503 => ("service_unavailable", "Service Unavailable"),
            _ => ("gateway_timeout", "Gateway Timeout"),
        };
        if (!plain)
        {
            return responses.WriteErrorAsync(response, output, new ApiError(status, code, $"{text}. Please retry."), ct);
        }
        // Gateways answer with their own plain bodies, not Ashby's envelope.
        return Responses.WritePlainAsync(response, output, status, $"{status} {text}", ct);
    }
}
