using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AshbyBench;

/// <summary>
/// The ceiling the emulator allows: fetches the same pages the connector fetches (the same
/// <c>{"limit":100,"cursor":…}</c> bodies, the same Basic auth, one kept-alive connection, one request at a
/// time) and throws them away. The only thing it reads is the next cursor, found by a byte search from the end
/// of the body (where the emulator puts it) instead of a JSON parse. Runs as a child process
/// (<c>ashby-bench bare URL ENDPOINT LIMIT KEY [MAX_PAGES|all [WINDOWS]]</c>) so that its CPU and memory are measured
/// like the connector's. With WINDOWS it reads the pass as the connector reads a full pass of <c>candidate.list</c>:
/// that many equal creation-time windows from 2012-01-01 to now (WindowedPass in src/AshbySource/Streams), the first
/// open below and the last open above, one after another, so the emulator serves the same filtered pages to both.
/// </summary>
internal static class BareClient
{
    private static readonly byte[] MoreData = "\"moreDataAvailable\":true"u8.ToArray();
    private static readonly byte[] NextCursor = "\"nextCursor\":\""u8.ToArray();

    /// <summary>Where the connector's windows start without a start date (WindowedPass.GridStart).</summary>
    private static readonly DateTimeOffset GridStart = new(2012, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string url, string endpoint, int limit, string apiKey, int? maxPages, int windows = 1)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey + ":")));
        var json = new MediaTypeHeaderValue("application/json");
        var endpointUri = new Uri(endpoint, UriKind.Relative);
        var buffer = new byte[1 << 20];

        // One untimed request first: the connection and this process's JIT are set up before the clock starts.
        var (from, to) = (GridStart.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        string window = string.Empty;
        await FetchAsync(null);
        long pages = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < windows && (maxPages is null || pages < maxPages); index++)
        {
            window = windows == 1 ? string.Empty : string.Concat(
                index == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $",\"createdAfter\":{Bound(index)}"),
                index == windows - 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $",\"createdBefore\":{Bound(index + 1)}"));
            string? cursor = null;
            do
            {
                var length = await FetchAsync(cursor);
                if (length < 0)
                {
                    return 1;
                }

                pages++;
                bytes += length;
                cursor = FindNextCursor(buffer.AsSpan(0, length));
            }
            while (cursor is not null && (maxPages is null || pages < maxPages));
        }

        clock.Stop();
        Console.WriteLine(new JsonObject { ["pages"] = pages, ["bytes"] = bytes, ["seconds"] = clock.Elapsed.TotalSeconds }.ToJsonString());
        return 0;

        long Bound(int index) => from + (long)((Int128)(to - from) * index / windows);

        // Sends one page request of the current window and reads the whole body into the buffer; -1 on an HTTP error.
        async Task<int> FetchAsync(string? pageCursor)
        {
            var body = pageCursor is null
                ? string.Create(CultureInfo.InvariantCulture, $"{{\"limit\":{limit}{window}}}")
                : string.Create(CultureInfo.InvariantCulture, $"{{\"limit\":{limit}{window},\"cursor\":\"{pageCursor}\"}}");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpointUri) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.ContentType = json;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"HTTP {(int)response.StatusCode}");
                return -1;
            }

            var length = 0;
            await using var stream = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            return length;
        }
    }

    /// <summary>The next page's cursor, or null on the last page (<c>moreDataAvailable</c> not true).</summary>
    private static string? FindNextCursor(ReadOnlySpan<byte> body)
    {
        if (body.LastIndexOf(MoreData) < 0)
        {
            return null;
        }

        var at = body.LastIndexOf(NextCursor);
        if (at < 0)
        {
            throw new InvalidOperationException("moreDataAvailable without a nextCursor");
        }

        var rest = body[(at + NextCursor.Length)..];
        return Encoding.ASCII.GetString(rest[..rest.IndexOf((byte)'"')]);
    }
}
