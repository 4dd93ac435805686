using System.IO.Pipelines;
using AshbyEmulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AshbyEmulator.Api;

/// <summary>
/// The Ashby RPC surface: <c>POST /&lt;endpoint&gt;</c>. Checks run in the order a real edge + API would
/// apply them: method, latency, content type, faults (a flaky gateway answers before auth), authentication,
/// rate limit, permission, body validation, injected errors, then the list (or the one object of a per-object
/// endpoint) itself.
/// </summary>
internal sealed class ApiHandler(
    Endpoints endpoints, ListService lists, Responses responses, RequestStats stats, RequestClock clock, FaultInjector faults,
    FaultResponder faultResponder, RateLimiter rateLimiter, Injections injections, PassCodec codec)
{
    private const int MaxBodyBytes = 1 << 20;

    public async Task HandleAsync(HttpContext ctx)
    {
        var response = ctx.Response;
        var ct = ctx.RequestAborted;
        var path = ctx.Request.Path.Value ?? "/";
        var name = path.TrimStart('/');
        var known = endpoints.TryGet(name, out var endpoint);
        stats.Record(known ? name : null);
        if (!known)
        {
            await responses.WriteErrorAsync(response, response.BodyWriter, new ApiError(404, "not_found", $"No such endpoint: {path}"), ct);
            return;
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            response.Headers.Allow = "POST";
            await responses.WriteErrorAsync(response, response.BodyWriter, new ApiError(405, "method_not_allowed", $"{name} only accepts POST"), ct);
            return;
        }
        using var busy = clock.Enter();
        try
        {
            if (clock.LatencyMs > 0)
            {
                await clock.DelayAsync(clock.LatencyMs, ct);
            }
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
            if (faults.Decide(name, body, out var variant) is { } fault)
            {
                stats.Fault(fault);
                await faultResponder.RespondAsync(ctx, fault, variant, output => ProcessAsync(ctx, endpoint, body, output));
                return;
            }
            await ProcessAsync(ctx, endpoint, body, response.BodyWriter);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Client went away (or a 'reset' fault aborted the connection); nothing left to answer.
        }
    }

    /// <summary>Everything after the transport concerns; writes the response body to <paramref name="output"/>.</summary>
    private async Task ProcessAsync(HttpContext ctx, Endpoint endpoint, byte[] body, PipeWriter output)
    {
        var response = ctx.Response;
        var ct = ctx.RequestAborted;
        var auth = ApiKeys.Authenticate(ctx.Request.Headers.Authorization, out var key);
        if (auth != ApiKeys.AuthResult.Ok)
        {
            await responses.WriteErrorAsync(response, output, auth == ApiKeys.AuthResult.Missing ? ApiError.Unauthenticated() : ApiError.InvalidKey(), ct);
            return;
        }
        if (!rateLimiter.TryAcquire(key, out var retryAfter))
        {
            stats.RateLimited();
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await responses.WriteErrorAsync(response, output, ApiError.RateLimited(rateLimiter.PerMinute, rateLimiter.Window, retryAfter), ct);
            return;
        }
        if (!ApiKeys.HasScope(key, endpoint.Permission.Scope))
        {
            await responses.WriteErrorAsync(response, output, ApiError.MissingPermission(endpoint.Name, endpoint.Permission.DocsName), ct);
            return;
        }
        if (endpoint.Table is not { } table)
        {
            // apiKey.info takes no parameters, but its body must still be a JSON object.
            if (!ListRequest.IsJsonObject(body, out var bodyError))
            {
                await responses.WriteErrorAsync(response, output, ApiError.Input(bodyError), ct);
                return;
            }
            if (await TryInjectedAsync(response, output, endpoint, 1, ct))
            {
                return;
            }
            await ListService.WriteApiKeyInfoAsync(response, output, key, ct);
            return;
        }
        var req = endpoint.Info is { } info ? ListRequest.ParseInfo(info, body, out var inputError) : ListRequest.Parse(table, body, out inputError);
        if (req is null)
        {
            await responses.WriteErrorAsync(response, output, ApiError.Input(inputError), ct);
            return;
        }
        // Page of the pass this request asks for: 1 without cursor, else what the cursor says.
        var page = req.Cursor is null ? 1 : codec.TryDecode(req.Cursor, out CursorData cursor) ? cursor.Page : 0;
        if (await TryInjectedAsync(response, output, endpoint, page, ct))
        {
            return;
        }
        if (endpoint.Info is { } objectEndpoint)
        {
            await lists.HandleInfoAsync(response, output, table, objectEndpoint, req, ct);
            return;
        }
        await lists.HandleAsync(response, output, table, req, ct);
    }

    /// <summary>Answers with an error queued through <c>/_admin/inject</c> for this endpoint and page, if any.</summary>
    private async Task<bool> TryInjectedAsync(HttpResponse response, PipeWriter output, Endpoint endpoint, int page, CancellationToken ct)
    {
        if (page <= 0 || injections.TryTake(endpoint.Name, page) is not { } injected)
        {
            return false;
        }
        stats.Injected();
        await responses.WriteErrorAsync(response, output, ApiError.ForInjectedCode(injected, endpoint), ct);
        return true;
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
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
