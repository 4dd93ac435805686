using Docker.DotNet;
using DotNet.Testcontainers.Configurations;

namespace AshbySource.ContainerTests.Support;

/// <summary>
/// Decides once whether the container tests can run: a Docker engine answers and the source-ashby image exists.
/// Outside CI a missing engine or image skips the tests with a hint; in CI (CI=true) it fails them.
/// It also fits Testcontainers to the engine, so it must run before Testcontainers is first used.
/// </summary>
internal static class DockerGate
{
    private const string Hint = "run scripts/docker/setup.sh (installs and starts Docker, makes the base images, builds the source-ashby image)";

    private static readonly Lazy<string?> Problem = new(FindProblem);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Call first in every test that needs Docker.</summary>
    public static void Require()
    {
        if (Problem.Value is not { } problem)
        {
            return;
        }

        if (InCi)
        {
            throw new Xunit.Sdk.XunitException($"CI=true and {problem}; {Hint}");
        }

        Skip.If(true, $"{problem}; {Hint}");
    }

    private static void FitTestcontainers(string? engineApiVersion)
    {
        // Testcontainers speaks Docker API 1.44 unless told otherwise; Debian 12's docker.io (20.10) answers at
        // most 1.41 and rejects newer clients. Use the engine's own version when it is older.
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null
            && Version.TryParse(engineApiVersion, out var api) && api < new Version(1, 44))
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engineApiVersion);
        }

        // The resource reaper (Ryuk) is an image from Docker Hub, which can't be pulled here; every container
        // is removed by DisposeAsync instead.
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    private static string? FindProblem()
    {
        try
        {
            using var client = new DockerClientBuilder().Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.System.PingAsync(cts.Token).GetAwaiter().GetResult();
            FitTestcontainers(client.System.GetVersionAsync(cts.Token).GetAwaiter().GetResult().APIVersion);
            try
            {
                client.Images.InspectImageAsync(ConnectorContainer.Image, cts.Token).GetAwaiter().GetResult();
            }
            catch (DockerImageNotFoundException)
            {
                return $"the Docker image `{ConnectorContainer.Image}` does not exist";
            }

            return null;
        }
#pragma warning disable CA1031 // Any failure to reach the engine means "no Docker" here.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"no Docker engine answers ({ex.GetType().Name}: {ex.Message})";
        }
    }
}
