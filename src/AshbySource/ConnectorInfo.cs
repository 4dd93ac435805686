using System.Reflection;

namespace AshbySource;

/// <summary>Facts about this build of the connector.</summary>
internal static class ConnectorInfo
{
    public static string Version { get; } =
        typeof(ConnectorInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// The dated Ashby API version this release was built and tested against, sent as <c>Ashby-Version</c> on
    /// every request so that a change of the key's default version never changes what is read
    /// (https://developers.ashbyhq.com/reference/versioning).
    /// </summary>
    public const string AshbyApiVersion = "2026-01-01";
}
