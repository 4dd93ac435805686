using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbySource.Tests.TestSupport;

/// <summary>
/// Golden files of what users see (spec, catalog). A change to them shows up as a diff in review. Run the tests
/// with UPDATE_GOLDEN=1 to rewrite them after an intended change.
/// </summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    /// <summary>The golden file in the source tree.</summary>
    public static string SourcePath(string name) => RepoFiles.File("tests", "AshbySource.Tests", "Golden", name);

    public static void AssertMatches(string name, JsonNode actual)
    {
        var path = SourcePath(name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual.ToJsonString(Pretty) + "\n");
        }

        File.Exists(path).Should().BeTrue($"golden file {name} exists (run with UPDATE_GOLDEN=1 to create it)");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        JsonNode.DeepEquals(expected, actual).Should().BeTrue($"the output matches Golden/{name}; if the change is intended, run the tests with UPDATE_GOLDEN=1 and review the diff");
    }
}
