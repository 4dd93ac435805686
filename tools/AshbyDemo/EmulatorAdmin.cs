using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AshbyDemo;

/// <summary>The emulator's admin API (src/AshbyEmulator/README.md "Admin API"): what the demo changes and counts.</summary>
internal sealed class EmulatorAdmin(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public async Task ResetStatsAsync() => (await _http.PostAsync("/_admin/stats/reset", null)).EnsureSuccessStatusCode();

    /// <summary>Requests served since the last reset, in total and per endpoint.</summary>
    public async Task<RequestCount> StatsAsync()
    {
        var stats = (await _http.GetFromJsonAsync<JsonObject>("/_admin/stats"))!;
        var byEndpoint = stats["byEndpoint"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!, StringComparer.Ordinal);
        return new RequestCount((long)stats["requests"]!, byEndpoint);
    }

    /// <summary>Changes about <paramref name="fraction"/> of every table; returns the ids that changed, per table.</summary>
    public async Task<Dictionary<string, HashSet<string>>> MutateAsync(double fraction)
    {
        using var response = await _http.PostAsJsonAsync("/_admin/mutate", new JsonObject { ["fraction"] = fraction });
        response.EnsureSuccessStatusCode();
        var tables = (await response.Content.ReadFromJsonAsync<JsonObject>())!["tables"]!.AsObject();
        return tables.ToDictionary(
            t => t.Key,
            t => t.Value!.AsObject().SelectMany(kind => kind.Value!.AsArray().Select(id => (string)id!)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Every id a complete sync of the table sees.</summary>
    public async Task<HashSet<string>> IdsAsync(string table) =>
        (await _http.GetFromJsonAsync<JsonArray>($"/_admin/ids?table={table}"))!.Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);

    public void Dispose() => _http.Dispose();
}

/// <summary>Requests the emulator served.</summary>
internal sealed record RequestCount(long Total, IReadOnlyDictionary<string, long> ByEndpoint)
{
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
