using System.Reflection;

namespace AshbySource;

/// <summary>Facts about this build of the connector.</summary>
internal static class ConnectorInfo
{
    public static string Version { get; } =
        typeof(ConnectorInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
