namespace AshbyEmulator;

/// <summary>
/// The API keys every emulator instance accepts. Send them as HTTP Basic credentials with an empty password
/// (<c>Authorization: Basic base64("demo-full-access:")</c>), exactly like real Ashby keys.
/// </summary>
public static class DemoKeys
{
    /// <summary>Every module scope, including <c>apiKeys:read</c> (so <c>apiKey.info</c> works).</summary>
    public const string FullAccess = "demo-full-access";

    /// <summary>Every module scope except <c>apiKeys:read</c>: <c>apiKey.info</c> answers 403 missing_endpoint_permission.</summary>
    public const string NoApiKeys = "demo-no-apikeys";

    /// <summary>Everything (including <c>apiKeys:read</c>) except <c>offers:read</c>: <c>offer.list</c> is forbidden.</summary>
    public const string NoOffers = "demo-no-offers";

    /// <summary>Everything (including <c>apiKeys:read</c>) except <c>approvals:read</c>: <c>approval.list</c> is forbidden.</summary>
    public const string NoApprovals = "demo-no-approvals";

    /// <summary>Only <c>jobs:read</c> (job.list, jobPosting.list, opening.list); no <c>apiKeys:read</c>.</summary>
    public const string JobsOnly = "demo-jobs-only";

    /// <summary>A valid key with no scopes at all: every endpoint, <c>apiKey.info</c> included, is forbidden.</summary>
    public const string Nothing = "demo-nothing";

    /// <summary>All read scopes a key can hold (<c>apiKey.info</c>'s spelling).</summary>
    public static readonly IReadOnlyList<string> AllScopes =
    [
        "candidates:read", "jobs:read", "interviews:read", "hiringProcessMetadata:read", "organization:read",
        "offers:read", "approvals:read", "reports:read", "apiKeys:read",
    ];

    /// <summary>Key → scopes, in the order <c>apiKey.info</c> reports them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Scopes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [FullAccess] = AllScopes,
        [NoApiKeys] = [.. AllScopes.Where(s => s != "apiKeys:read")],
        [NoOffers] = [.. AllScopes.Where(s => s != "offers:read")],
        [NoApprovals] = [.. AllScopes.Where(s => s != "approvals:read")],
        [JobsOnly] = ["jobs:read"],
        [Nothing] = [],
    };

    /// <summary>Human-readable titles (<c>apiKey.info</c> results.title).</summary>
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FullAccess] = "Demo – full access",
        [NoApiKeys] = "Demo – no API key permissions",
        [NoOffers] = "Demo – everything but offers",
        [NoApprovals] = "Demo – everything but approvals",
        [JobsOnly] = "Demo – jobs only",
        [Nothing] = "Demo – no permissions",
    };

    /// <summary>A banner describing the keys, printed on stderr at start.</summary>
    public static string Banner() => string.Join(
        Environment.NewLine,
        Scopes.Select(kv => $"  {kv.Key,-18} {(kv.Value.Count == 0 ? "(no scopes)" : string.Join(' ', kv.Value))}"));
}
