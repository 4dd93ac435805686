using System.Diagnostics;
using System.Reflection;

namespace AshbyBench;

/// <summary>Where the repository and the builds the bench runs are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration =>
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ConnectorDll => Built("src/AshbySource", "source-ashby.dll");

    public static string EmulatorDll => Built("src/AshbyEmulator", "ashby-emulator.dll");

    /// <summary>The bench's own assembly, started again as a child for the bare client.</summary>
    public static string BenchDll => typeof(Repo).Assembly.Location;

    /// <summary>Runs a short command and returns its trimmed stdout, or null if it cannot run or fails.</summary>
    public static string? Capture(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? OnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} is not built; run the bench with 'dotnet run -c Release --project bench/AshbyBench'", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AshbySource.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the bench from inside the repository");
    }
}
