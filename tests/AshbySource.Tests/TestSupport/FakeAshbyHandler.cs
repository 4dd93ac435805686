using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbySource.Tests.TestSupport;

/// <summary>A request the connector sent, as the fake saw it.</summary>
internal sealed record RecordedRequest(string Endpoint, JsonObject Body, string? Authorization, string? ContentType, string? UserAgent, string? AshbyVersion = null);

/// <summary>
/// Plays scripted Ashby answers and records every request. Answers are queued per endpoint; when a queue is
/// empty the fallback answers (by default: an empty last page).
/// </summary>
internal sealed class FakeAshbyHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<RecordedRequest, HttpResponseMessage>>> _scripts = new(StringComparer.Ordinal);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, HttpResponseMessage> Fallback { get; set; } = _ => Json(Page([], more: false));

    public FakeAshbyHandler On(string endpoint, Func<RecordedRequest, HttpResponseMessage> answer)
    {
        _scripts.GetOrAdd(endpoint, _ => new()).Enqueue(answer);
        return this;
    }

    public FakeAshbyHandler On(string endpoint, string jsonBody, HttpStatusCode status = HttpStatusCode.OK) =>
        On(endpoint, _ => Json(jsonBody, status));

    public IReadOnlyList<RecordedRequest> RequestsTo(string endpoint) => Requests.Where(r => r.Endpoint == endpoint).ToList();

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(string body, HttpStatusCode status) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };

    /// <summary>A list page in Ashby's envelope.</summary>
    public static string Page(IEnumerable<string> records, bool more, string? nextCursor = null, string? syncToken = null)
    {
        var page = new StringBuilder("{\"success\":true,\"results\":[");
        page.Append(string.Join(",", records));
        page.Append("],\"moreDataAvailable\":").Append(more ? "true" : "false");
        if (nextCursor is not null)
        {
            page.Append(",\"nextCursor\":").Append(JsonSerializer.Serialize(nextCursor));
        }

        if (syncToken is not null)
        {
            page.Append(",\"syncToken\":").Append(JsonSerializer.Serialize(syncToken));
        }

        return page.Append('}').ToString();
    }

    /// <summary>Every scope the connector's streams need, as apiKey.info lists them.</summary>
    public const string AllScopes = """["candidates:read","jobs:read","interviews:read","hiringProcessMetadata:read","organization:read","offers:read","approvals:read","apiKeys:read"]""";

    /// <summary><see cref="AllScopes"/> but approvals:read, which only the approvals stream needs.</summary>
    public const string AllScopesButApprovals = """["candidates:read","jobs:read","interviews:read","hiringProcessMetadata:read","organization:read","offers:read","apiKeys:read"]""";

    /// <summary>An apiKey.info answer for a key with <paramref name="scopes"/> (a JSON array).</summary>
    public static string KeyInfo(string scopes) =>
        $$$"""{"success":true,"results":{"title":"Warehouse","createdAt":"2024-01-01T00:00:00.000Z","scopes":{{{scopes}}}}}""";

    public static string Error(string code, string message = "error") =>
        $$$"""{"success":false,"errors":["{{{code}}}"],"errorInfo":{"code":"{{{code}}}","message":"{{{message}}}","requestId":"req-1"}}""";

    public static IEnumerable<string> Rows(string prefix, int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => $$"""{"id":"{{prefix}}-{{i}}","updatedAt":"2024-01-01T00:00:00.000Z"}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var bodyText = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.RequestUri!.AbsolutePath.TrimStart('/'),
            JsonNode.Parse(bodyText)!.AsObject(),
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            request.Headers.UserAgent.ToString(),
            request.Headers.TryGetValues("Ashby-Version", out var versions) ? string.Join(",", versions) : null);
        Requests.Enqueue(recorded);
        var answer = _scripts.TryGetValue(recorded.Endpoint, out var queue) && queue.TryDequeue(out var scripted) ? scripted : Fallback;
        return answer(recorded);
    }
}
