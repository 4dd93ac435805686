using System.Diagnostics;

namespace AshbySource.TestKit;

/// <summary>How the tests, the demo and the bench start <c>dotnet</c> (a built assembly or an SDK command) as a child with stdout and stderr piped.</summary>
public static class DotnetCommand
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
