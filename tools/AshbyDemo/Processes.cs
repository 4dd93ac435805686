using System.Diagnostics;

namespace AshbyDemo;

/// <summary>Runs the connector built alongside this tool as a child process, as an orchestrator would.</summary>
internal static class Processes
{
    public static string ConnectorDll => RepoFiles.Built("src/AshbySource", "source-ashby.dll");

    /// <summary>
    /// Runs the connector, hands every stdout line to <paramref name="onLine"/> and, when given, writes it to
    /// <paramref name="saveTo"/>. When <paramref name="killWhen"/> says so after a line, the connector is killed
    /// (SIGKILL: no chance to finish anything) and the run ends there.
    /// </summary>
    public static async Task<ConnectorExit> RunConnectorAsync(IEnumerable<string> args, Action<string> onLine, string? saveTo = null, Func<bool>? killWhen = null)
    {
        using var process = Process.Start(DotnetCommand.StartInfo(args.Prepend(ConnectorDll)))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await using var file = saveTo is null ? null : new StreamWriter(saveTo);
        var killed = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            onLine(line);
            if (file is not null)
            {
                await file.WriteLineAsync(line);
            }

            if (killWhen?.Invoke() == true)
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }

        await process.WaitForExitAsync();
        return new ConnectorExit(process.ExitCode, killed, await stderr);
    }

    /// <summary>Runs the connector with no output file; for the commands that print a line or two.</summary>
    public static async Task<(ConnectorExit Exit, List<string> Lines)> RunConnectorAsync(params string[] args)
    {
        var lines = new List<string>();
        var exit = await RunConnectorAsync(args, lines.Add);
        return (exit, lines);
    }
}

/// <summary>How a connector run ended.</summary>
internal sealed record ConnectorExit(int ExitCode, bool Killed, string Stderr);
