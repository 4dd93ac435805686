using System.Text.Json.Nodes;

namespace AshbySource.ContainerTests.Support;

/// <summary>
/// The connector's streams as its golden <c>discover</c> output lists them (tests/AshbySource.Tests/Golden/discover.json,
/// which the connector's tests keep equal to what its stream table discovers): no list of names to keep by hand.
/// </summary>
internal static class Streams
{
    private static readonly JsonObject[] Discovered =
        [.. JsonNode.Parse(RepoFiles.ReadText("tests", "AshbySource.Tests", "Golden", "discover.json"))!["streams"]!.AsArray().Select(s => s!.AsObject())];

    public static readonly string[] All = [.. Discovered.Select(Name)];

    /// <summary>Streams whose pass follows a sync token (their own endpoint's, or their parent's).</summary>
    public static readonly string[] Incremental =
        [.. Discovered.Where(s => s["supported_sync_modes"]!.AsArray().Any(m => (string?)m == "incremental")).Select(Name)];

    private static readonly Dictionary<string, string[]> Keys = Discovered.ToDictionary(
        Name,
        s => s["source_defined_primary_key"]!.AsArray().Select(path => (string)path![0]!).ToArray(),
        StringComparer.Ordinal);

    /// <summary>The fields of the stream's primary key.</summary>
    public static string[] KeyFields(string stream) => Keys[stream];

    private static string Name(JsonObject stream) => (string)stream["name"]!;
}
