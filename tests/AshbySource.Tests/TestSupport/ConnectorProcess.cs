using System.Diagnostics;

namespace AshbySource.Tests.TestSupport;

/// <summary>Starts the built connector as its own process, as an orchestrator does, with stdout and stderr piped.</summary>
internal static class ConnectorProcess
{
    private static readonly string Connector = Path.Combine(AppContext.BaseDirectory, "source-ashby.dll");

    public static Process Start(IEnumerable<string> args) => Process.Start(DotnetCommand.StartInfo(args.Prepend(Connector)))!;
}
