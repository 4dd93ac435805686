using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>
/// What Ashby says of the dated API version the connector asks for. Every answer carries the version that
/// processed it (<c>Ashby-Version</c>) and that version's status (<c>Ashby-Version-Status</c>: active, deprecated,
/// unsupported; https://developers.ashbyhq.com/changelog/2026-10-14-add-api-version-response-headers). The run
/// logs the version once, and warns once when Ashby calls it deprecated or unsupported, or answers with
/// another version than the one asked for.
/// </summary>
internal sealed class ApiVersionWatch(string requested, ConnectorLog log)
{
    public const string VersionHeader = "Ashby-Version";
    public const string StatusHeader = "Ashby-Version-Status";

    /// <summary>Ashby's deprecation policy, as its versioning page states it.</summary>
    private const string Policy =
        "Ashby keeps a deprecated version fully supported for at least 3 months and serving for at least 6 months before removing it (https://developers.ashbyhq.com/reference/versioning)";

    private int _seen;
    private int _warned;

    /// <summary>The version the connector asks for.</summary>
    public string Requested { get; } = requested;

    /// <summary>The warning given in this run, if any: <c>check</c> repeats it in its answer.</summary>
    public string? Warning { get; private set; }

    /// <summary>Takes the version headers of one answer; answers without them (a proxy's, an older Ashby's) say nothing.</summary>
    public void Observe(HttpResponseMessage response)
    {
        if (Header(response, VersionHeader) is not { } version)
        {
            return;
        }

        var status = Header(response, StatusHeader)?.ToLowerInvariant() ?? "status not given";
        if (Interlocked.Exchange(ref _seen, 1) == 0)
        {
            log.Info($"Ashby answers with API version {version} ({status}); the connector asks for {Requested}.");
        }

        var warning = WarningFor(version, status);
        if (warning is not null && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Warning = warning;
            log.Warn(warning);
        }
    }

    /// <summary>Whether an answer says its version was removed: Ashby rejects such requests (the code it uses is not documented).</summary>
    public static bool SaysRemoved(HttpResponseMessage response) =>
        string.Equals(Header(response, StatusHeader), "removed", StringComparison.OrdinalIgnoreCase);

    private string? WarningFor(string version, string status) => status switch
    {
        "deprecated" => $"Ashby reports that API version {version}, which this connector asks for, is deprecated. {Policy}. Upgrade the connector before then.",
        "unsupported" => $"Ashby reports that API version {version}, which this connector asks for, is unsupported: Ashby still serves it but fixes nothing in it, and will remove it. {Policy}. Upgrade the connector now.",
        _ when !string.Equals(version, Requested, StringComparison.Ordinal) =>
            $"Ashby answered with API version {version} although the connector asked for {Requested}; fields may differ from what this release was tested against.",
        _ => null,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
