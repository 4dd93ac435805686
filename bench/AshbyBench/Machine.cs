using System.Globalization;
using System.Runtime.InteropServices;

namespace AshbyBench;

/// <summary>What the bench ran on, and how busy the machine was.</summary>
internal static class Machine
{
    public static string Cpu
    {
        get
        {
            var model = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            return $"{Environment.ProcessorCount} cores{(model is null ? string.Empty : $" ({model})")}";
        }
    }

    public static string Memory
    {
        get
        {
            var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is null)
            {
                return "unknown";
            }

            var kb = long.Parse(line[9..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB");
        }
    }

    public static string OperatingSystem
    {
        get
        {
            var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"');
            var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault();
            return $"{pretty ?? RuntimeInformation.OSDescription}, Linux {kernel} {RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    public static string DotNet => $"{RuntimeInformation.FrameworkDescription}, SDK {Repo.Capture("dotnet", "--version") ?? "unknown"}";

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage => string.Join(' ', (ReadLines("/proc/loadavg").FirstOrDefault() ?? "? ? ?").Split(' ').Take(3));

    public static double Load1 =>
        double.TryParse(LoadAverage.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    public static string Commit
    {
        get
        {
            var commit = Repo.Capture("git", "rev-parse", "--short", "HEAD") ?? "unknown";
            var dirty = Repo.Capture("git", "status", "--porcelain", "--", "src", "schemas");
            return string.IsNullOrEmpty(dirty) ? commit : $"{commit} (plus uncommitted changes under src/ or schemas/)";
        }
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
