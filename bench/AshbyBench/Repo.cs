using System.Diagnostics;

namespace AshbyBench;

/// <summary>Where the repository and the builds the bench runs are.</summary>
internal static class Repo
{
    public static string Root => RepoFiles.Root;

    public static string ConnectorDll => Built("src/AshbySource", "source-ashby.dll");

    /// <summary>The bench's own assembly, started again as a child for the bare client.</summary>
    public static string BenchDll => typeof(Repo).Assembly.Location;

    /// <summary>Runs a short command and returns its trimmed stdout, or null if it cannot run or fails.</summary>
    public static string? Capture(string file, params string[] args)
    {
        try
        {
            var (exitCode, output) = Run(file, args, Root);
            return exitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Runs a command to its end and returns its exit code and trimmed stdout (stderr is drained and dropped).</summary>
    public static (int ExitCode, string Stdout) Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return (process.ExitCode, output.Trim());
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
        try
        {
            return RepoFiles.Built(project, file);
        }
        catch (FileNotFoundException ex)
        {
            throw new FileNotFoundException($"{file} is not built; run the bench with 'dotnet run -c Release --project bench/AshbyBench'", ex.FileName, ex);
        }
    }
}
