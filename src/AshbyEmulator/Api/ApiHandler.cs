using System.IO.Pipelines;
using AshbyEmulator.Admin;
using AshbyEmulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AshbyEmulator.Api;

/// <summary>
/// The Ashby RPC surface: <c>POST /&lt;endpoint&gt;</c>. Checks run in the order a real edge + API would
/// apply them: method, latency, content type, faults (a flaky gateway answers before auth), authentication,
/// rate limit, permission, body validation, injected errors, then the list itself.
/// </summary>
internal sealed class ApiHandler(Emulator emulator)
{
    private const int MaxBodyBytes = 1 << 20;

    public async Task HandleAsync(HttpContext ctx)
    {
        var response = ctx.Response;
        var ct = ctx.RequestAborted;
        var path = ctx.Request.Path.Value ?? "/";
        var name = path.TrimStart('/');
        var known = Endpoints.TryGet(name, out var spec);
        emulator.Stats.Record(known ? name : null, RequestStats.NowMs());
        if (!known)
        {
            await Responses.WriteErrorAsync(response, response.BodyWriter, new ApiError(404, "not_found", $"No such endpoint: {path}"), ct);
            return;
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            response.Headers.Allow = "POST";
            await Responses.WriteErrorAsync(response, response.BodyWriter, new ApiError(405, "method_not_allowed", $"{name} only accepts POST"), ct);
            return;
        }
        try
        {
            if (emulator.LatencyMs > 0)
                await Task.Delay(emulator.LatencyMs, ct);
            if (!IsJson(ctx.Request.ContentType))
            {
                await Responses.WritePlainAsync(response, response.BodyWriter, 400, "Content-Type must be application/json", ct);
                return;
            }
            var body = await ReadBodyAsync(ctx.Request, ct);
            if (body is null)
            {
                await Responses.WritePlainAsync(response, response.BodyWriter, 413, "Request body too large", ct);
                return;
            }
            var fault = emulator.Faults.Decide(name, body, out var variant);
            if (fault is not null)
            {
                emulator.Stats.Fault(fault);
                await FaultResponder.RespondAsync(ctx, fault, variant, emulator.SlowMs, output => ProcessAsync(ctx, spec, body, output));
                return;
            }
            await ProcessAsync(ctx, spec, body, response.BodyWriter);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Client went away (or a 'reset' fault aborted the connection); nothing left to answer.
        }
    }

    /// <summary>Everything after the transport concerns; writes the response body to <paramref name="output"/>.</summary>
    private async Task ProcessAsync(HttpContext ctx, EndpointSpec spec, byte[] body, PipeWriter output)
    {
        var response = ctx.Response;
        var ct = ctx.RequestAborted;
        var auth = ApiKeys.Authenticate(ctx.Request.Headers.Authorization, out var key);
        if (auth != ApiKeys.AuthResult.Ok)
        {
            await Responses.WriteErrorAsync(response, output, auth == ApiKeys.AuthResult.Missing ? ApiError.Unauthenticated() : ApiError.InvalidKey(), ct);
            return;
        }
        if (!emulator.RateLimiter.TryAcquire(key, RequestStats.NowMs(), out var retryAfter))
        {
            emulator.Stats.RateLimited();
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Responses.WriteErrorAsync(response, output,
                new ApiError(429, "rate_limit_exceeded", $"Rate limit of {emulator.RateLimiter.PerMinute} requests per minute exceeded. Retry after {retryAfter} seconds."), ct);
            return;
        }
        if (!ApiKeys.HasScope(key, spec.Scope))
        {
            await Responses.WriteErrorAsync(response, output, ApiError.MissingPermission(spec.Name, spec.Permission), ct);
            return;
        }
        var req = ListRequest.Parse(spec, body, out var inputError);
        if (req is null)
        {
            await Responses.WriteErrorAsync(response, output, ApiError.Input(inputError), ct);
            return;
        }
        // Page of the pass this request asks for: 1 without cursor, else what the cursor says.
        var page = req.Cursor is null ? 1 : emulator.Codec.TryDecode(req.Cursor, out CursorData cursor) ? cursor.Page : 0;
        if (page > 0 && emulator.Injections.TryTake(spec.Name, page) is { } injected)
        {
            emulator.Stats.Injected();
            await Responses.WriteErrorAsync(response, output, ApiError.ForInjectedCode(injected, spec), ct);
            return;
        }
        if (spec.Table is null)
            await ListService.WriteApiKeyInfoAsync(response, output, key, ct);
        else
            await emulator.Lists.HandleAsync(response, output, spec, req, ct);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
