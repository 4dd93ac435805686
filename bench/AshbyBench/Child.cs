using System.Diagnostics;
using System.Globalization;

namespace AshbyBench;

/// <summary>How to start a program: the executable and the arguments that come before the command's own.</summary>
internal sealed record Launcher(string Label, string FileName, IReadOnlyList<string> PrefixArguments)
{
    public static Launcher Dotnet(string label, string dll) => new(label, "dotnet", [dll]);
}

/// <summary>One measured child process run.</summary>
internal sealed record ChildResult(
    int ExitCode,
    TimeSpan Wall,
    double UserSeconds,
    double SystemSeconds,
    long PeakRssKb,
    OutputScanner Output,
    string Stderr)
{
    public double CpuSeconds => UserSeconds + SystemSeconds;

    public double PeakRssMb => PeakRssKb / 1024.0;
}

/// <summary>
/// Runs a program as a child process with stdout on a pipe that is drained (and counted) as it is written,
/// measuring wall time, user+sys CPU and peak RSS. CPU and peak RSS come from GNU time (<c>getrusage</c> of the
/// child after it exits, exact) when <c>/usr/bin/time</c> exists; otherwise <c>/proc/PID</c> is sampled every
/// 10 ms (<c>VmHWM</c> is a high-water mark, so only growth in the last few ms could be missed).
/// </summary>
internal static class Child
{
    private static readonly string? GnuTime = FindGnuTime();

    /// <summary>How CPU and memory are measured, for the report.</summary>
    public static string Method => GnuTime is not null
        ? "user+sys CPU and peak RSS (max RSS) from GNU time (`/usr/bin/time`, the child's getrusage)"
        : "user+sys CPU and peak RSS (VmHWM) sampled from /proc/PID every 10 ms (GNU time not found)";

    public static async Task<ChildResult> RunAsync(Launcher launcher, IEnumerable<string> arguments, string workingDirectory, OutputScanner? scanner = null)
    {
        scanner ??= new OutputScanner();
        var timeFile = GnuTime is null ? null : Path.Combine(workingDirectory, $"time-{Guid.NewGuid():N}.txt");
        var info = new ProcessStartInfo(GnuTime ?? launcher.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (GnuTime is not null)
        {
            info.ArgumentList.Add("-f");
            info.ArgumentList.Add("%U %S %M");
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add(timeFile!);
            info.ArgumentList.Add(launcher.FileName);
        }

        foreach (var argument in launcher.PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {launcher.FileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var stopSampling = new CancellationTokenSource();
        var sampler = GnuTime is null ? Task.Run(() => Sample(process.Id, stopSampling.Token)) : null;

        var stdout = process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stdout.ReadAsync(buffer)) > 0)
        {
            scanner.Feed(buffer.AsSpan(0, read));
        }

        scanner.Complete();
        await process.WaitForExitAsync();
        clock.Stop();
        var errors = await stderr;

        double user, system;
        long rss;
        if (GnuTime is not null)
        {
            // GNU time writes "Command exited with non-zero status N" before the format line when the child fails.
            var fields = File.ReadAllLines(timeFile!).Last(l => l.Length > 0).Split(' ');
            user = double.Parse(fields[0], CultureInfo.InvariantCulture);
            system = double.Parse(fields[1], CultureInfo.InvariantCulture);
            rss = long.Parse(fields[2], CultureInfo.InvariantCulture);
            File.Delete(timeFile!);
        }
        else
        {
            await stopSampling.CancelAsync();
            (user, system, rss) = await sampler!;
        }

        return new ChildResult(process.ExitCode, clock.Elapsed, user, system, rss, scanner, errors);
    }

    /// <summary>Runs a program with its output discarded and returns its wall time only (start-up timing).</summary>
    public static TimeSpan TimeOnce(Launcher launcher, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(launcher.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in launcher.PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {launcher.FileName}");
        var stderr = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        clock.Stop();
        stderr.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{launcher.Label} exited with {process.ExitCode}");
        }

        return clock.Elapsed;
    }

    private static async Task<(double User, double System, long RssKb)> Sample(int pid, CancellationToken stop)
    {
        double user = 0, system = 0;
        long rss = 0;
        var ticks = 100.0; // USER_HZ is 100 on every Linux architecture .NET runs on.
        while (true)
        {
            try
            {
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", CancellationToken.None);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                user = long.Parse(fields[11], CultureInfo.InvariantCulture) / ticks;
                system = long.Parse(fields[12], CultureInfo.InvariantCulture) / ticks;
                foreach (var line in await File.ReadAllLinesAsync($"/proc/{pid}/status", CancellationToken.None))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        rss = Math.Max(rss, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
            {
                // The process has exited (or is a zombie without memory figures): keep the last sample.
            }

            if (stop.IsCancellationRequested)
            {
                return (user, system, rss);
            }

            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
                return (user, system, rss);
            }
        }
    }

    private static string? FindGnuTime()
    {
        if (!File.Exists("/usr/bin/time"))
        {
            return null;
        }

        // BusyBox's time has no -f/-o; GNU time says who it is.
        var version = Repo.Capture("/usr/bin/time", "--version");
        return version is not null && version.Contains("GNU", StringComparison.Ordinal) ? "/usr/bin/time" : null;
    }
}
