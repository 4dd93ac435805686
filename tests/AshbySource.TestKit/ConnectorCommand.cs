using System.Diagnostics;

namespace AshbySource.TestKit;

/// <summary>
/// Runs the connector built alongside the caller (<c>dotnet source-ashby.dll</c>) as a child process, as an
/// orchestrator would. The caller's project references src/AshbySource (without its assembly) so that it is built.
/// </summary>
public static class ConnectorCommand
{
    public static string ConnectorDll => RepoFiles.Built("src/AshbySource", "source-ashby.dll");

    /// <summary>
    /// Runs the connector, hands every stdout line to <paramref name="onLine"/> and, when given, writes it to
    /// <paramref name="saveTo"/>. When <paramref name="killWhen"/> says so after a line, or
    /// <paramref name="cancellation"/> is cancelled, the connector is killed (SIGKILL: no chance to finish
    /// anything) and the run ends there.
    /// </summary>
    public static async Task<ConnectorExit> RunAsync(IEnumerable<string> args, Action<string> onLine, string? saveTo = null, Func<bool>? killWhen = null, CancellationToken cancellation = default)
    {
        using var process = Process.Start(DotnetCommand.StartInfo(args.Prepend(ConnectorDll)))!;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await using var file = saveTo is null ? null : new StreamWriter(saveTo);
        var killed = false;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellation) is { } line)
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
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None);
        return new ConnectorExit(process.ExitCode, killed, await stderr);
    }

    /// <summary>Runs the connector with no output file; for the commands that print a line or two.</summary>
    public static async Task<(ConnectorExit Exit, List<string> Lines)> RunAsync(params string[] args)
    {
        var lines = new List<string>();
        var exit = await RunAsync(args, lines.Add);
        return (exit, lines);
    }
}

/// <summary>How a connector run ended.</summary>
public sealed record ConnectorExit(int ExitCode, bool Killed, string Stderr);
