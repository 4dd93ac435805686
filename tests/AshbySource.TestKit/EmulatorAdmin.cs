using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbySource.TestKit;

/// <summary>
/// The bundled Ashby emulator's admin API (<c>/_admin/…</c>, see src/AshbyEmulator/Admin), for an emulator in
/// the test process or in a process of its own. A call the emulator does not answer with 200 throws with its answer.
/// </summary>
public sealed class EmulatorAdmin(Uri baseUri, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = timeout };

    /// <summary>Every id a complete sync of the stream must see.</summary>
    public async Task<HashSet<string>> IdsAsync(string stream)
    {
        var ids = await _http.GetFromJsonAsync<List<string>>($"_admin/ids?table={stream}");
        return ids!.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Each row of a child or embedded stream with the id of the parent it is read under (<c>withParent=true</c>).</summary>
    public async Task<List<(string Id, string Parent)>> PairsAsync(string stream)
    {
        var pairs = await _http.GetFromJsonAsync<List<JsonObject>>($"_admin/ids?table={stream}&withParent=true");
        return [.. pairs!.Select(p => ((string)p["id"]!, (string)p["parentId"]!))];
    }

    /// <summary>
    /// Every primary key a complete sync of the stream must see, its fields joined by '/': a two-field key is the id
    /// of the parent the row is read under, then the row's id.
    /// </summary>
    public async Task<HashSet<string>> KeysAsync(string stream, int keyFields) => keyFields == 2
        ? [.. (await PairsAsync(stream)).Select(p => $"{p.Parent}/{p.Id}")]
        : await IdsAsync(stream);

    /// <summary>Mutates the dataset (e.g. <c>new { fraction = 0.1 }</c>); the answer lists, per table, what changed.</summary>
    public Task<JsonObject> MutateAsync(object request) => PostAsync("_admin/mutate", request);

    /// <summary>Per stream, every id that a <see cref="MutateAsync"/> answer says was created, updated or archived.</summary>
    public static Dictionary<string, HashSet<string>> ChangedIds(JsonObject mutation)
    {
        var changed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (table, lists) in mutation["tables"]!.AsObject())
        {
            changed[table] = lists!.AsObject().SelectMany(l => l.Value!.AsArray().Select(id => (string)id!)).ToHashSet(StringComparer.Ordinal);
        }

        return changed;
    }

    public Task InjectAsync(string endpoint, int page, string code, int times = 1) =>
        PostAsync("_admin/inject", new { endpoint, page, code, times });

    public Task ExpireAsync() => PostAsync("_admin/expire", new { tokens = true, cursors = true });

    public Task FaultsAsync(IEnumerable<string> classes, double rate, int seed, int? slowMs = null) =>
        PostAsync("_admin/faults", new { classes, rate, seed, slowMs });

    public Task<JsonObject> StatsAsync() => GetAsync("_admin/stats");

    public Task ResetStatsAsync() => PostAsync("_admin/stats/reset", new { });

    public Task<JsonObject> InfoAsync() => GetAsync("_admin/info");

    /// <summary>Any admin call: GET when <paramref name="body"/> is null, else POST with it as JSON (a string is sent as is).</summary>
    public async Task<string> SendAsync(string path, object? body = null)
    {
        using var content = body is null ? null : new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = content is null ? await _http.GetAsync(new Uri(path, UriKind.Relative)) : await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? text
            : throw new HttpRequestException($"emulator {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> GetAsync(string path) => JsonNode.Parse(await SendAsync(path))!.AsObject();

    private async Task<JsonObject> PostAsync(string path, object body) => JsonNode.Parse(await SendAsync(path, body)) as JsonObject ?? [];
}
