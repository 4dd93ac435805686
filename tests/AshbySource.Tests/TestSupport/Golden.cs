using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbySource.Tests.TestSupport;

/// <summary>
/// Golden files of what users see (spec, catalog), and the files and regions of files generated from the stream
/// table. A change to them shows up as a diff in review. Run the tests with UPDATE_GOLDEN=1 to rewrite them after an
/// intended change (twice when the change reaches src/AshbySource/Configuration/spec.json: the connector embeds it,
/// so the spec golden files follow only after the rebuild of the second run).
/// </summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    // Generated files outside the test project are read by people and by Python tools: '>' stays '>'.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions PrettyRelaxed = new(Relaxed) { WriteIndented = true };

    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>The golden file in the source tree.</summary>
    public static string SourcePath(string name) => RepoFiles.File("tests", "AshbySource.Tests", "Golden", name);

    public static void AssertMatches(string name, JsonNode actual)
    {
        var path = SourcePath(name);
        if (Updating)
        {
            File.WriteAllText(path, actual.ToJsonString(Pretty) + "\n");
        }

        File.Exists(path).Should().BeTrue($"golden file {name} exists (run with UPDATE_GOLDEN=1 to create it)");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        JsonNode.DeepEquals(expected, actual).Should().BeTrue($"the output matches Golden/{name}; if the change is intended, run the tests with UPDATE_GOLDEN=1 and review the diff");
    }

    /// <summary>A generated JSON file of the repository (<paramref name="path"/> from its root): equal to <paramref name="expected"/> as JSON.</summary>
    public static void AssertRepoJson(JsonNode expected, params string[] path) =>
        AssertRepoFile(expected.ToJsonString(PrettyRelaxed) + "\n", current => JsonNode.DeepEquals(JsonNode.Parse(current), expected), path);

    /// <summary>A generated JSON array of the repository, written one item a line.</summary>
    public static void AssertRepoJsonLines(JsonArray expected, params string[] path) =>
        AssertRepoFile(
            "[\n  " + string.Join(",\n  ", expected.Select(item => item!.ToJsonString(Relaxed))) + "\n]\n",
            current => JsonNode.DeepEquals(JsonNode.Parse(current), expected),
            path);

    /// <summary>
    /// Every generated region <paramref name="name"/> of a document: the text between the markers
    /// <c>&lt;!-- name …--&gt;</c> and <c>&lt;!-- /name --&gt;</c> in markdown, or the lines between <c># name …</c> and
    /// <c># /name</c> in YAML. A block region's text starts and ends with a line break; an inline one sits inside a line.
    /// </summary>
    public static void AssertRegion(string expected, string name, params string[] path)
    {
        var file = RepoFiles.File(path);
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");
        var regions = Regions(text, name, yaml: file.EndsWith(".yaml", StringComparison.Ordinal));
        regions.Should().NotBeEmpty($"{string.Join('/', path)} marks the generated region {name}");
        if (Updating)
        {
            foreach (var (start, end) in regions.AsEnumerable().Reverse())
            {
                text = string.Concat(text.AsSpan(0, start), expected, text.AsSpan(end));
            }

            File.WriteAllText(file, text);
            return;
        }

        foreach (var (start, end) in regions)
        {
            text[start..end].Should().Be(expected, $"the region {name} of {string.Join('/', path)} is generated from the stream table; if the table changed, run the tests with UPDATE_GOLDEN=1 and review the diff");
        }
    }

    /// <summary>
    /// A generated string value of a JSON file: the value at <paramref name="property"/> (a path of property names)
    /// of <paramref name="path"/>. Under UPDATE_GOLDEN=1 only that string is replaced, so the file keeps its layout.
    /// </summary>
    public static void AssertJsonString(string expected, string[] property, params string[] path)
    {
        var file = RepoFiles.File(path);
        var text = File.ReadAllText(file);
        var current = (string?)property.Aggregate(JsonNode.Parse(text), (node, name) => node?[name]);
        if (Updating && current != expected)
        {
            var quoted = JsonSerializer.Serialize(current, PrettyRelaxed);
            text.Split(quoted).Length.Should().Be(2, $"the value of {string.Join('.', property)} occurs once in {file}, written as {quoted}");
            File.WriteAllText(file, text.Replace(quoted, JsonSerializer.Serialize(expected, PrettyRelaxed), StringComparison.Ordinal));
            return;
        }

        current.Should().Be(expected, $"{string.Join('.', property)} in {string.Join('/', path)} is generated from the stream table; if the table changed, run the tests with UPDATE_GOLDEN=1 and review the diff");
    }

    private static void AssertRepoFile(string generated, Func<string, bool> matches, string[] path)
    {
        var file = RepoFiles.File(path);
        if (Updating && !(File.Exists(file) && matches(File.ReadAllText(file))))
        {
            File.WriteAllText(file, generated);
        }

        File.Exists(file).Should().BeTrue($"{string.Join('/', path)} exists (run with UPDATE_GOLDEN=1 to create it)");
        matches(File.ReadAllText(file)).Should().BeTrue($"{string.Join('/', path)} is generated from the stream table; if the table changed, run the tests with UPDATE_GOLDEN=1 and review the diff");
    }

    private static List<(int Start, int End)> Regions(string text, string name, bool yaml)
    {
        var (open, close) = yaml ? ("# ", "\n") : ("<!-- ", "-->");
        var endMarker = yaml ? $"# /{name}\n" : $"<!-- /{name} -->";
        var regions = new List<(int, int)>();
        for (var begin = text.IndexOf(open + name, StringComparison.Ordinal); begin >= 0; begin = text.IndexOf(open + name, begin + 1, StringComparison.Ordinal))
        {
            var start = text.IndexOf(close, begin, StringComparison.Ordinal) + close.Length;
            var end = text.IndexOf(endMarker, start, StringComparison.Ordinal);
            end.Should().BeGreaterThan(0, $"every region {name} ends with {endMarker.Trim()}");

            // A YAML marker is a whole line: the indentation before it is the marker's, not the region's.
            regions.Add((start, yaml ? text.LastIndexOf('\n', end) + 1 : end));
        }

        return regions;
    }
}
