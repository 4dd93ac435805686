namespace AshbyEmulator.Api;

/// <summary>An Ashby error: HTTP status, <c>errorInfo.code</c> and a human message.</summary>
internal sealed record ApiError(int Status, string Code, string Message)
{
    public static ApiError Input(string message) => new(200, "invalid_input", message);

    public static ApiError Logic(string code, string message) => new(200, code, message);

    /// <summary>Messages for codes that can be injected through the admin API.</summary>
    public static ApiError ForInjectedCode(string code, Endpoint endpoint) => code switch
    {
        "sync_token_expired" => Logic(code, "The sync token has expired. Discard it and perform a full sync without a syncToken."),
        "sync_token_invalid" => Logic(code, "The sync token is invalid for this request. Discard it and perform a full sync."),
        "incremental_sync_too_large" => Logic(code, "Too many changes since the sync token was issued. Discard it and perform a full sync."),
        "next_cursor_expired" => Logic(code, "The pagination cursor has expired. Restart the pass from the first page."),
        "invalid_next_cursor" => Logic(code, "The pagination cursor is invalid. Restart the pass from the first page."),
        "missing_endpoint_permission" => MissingPermission(endpoint.Name, endpoint.Permission.DocsName),
        "unauthenticated" => Unauthenticated(),
        _ => Logic(code, code),
    };

    public static readonly IReadOnlySet<string> InjectableCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "sync_token_expired", "sync_token_invalid", "incremental_sync_too_large", "next_cursor_expired",
        "invalid_next_cursor", "missing_endpoint_permission", "unauthenticated",
    };

    /// <summary>The rate limiter's answer; the window is a minute unless configured otherwise.</summary>
    public static ApiError RateLimited(int limit, TimeSpan window, int retryAfterSeconds)
    {
        var per = window == TimeSpan.FromMinutes(1) ? "minute" : $"{window.TotalSeconds:0.###} seconds";
        return new(429, "rate_limit_exceeded", $"Rate limit of {limit} requests per {per} exceeded. Retry after {retryAfterSeconds} seconds.");
    }

    public static ApiError Unauthenticated() =>
        new(401, "unauthenticated", "Missing or malformed API key. Send it as the user name of HTTP Basic authentication with an empty password.");

    public static ApiError InvalidKey() => new(403, "invalid_api_key", "The API key is invalid or has been deactivated.");

    public static ApiError MissingPermission(string endpoint, string permission) =>
        new(403, "missing_endpoint_permission", $"The API key is missing the {permission} permission required by {endpoint}.");
}
