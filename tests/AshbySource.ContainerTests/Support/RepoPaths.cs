namespace AshbySource.ContainerTests.Support;

/// <summary>Files of the repository the tests read: found by walking up from the test binaries to AshbySource.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "AshbySource.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AshbySource.sln not found above {AppContext.BaseDirectory}");
    }
}
