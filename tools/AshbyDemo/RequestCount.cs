using System.Text.Json.Nodes;

namespace AshbyDemo;

/// <summary>Requests the emulator served.</summary>
internal sealed record RequestCount(long Total, IReadOnlyDictionary<string, long> ByEndpoint)
{
    /// <summary>What the emulator's <c>/_admin/stats</c> answers: requests since the last reset, in total and per endpoint.</summary>
    public static RequestCount FromStats(JsonObject stats) =>
        new((long)stats["requests"]!, stats["byEndpoint"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!, StringComparer.Ordinal));

    /// <summary>
    /// Requests of one stream. Ashby's list endpoints are the stream's name in camelCase and singular
    /// (<c>interview_schedules</c> → <c>interviewSchedule.list</c>).
    /// </summary>
    public long Of(string stream)
    {
        var words = stream.Split('_');
        var endpoint = words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return ByEndpoint.GetValueOrDefault($"{(endpoint.EndsWith('s') ? endpoint[..^1] : endpoint)}.list");
    }
}
