using System.Collections.Frozen;
using System.Net;
using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>
/// The one table that maps an Ashby answer (HTTP status and envelope code) to what the sync does with it.
/// Ashby reports logic errors as HTTP 200 with <c>success:false</c>, authentication problems as 401/403, and
/// throttling as 429 (https://developers.ashbyhq.com/docs/responses,
/// https://developers.ashbyhq.com/docs/authentication); the envelope code wins over the status when both exist.
/// </summary>
internal static class AshbyErrorClassifier
{
    private static readonly FrozenDictionary<string, AshbyErrorKind> ByCode = new Dictionary<string, AshbyErrorKind>(StringComparer.Ordinal)
    {
        ["missing_endpoint_permission"] = AshbyErrorKind.MissingPermission,

        // https://developers.ashbyhq.com/changelog/2026-08-04-actionable-pagination-error-messages
        ["sync_token_expired"] = AshbyErrorKind.SyncTokenUnusable,
        ["sync_token_invalid"] = AshbyErrorKind.SyncTokenUnusable,

        // https://developers.ashbyhq.com/changelog/2026-05-14-reject-deep-pagination-on-incremental-sync
        ["incremental_sync_too_large"] = AshbyErrorKind.SyncTokenUnusable,
        ["next_cursor_expired"] = AshbyErrorKind.CursorUnusable,
        ["invalid_next_cursor"] = AshbyErrorKind.CursorUnusable,

        ["rate_limit_exceeded"] = AshbyErrorKind.Transient,
        ["concurrent_limit_exceeded"] = AshbyErrorKind.Transient,
        ["internal_error"] = AshbyErrorKind.Transient,
        ["service_unavailable"] = AshbyErrorKind.Transient,

        ["invalid_input"] = AshbyErrorKind.InvalidRequest,
        ["invalid_api_key"] = AshbyErrorKind.BadCredentials,
        ["unauthenticated"] = AshbyErrorKind.BadCredentials,
        ["unauthorized"] = AshbyErrorKind.BadCredentials,
        ["forbidden"] = AshbyErrorKind.BadCredentials,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static AshbyErrorKind Classify(HttpStatusCode status, string? code)
    {
        if (code is not null && ByCode.TryGetValue(code, out var kind))
        {
            return kind;
        }

        return (int)status switch
        {
            401 or 403 => AshbyErrorKind.BadCredentials,
            408 or 429 => AshbyErrorKind.Transient,
            >= 500 => AshbyErrorKind.Transient,
            >= 400 => AshbyErrorKind.InvalidRequest,
            _ => AshbyErrorKind.Unexpected,
        };
    }

    public static bool IsTransientStatus(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    public static FailureType ToFailureType(AshbyErrorKind kind) => kind switch
    {
        AshbyErrorKind.BadCredentials or AshbyErrorKind.MissingPermission => FailureType.ConfigError,
        AshbyErrorKind.Transient => FailureType.TransientError,
        _ => FailureType.SystemError,
    };

    /// <summary>A message the user can act on.</summary>
    public static string Describe(AshbyErrorKind kind, string endpoint, string? code, string? message) => kind switch
    {
        AshbyErrorKind.BadCredentials =>
            "Ashby rejected the API key. Check that it was copied whole and is still active (Ashby: Admin > Integrations > API Keys), or create a new one.",
        AshbyErrorKind.MissingPermission =>
            $"The Ashby API key lacks the permission that {endpoint} needs ({message ?? "missing_endpoint_permission"}). Enable that module's read permission on the key in Ashby (Admin > Integrations > API Keys), or deselect the stream.",
        AshbyErrorKind.Transient =>
            $"Ashby did not answer {endpoint} successfully after several retries ({code ?? "temporary failure"}). This is usually temporary; the next attempt resumes from the last checkpoint.",
        AshbyErrorKind.InvalidRequest =>
            $"Ashby rejected the request to {endpoint} as invalid ({code}: {message}). This is a connector bug; please report it with the request id.",
        _ => $"Ashby answered {endpoint} with an error ({code ?? "no code"}: {message ?? "no message"}).",
    };
}
