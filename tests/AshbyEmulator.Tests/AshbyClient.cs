using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Tests;

/// <summary>
/// A minimal Ashby client for the tests: raw responses, parsed envelopes and whole passes. It sends through
/// <paramref name="handler"/> when given (it then owns it).
/// </summary>
internal sealed class AshbyClient(string baseUrl, string? apiKey = DemoKeys.FullAccess, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler()) { BaseAddress = new Uri(baseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    private readonly EmulatorAdmin _admin = new(new Uri(baseUrl + "/"), TimeSpan.FromSeconds(30));

    public sealed record Reply(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public bool Success => Json.GetProperty("success").GetBoolean();

        public string? ErrorCode => Json.TryGetProperty("errorInfo", out var e) ? e.GetProperty("code").GetString() : null;

        public JsonElement[] Results => [.. Json.GetProperty("results").EnumerateArray()];

        public bool More => Json.GetProperty("moreDataAvailable").GetBoolean();

        public string? NextCursor => Json.TryGetProperty("nextCursor", out var c) ? c.GetString() : null;

        public string? SyncToken => Json.TryGetProperty("syncToken", out var t) ? t.GetString() : null;
    }

    /// <summary>Sent as the <c>Ashby-Version</c> header on every API request when set.</summary>
    public string? AshbyVersion { get; init; }

    public sealed record Pass(List<JsonElement> Rows, int Pages, string? SyncToken)
    {
        public HashSet<string> Ids => [.. Rows.Select(r => r.GetProperty("id").GetString()!)];
    }

    public async Task<Reply> PostAsync(string endpoint, string body = "{}", string? key = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var k = key ?? apiKey;
        if (k is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(k + ":")));
        }

        if (AshbyVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("Ashby-Version", AshbyVersion);
        }

        using var response = await _http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    public Task<Reply> PostAsync(string endpoint, object body, string? key = null) => PostAsync(endpoint, JsonSerializerLite.Serialize(body), key);

    /// <summary>Runs a whole pass, resending the body with each cursor; fails on any error.</summary>
    public async Task<Pass> PassAsync(string endpoint, Dictionary<string, object?> body)
    {
        var rows = new List<JsonElement>();
        var pages = 0;
        string? cursor = null;
        while (true)
        {
            var b = new Dictionary<string, object?>(body);
            if (cursor is not null)
            {
                b["cursor"] = cursor;
            }

            var reply = await PostAsync(endpoint, b);
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Body);
            reply.Success.Should().BeTrue(reply.Body);
            pages++;
            rows.AddRange(reply.Results);
            if (!reply.Json.TryGetProperty("moreDataAvailable", out var more) || !more.GetBoolean())
            {
                return new Pass(rows, pages, reply.SyncToken);
            }

            cursor = reply.NextCursor;
            cursor.Should().NotBeNull();
            pages.Should().BeLessThan(100_000);
        }
    }

    /// <summary>An admin call (GET without a body, POST with one); fails unless the emulator answers 200.</summary>
    public async Task<JsonElement> AdminAsync(string path, object? body = null) =>
        JsonDocument.Parse(await _admin.SendAsync("_admin/" + path, body is null ? null : JsonSerializerLite.Serialize(body))).RootElement;

    /// <summary>Every id a complete sync of <paramref name="table"/> sees (<c>/_admin/ids</c>).</summary>
    public async Task<HashSet<string>> AdminIdsAsync(string table) =>
        [.. (await AdminAsync($"ids?table={table}")).EnumerateArray().Select(x => x.GetString()!)];

    /// <summary>Each row of a child or embedded stream with the id of the parent it is read under.</summary>
    public async Task<List<(string Id, string Parent)>> AdminPairsAsync(string table) =>
        [.. (await AdminAsync($"ids?table={table}&withParent=true")).EnumerateArray()
            .Select(x => (x.GetProperty("id").GetString()!, x.GetProperty("parentId").GetString()!))];

    public HttpClient Http => _http;

    public void Dispose()
    {
        _http.Dispose();
        _admin.Dispose();
    }
}

/// <summary>Serialises the anonymous/dictionary bodies the tests build (small and reflection-light).</summary>
internal static class JsonSerializerLite
{
    public static string Serialize(object? value) => value switch
    {
        string s => s.TrimStart().StartsWith('{') ? s : JsonSerializer.Serialize(s),
        _ => JsonSerializer.Serialize(value),
    };
}
