using System.Diagnostics;
using System.Reflection;

namespace AshbyDemo;

/// <summary>Finds the built connector and emulator next to this tool and runs them as child processes.</summary>
internal static class Processes
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string Configuration =>
        typeof(Processes).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ConnectorDll => Built("src/AshbySource", "source-ashby.dll");

    public static string EmulatorDll => Built("src/AshbyEmulator", "ashby-emulator.dll");

    public static ProcessStartInfo Dotnet(string dll, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>
    /// Runs the connector, hands every stdout line to <paramref name="onLine"/> and, when given, writes it to
    /// <paramref name="saveTo"/>. When <paramref name="killWhen"/> says so after a line, the connector is killed
    /// (SIGKILL: no chance to finish anything) and the run ends there.
    /// </summary>
    public static async Task<ConnectorExit> RunConnectorAsync(IEnumerable<string> args, Action<string> onLine, string? saveTo = null, Func<bool>? killWhen = null)
    {
        using var process = Process.Start(Dotnet(ConnectorDll, args))!;
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

    /// <summary>Starts the emulator on a free loopback port and returns it with its base URL.</summary>
    public static async Task<(Process Process, string Url)> StartEmulatorAsync(IEnumerable<string> args)
    {
        var process = Process.Start(Dotnet(EmulatorDll, ["--urls", "http://127.0.0.1:0", .. args]))!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        const string prefix = "ashby-emulator listening on ";
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the emulator did not start: '{line}'");
        }

        return (process, line[prefix.Length..].Trim());
    }

    /// <summary>Runs the connector with no output file; for the commands that print a line or two.</summary>
    public static async Task<(ConnectorExit Exit, List<string> Lines)> RunConnectorAsync(params string[] args)
    {
        var lines = new List<string>();
        var exit = await RunConnectorAsync(args, lines.Add);
        return (exit, lines);
    }

    private static string Built(string project, string file)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} is not built; run the demo with 'dotnet run --project tools/AshbyDemo'", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AshbySource.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the demo from inside the repository");
    }
}

/// <summary>How a connector run ended.</summary>
internal sealed record ConnectorExit(int ExitCode, bool Killed, string Stderr);
