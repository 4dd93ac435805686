using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;

namespace AshbySource.ContainerTests.Support;

/// <summary>
/// Runs the source-ashby image once, the way Airbyte's harnesses do: files copied into the container
/// (here under /secrets, as the CDK's docker tests do), the connector's stdout and stderr collected after it exits.
/// The container uses the host's network so that it reaches the emulator on 127.0.0.1 (the emulator binds
/// loopback only, and the connector allows plain http only for loopback hosts).
/// </summary>
internal static class ConnectorContainer
{
    public const string Image = "source-ashby";

    /// <summary>Runs the image's own ENTRYPOINT with <paramref name="args"/>.</summary>
    public static Task<RunResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? files = null, TimeSpan? timeout = null) =>
        RunCoreAsync(entrypoint: null, args, files, timeout);

    /// <summary>Runs a shell command instead of the ENTRYPOINT (e.g. <c>eval "$AIRBYTE_ENTRYPOINT spec"</c>).</summary>
    public static Task<RunResult> RunShellAsync(string script, IReadOnlyDictionary<string, string>? files = null, TimeSpan? timeout = null) =>
        RunCoreAsync(entrypoint: ["/bin/sh", "-c"], [script], files, timeout);

    private static async Task<RunResult> RunCoreAsync(string[]? entrypoint, string[] args, IReadOnlyDictionary<string, string>? files, TimeSpan? timeout)
    {
        DockerGate.Require(); // also fits Testcontainers to the engine before its first use
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var builder = new ContainerBuilder(Image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCreateParameterModifier(p => p.HostConfig!.NetworkMode = "host")
            .WithCommand(args);
        if (entrypoint is not null)
        {
            builder = builder.WithEntrypoint(entrypoint);
        }

        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            builder = builder.WithResourceMapping(Encoding.UTF8.GetBytes(content), FilePath.Of(path));
        }

        await using var container = builder.Build();
        await container.StartAsync(cts.Token);
        var exitCode = await container.GetExitCodeAsync(cts.Token);
        var (stdout, stderr) = await container.GetLogsAsync(timestampsEnabled: false, ct: cts.Token);
        return new RunResult(exitCode, stdout, stderr);
    }
}
