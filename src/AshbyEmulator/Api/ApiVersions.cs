using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace AshbyEmulator.Api;

/// <summary>
/// Ashby's dated API versions (https://developers.ashbyhq.com/reference/versioning, since 2026-10-14): a request
/// selects one with the <c>Ashby-Version</c> header (else the key's default applies) and every answer names the
/// version that processed it and that version's lifecycle status. Statuses can be changed at run time
/// (<c>POST /_admin/versions</c>) so clients can be tested against a deprecated or removed version.
/// </summary>
internal sealed class ApiVersions
{
    public const string RequestHeader = "Ashby-Version";
    public const string StatusHeader = "Ashby-Version-Status";

    /// <summary>The only version Ashby has published, and the default of every demo key.</summary>
    public const string Default = "2026-01-01";

    public const string Removed = "removed";

    /// <summary>The lower-case statuses of the versioning page's table; <c>pre-release</c> (early access only) is not modelled.</summary>
    public static readonly IReadOnlyList<string> SettableStatuses = ["active", "deprecated", "unsupported", Removed];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _statuses = new(StringComparer.Ordinal) { [Default] = "active" };

    public ApiVersions(IReadOnlyDictionary<string, string> statuses)
    {
        foreach (var (version, status) in statuses)
        {
            Set(version, status);
        }
    }

    /// <summary>What a request's header selects, the headers its answer carries and, if it cannot be served, why.</summary>
    /// <param name="Version">The <c>Ashby-Version</c> of the answer.</param>
    /// <param name="Status">The <c>Ashby-Version-Status</c> of the answer.</param>
    /// <param name="Rejection">Set when the selected version cannot serve the request.</param>
    public readonly record struct Selection(string Version, string Status, ApiError? Rejection);

    /// <summary>Dates only (YYYY-MM-DD), the form of the only published version.</summary>
    public static bool IsWellFormed(string version) =>
        version.Length == 10 && DateOnly.TryParseExact(version, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsSettableStatus(string status) => SettableStatuses.Contains(status, StringComparer.Ordinal);

    /// <summary>Adds a version or changes its status; the caller has checked both with <see cref="IsWellFormed"/> and <see cref="IsSettableStatus"/>.</summary>
    public void Set(string version, string status)
    {
        lock (_lock)
        {
            _statuses[version] = status;
        }
    }

    /// <summary>Every known version and its status, oldest first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Resolves the request's <c>Ashby-Version</c> header. The versioning page says only that a request selecting a
    /// removed version is rejected; the HTTP status and codes used here (400 with <c>api_version_removed</c>,
    /// 400 with <c>invalid_api_version</c> for an unknown or malformed value) are our interpretation, UNCLEAR
    /// in Ashby's docs (https://developers.ashbyhq.com/reference/versioning). An unusable value is answered by the
    /// key's default version, so its headers name the default rather than echo the bad value.
    /// </summary>
    public Selection Select(StringValues header)
    {
        var requested = header.Count == 0 ? null : header.ToString();
        lock (_lock)
        {
            if (requested is null)
            {
                return Served(Default);
            }
            if (!_statuses.TryGetValue(requested, out var status))
            {
                var known = string.Join(", ", _statuses.Where(kv => kv.Value != Removed).Select(kv => kv.Key).Order(StringComparer.Ordinal));
                var shown = requested.Length > 40 ? requested[..40] + "…" : requested;
                return Served(Default) with
                {
                    Rejection = new ApiError(400, "invalid_api_version", $"Unknown or malformed API version '{shown}' in the {RequestHeader} header. Available versions: {known}."),
                };
            }
            if (status == Removed)
            {
                return new Selection(requested, Removed, new ApiError(400, "api_version_removed",
                    $"API version {requested} has been removed and can no longer be used. Send a supported version in the {RequestHeader} header."));
            }
            return new Selection(requested, status, null);
        }
    }

    /// <summary>The default version as it stands; a removed default rejects requests that rely on it too.</summary>
    private Selection Served(string version)
    {
        var status = _statuses.GetValueOrDefault(version, "active");
        return status == Removed
            ? new Selection(version, status, new ApiError(400, "api_version_removed",
                $"API version {version}, this key's default, has been removed. Send a supported version in the {RequestHeader} header."))
            : new Selection(version, status, null);
    }
}
