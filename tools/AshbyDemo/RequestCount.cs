using System.Text.Json.Nodes;

namespace AshbyDemo;

/// <summary>Requests the emulator served, and which Ashby endpoint each stream reads.</summary>
internal sealed record RequestCount(long Total, IReadOnlyDictionary<string, long> ByEndpoint, IReadOnlyDictionary<string, string> EndpointOfStream)
{
    /// <summary>
    /// What the emulator's <c>/_admin/stats</c> answers (requests since the last reset, in total and per endpoint),
    /// with the endpoint of each stream from <c>/_admin/info</c>.
    /// </summary>
    public static RequestCount FromStats(JsonObject stats, JsonObject info) =>
        new(
            (long)stats["requests"]!,
            stats["byEndpoint"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!, StringComparer.Ordinal),
            info["streams"]!.AsObject().Where(s => s.Value is not null).ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal));

    /// <summary>
    /// Requests of the stream's own endpoint: a child stream's one request per parent. Its pass over the parent
    /// counts on the parent's row, and a stream derived from another's records (no endpoint of its own) makes none.
    /// Streams that take different arrays of one endpoint's answers (a pool's members and trainees) ask it once per
    /// parent each, so each gets an equal share of its requests.
    /// </summary>
    public long Of(string stream) =>
        EndpointOfStream.TryGetValue(stream, out var endpoint)
            ? ByEndpoint.GetValueOrDefault(endpoint) / EndpointOfStream.Values.Count(e => e == endpoint)
            : 0;
}
