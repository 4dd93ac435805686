using System.Reflection;

namespace AshbySource.TestKit;

/// <summary>
/// Files of the repository: found by walking up from the running binaries to AshbySource.sln, not from the
/// compiler's file paths (CI builds are deterministic and map source paths to <c>/_/</c>).
/// </summary>
public static class RepoFiles
{
    public const string Solution = "AshbySource.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this build (Debug or Release); the solution builds every project in the same one.</summary>
    public static string Configuration =>
        typeof(RepoFiles).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    /// <summary>The build output <paramref name="file"/> of the project in <paramref name="projectFolder"/> (e.g. <c>src/AshbyEmulator</c>).</summary>
    public static string Built(string projectFolder, string file)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", file);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{file} is not built (building the solution in {Configuration} builds it)", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, Solution)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"{Solution} not found above {AppContext.BaseDirectory}: run from inside the repository");
    }
}
