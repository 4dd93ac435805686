using System.Collections.Frozen;
using System.Net;
using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>A failure of an attempt that is not an HTTP answer with a status, keyed into the error table.</summary>
internal enum AttemptFault
{
    /// <summary>An attempt ran out of time, or the whole request did.</summary>
    Timeout,

    /// <summary>The connection could not be made or broke before an answer arrived.</summary>
    Network,

    /// <summary>An answer arrived but could not be read whole: cut off, broken mid-body, not JSON, or too large.</summary>
    UnreadableBody,

    /// <summary>A successful status whose JSON has no <c>success</c> field: not an Ashby envelope.</summary>
    NotAnEnvelope,

    /// <summary>
    /// <c>success:true</c> on a list endpoint, but <c>results</c> is missing or not an array, or a paging field
    /// has the wrong type: taking it for an empty page would end the stream COMPLETE without its rows.
    /// </summary>
    MalformedList,
}

/// <summary>
/// The one table that decides what an Ashby failure means: keyed by envelope code, HTTP status and attempt fault,
/// it returns an <see cref="ErrorResolution"/> (what to do, who has to act, what the user is told). Ashby reports
/// logic errors as HTTP 200 with <c>success:false</c>, authentication problems as 401/403, and throttling as 429
/// (https://developers.ashbyhq.com/docs/responses, https://developers.ashbyhq.com/docs/authentication); the
/// envelope code wins over the status when both exist. <see cref="AnswerTriage"/> reads each answer into this
/// table's terms, adding what only the run can tell (a wrong <c>base_url</c> before Ashby has answered once).
/// </summary>
internal static class AshbyErrorClassifier
{
    private static readonly FrozenDictionary<string, (AshbyErrorKind Kind, ResponseAction Action)> ByCode = new Dictionary<string, (AshbyErrorKind, ResponseAction)>(StringComparer.Ordinal)
    {
        ["missing_endpoint_permission"] = (AshbyErrorKind.MissingPermission, ResponseAction.Fail),

        // https://developers.ashbyhq.com/changelog/2026-08-04-actionable-pagination-error-messages
        ["sync_token_expired"] = (AshbyErrorKind.SyncTokenUnusable, ResponseAction.DropToken),
        ["sync_token_invalid"] = (AshbyErrorKind.SyncTokenUnusable, ResponseAction.DropToken),

        // https://developers.ashbyhq.com/changelog/2026-05-14-reject-deep-pagination-on-incremental-sync
        ["incremental_sync_too_large"] = (AshbyErrorKind.SyncTokenUnusable, ResponseAction.DropToken),
        ["next_cursor_expired"] = (AshbyErrorKind.CursorUnusable, ResponseAction.RestartPass),
        ["invalid_next_cursor"] = (AshbyErrorKind.CursorUnusable, ResponseAction.RestartPass),

        ["rate_limit_exceeded"] = (AshbyErrorKind.Transient, ResponseAction.Throttle),
        ["concurrent_limit_exceeded"] = (AshbyErrorKind.Transient, ResponseAction.Throttle),
        ["internal_error"] = (AshbyErrorKind.Transient, ResponseAction.Retry),
        ["service_unavailable"] = (AshbyErrorKind.Transient, ResponseAction.Retry),

        ["invalid_input"] = (AshbyErrorKind.InvalidRequest, ResponseAction.Fail),
        ["invalid_api_key"] = (AshbyErrorKind.BadCredentials, ResponseAction.Fail),
        ["unauthenticated"] = (AshbyErrorKind.BadCredentials, ResponseAction.Fail),
        ["unauthorized"] = (AshbyErrorKind.BadCredentials, ResponseAction.Fail),
        ["forbidden"] = (AshbyErrorKind.BadCredentials, ResponseAction.Fail),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The code a fault is reported with (Ashby sends none), and what it is.</summary>
    private static readonly FrozenDictionary<AttemptFault, (AshbyErrorKind Kind, ResponseAction Action, string? Code)> ByFault = new Dictionary<AttemptFault, (AshbyErrorKind, ResponseAction, string?)>
    {
        [AttemptFault.Timeout] = (AshbyErrorKind.Transient, ResponseAction.Retry, "timeout"),
        [AttemptFault.Network] = (AshbyErrorKind.Transient, ResponseAction.Retry, "network_error"),
        [AttemptFault.UnreadableBody] = (AshbyErrorKind.Transient, ResponseAction.Retry, "unreadable_response"),
        [AttemptFault.NotAnEnvelope] = (AshbyErrorKind.Malformed, ResponseAction.Fail, "not_an_envelope"),
        [AttemptFault.MalformedList] = (AshbyErrorKind.Malformed, ResponseAction.Fail, "malformed_list"),
    }.ToFrozenDictionary();

    /// <summary>An answer with a status and, when it parsed, an envelope code, message and request id.</summary>
    public static ErrorResolution Resolve(string endpoint, HttpStatusCode status, string? code, string? message, string? requestId = null)
    {
        var (kind, action) = code is null ? ByStatus(status)
            : ByCode.TryGetValue(code, out var row) ? row

            // Ashby names every missing-object error <object>_not_found (application_not_found, candidate_not_found, …).
            : code.EndsWith("_not_found", StringComparison.Ordinal) ? (AshbyErrorKind.ObjectGone, ResponseAction.Fail)

            // The code of a refused API version is not documented (https://developers.ashbyhq.com/reference/versioning):
            // any error code that names the version is taken for one.
            : code.Contains("version", StringComparison.OrdinalIgnoreCase) ? (AshbyErrorKind.VersionRefused, ResponseAction.Fail)
            : ByStatus(status) is { Kind: AshbyErrorKind.InvalidRequest } ? (AshbyErrorKind.Unexpected, ResponseAction.Fail)
            : ByStatus(status);
        return new ErrorResolution(kind, action, ToFailureType(kind), Describe(kind, endpoint, code, message, requestId), code);
    }

    private static (AshbyErrorKind Kind, ResponseAction Action) ByStatus(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => (AshbyErrorKind.BadCredentials, ResponseAction.Fail),
        404 => (AshbyErrorKind.UnknownEndpoint, ResponseAction.Fail),
        429 => (AshbyErrorKind.Transient, ResponseAction.Throttle),
        408 or >= 500 => (AshbyErrorKind.Transient, ResponseAction.Retry),
        >= 400 => (AshbyErrorKind.InvalidRequest, ResponseAction.Fail),
        _ => (AshbyErrorKind.Unexpected, ResponseAction.Fail),
    };

    /// <summary>A fault of the attempt itself; <paramref name="detail"/> says what was wrong with the answer.</summary>
    public static ErrorResolution Resolve(string endpoint, AttemptFault fault, string? detail = null)
    {
        var (kind, action, code) = ByFault[fault];
        var message = fault switch
        {
            AttemptFault.NotAnEnvelope => $"Ashby answered {endpoint} with JSON that is not an Ashby answer (no 'success' field). If base_url points to a proxy, check what it returns.",
            AttemptFault.MalformedList => $"Ashby answered {endpoint} with success but not in the documented shape: {detail}. Nothing of that answer was written; the stream stops instead of ending without its rows. If it happens again, report it to Ashby with the request id.",
            _ => Describe(kind, endpoint, code, null, null),
        };
        return new ErrorResolution(kind, action, ToFailureType(kind), message, code);
    }

    /// <summary>
    /// The fault an exception out of an attempt stands for; null for anything else (a cancellation, a bug),
    /// which is not Ashby's to answer for and propagates as it is.
    /// </summary>
    public static AttemptFault? FaultOf(Exception exception) => exception switch
    {
        Polly.Timeout.TimeoutRejectedException => AttemptFault.Timeout,
        HttpRequestException or IOException => AttemptFault.Network,
        _ => null,
    };

    /// <summary>
    /// Whether Ashby itself said no to a request in a way no retry changes and no rule of the table explains: an
    /// unknown code, a request it calls invalid, an endpoint it does not serve. For a child endpoint that means the
    /// organisation cannot serve it (a feature it lacks), not that one parent is special.
    /// </summary>
    public static bool IsRefusal(ErrorResolution resolution) =>
        resolution.Kind is AshbyErrorKind.Unexpected or AshbyErrorKind.InvalidRequest or AshbyErrorKind.UnknownEndpoint;

    public static FailureType ToFailureType(AshbyErrorKind kind) => kind switch
    {
        AshbyErrorKind.BadCredentials or AshbyErrorKind.MissingPermission or AshbyErrorKind.WrongAddress or AshbyErrorKind.VersionRefused => FailureType.ConfigError,
        AshbyErrorKind.Transient => FailureType.TransientError,
        _ => FailureType.SystemError,
    };

    /// <summary>
    /// The first request of the run failed in a way a wrong <c>base_url</c> explains; <paramref name="what"/> says
    /// how (connection refused, DNS, TLS, a redirect, HTTP 404, not JSON). Not retried: it would not change.
    /// </summary>
    public static ErrorResolution WrongAddress(Uri address, string what) => new(
        AshbyErrorKind.WrongAddress,
        ResponseAction.Fail,
        FailureType.ConfigError,
        $"{address} is not a working Ashby API address: {what}. Check base_url in the connector's settings (Ashby's API is {Configuration.SourceConfig.DefaultBaseUrl}).",
        "wrong_address");

    /// <summary>
    /// A redirect after Ashby has answered before. Ashby does not redirect its API, and following one would send
    /// the API key to wherever <paramref name="location"/> points, so it is not followed.
    /// </summary>
    public static ErrorResolution Redirected(string endpoint, HttpStatusCode status, string location) => new(
        AshbyErrorKind.Malformed,
        ResponseAction.Fail,
        FailureType.SystemError,
        $"Ashby answered {endpoint} with a redirect (HTTP {(int)status}) to {location}, which was not followed: Ashby does not redirect its API. If base_url points to a proxy, check its configuration.",
        "redirect");

    /// <summary>A body that kept growing past <paramref name="capBytes"/> once decompressed: deterministic, so not retried.</summary>
    public static ErrorResolution TooLarge(string endpoint, long capBytes) => new(
        AshbyErrorKind.Malformed,
        ResponseAction.Fail,
        FailureType.SystemError,
        $"Ashby's answer to {endpoint} is larger than {capBytes / (1024 * 1024)} MiB once decompressed, far more than any page can be; it was dropped. If base_url points to a proxy, check what it returns.",
        "response_too_large");

    /// <summary>Ashby throttled one request without a break for <paramref name="window"/>.</summary>
    public static ErrorResolution RateLimited(string endpoint, TimeSpan window) => new(
        AshbyErrorKind.Transient,
        ResponseAction.Fail,
        FailureType.TransientError,
        $"Ashby kept rate-limiting {endpoint} for {(window >= TimeSpan.FromMinutes(1) ? $"{window.TotalMinutes:0} minutes" : $"{window.TotalSeconds:0} s")} without a break, so the stream stopped. Ashby's rate limit is shared by every integration of the organisation: lower requests_per_minute in the connector's settings or sync when other integrations are quiet. The next sync resumes from the last checkpoint.",
        "rate_limit_exceeded");

    /// <summary>A request that kept failing for reasons other than throttling until its retries or time ran out.</summary>
    public static ErrorResolution GaveUp(string endpoint, string lastFailure, int attempts, TimeSpan elapsed) => new(
        AshbyErrorKind.Transient,
        ResponseAction.Fail,
        FailureType.TransientError,
        $"Ashby did not answer {endpoint} successfully in {attempts} attempt(s) over {elapsed.TotalSeconds:0} s (last: {lastFailure}). This is usually temporary; the next attempt resumes from the last checkpoint.",
        "retries_exhausted");

    /// <summary>An answer whose <c>Ashby-Version-Status</c> says the version asked for is removed, whatever its code.</summary>
    public static ErrorResolution VersionRemoved(string endpoint, string? code, string? message, string? requestId) =>
        new(AshbyErrorKind.VersionRefused, ResponseAction.Fail, FailureType.ConfigError, Describe(AshbyErrorKind.VersionRefused, endpoint, code, message, requestId), code);

    /// <summary>A message the user can act on: what Ashby said (code, message, request id) and what to do about it.</summary>
    private static string Describe(AshbyErrorKind kind, string endpoint, string? code, string? message, string? requestId)
    {
        var said = Quote(code, message, requestId);
        return kind switch
        {
            AshbyErrorKind.BadCredentials =>
                "Ashby rejected the API key. Check that it was copied whole and is still active (Ashby: Admin > Integrations > API Keys), or create a new one.",
            AshbyErrorKind.MissingPermission =>
                $"The Ashby API key lacks the permission that {endpoint} needs ({message ?? "missing_endpoint_permission"}). Enable that module's read permission on the key in Ashby (Admin > Integrations > API Keys), or deselect the stream.",
            AshbyErrorKind.Transient =>
                $"Ashby did not answer {endpoint} successfully after several retries ({code ?? "temporary failure"}). This is usually temporary; the next attempt resumes from the last checkpoint.",
            AshbyErrorKind.InvalidRequest =>
                $"Ashby rejected the request to {endpoint} as invalid ({said}). The connector built that request, so this is a connector bug: please report it with the request id.",
            AshbyErrorKind.UnknownEndpoint =>
                $"Ashby answered {endpoint} with HTTP 404 ({said}): the address serves Ashby's API but not this endpoint, so Ashby may have retired it. Upgrade the connector, or deselect the stream; if base_url points to a proxy, check that it passes every endpoint on.",
            AshbyErrorKind.VersionRefused =>
                $"Ashby refused the API version the connector asks for ({said}): Ashby no longer serves it. Upgrade the connector to a release that speaks a current version (or, if you set api_version, change it); https://developers.ashbyhq.com/reference/versioning lists them.",
            _ =>
                $"Ashby answered {endpoint} with an error the connector does not know ({said}); nothing of that answer was written. If it happens again, deselect the stream and ask Ashby support about the request id; if Ashby says the request itself was wrong, report it to the connector's maintainers.",
        };
    }

    /// <summary>What Ashby said, as the user quotes it to Ashby support: code, message and request id.</summary>
    internal static string Quote(string? code, string? message, string? requestId) =>
        $"{code ?? "no code"}: \"{message ?? "no message"}\", request id {requestId ?? "none"}";
}
