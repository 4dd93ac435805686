using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AshbySource.Configuration;

namespace AshbySource.Streams;

/// <summary>The JSON Schema of each stream, embedded from <c>schemas/{name}.json</c>.</summary>
internal static class SchemaStore
{
    private static readonly ConcurrentDictionary<string, JsonNode> Cache = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the stream's schema (callers may attach it to another tree).</summary>
    public static JsonNode Get(string streamName) =>
        Cache.GetOrAdd(streamName, static name => JsonNode.Parse(SpecDocument.ReadResource($"schemas/{name}.json"))!).DeepClone();
}
