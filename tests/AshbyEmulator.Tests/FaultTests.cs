using System.Net;
using System.Text.Json;

namespace AshbyEmulator.Tests;

public sealed class FaultTests : SlowTests
{
    [Theory]
    [InlineData("429", 429, "1", "rate_limit_exceeded")]
    [InlineData("429-no-retry-after", 429, null, "rate_limit_exceeded")]
    [InlineData("429-partner", 429, "2", "rate_limit_exceeded")]
    [InlineData("transient200", 200, null, "rate_limit_exceeded")]
    [InlineData("500", 500, null, null)]
    [InlineData("502", 502, null, null)]
    [InlineData("503", 503, null, null)]
    [InlineData("504", 504, null, null)]
    public async Task Status_faults_are_observable_and_retries_get_through(string fault, int status, string? retryAfter, string? code)
    {
        await using var emulator = await StartWithFaultAsync(fault);
        using var client = new AshbyClient(emulator.BaseUrl);
        var bodies = new HashSet<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var reply = await client.PostAsync("candidate.list", new { limit = 5 });
            ((int)reply.Status).Should().Be(status);
            reply.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(retryAfter);
            if (retryAfter is null)
            {
                reply.Headers.RetryAfter.Should().BeNull();
            }

            if (fault == "429-partner")
            {
                reply.Headers.GetValues("X-RateLimit-Scope").Should().Equal("integration-partner");
            }

            if (code is not null)
            {
                reply.ErrorCode.Should().Be(code);
            }

            bodies.Add(reply.ContentHeaders.ContentType?.MediaType ?? "");
        }
        // Never more than three faults in a row for the same request.
        var fourth = await client.PostAsync("candidate.list", new { limit = 5 });
        fourth.Success.Should().BeTrue();
        var stats = await client.AdminAsync("stats");
        stats.GetProperty("faults").GetProperty(fault).GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Server_errors_mix_envelope_and_plain_text_bodies()
    {
        await using var emulator = await StartWithFaultAsync("502");
        using var client = new AshbyClient(emulator.BaseUrl);
        var kinds = new HashSet<string>();
        for (var i = 1; i <= 20; i++)
        {
            var reply = await client.PostAsync("candidate.list", new { limit = i });
            kinds.Add(reply.ContentHeaders.ContentType!.MediaType!);
        }
        kinds.Should().BeEquivalentTo(["application/json", "text/plain"]);
    }

    [Fact]
    public async Task Truncate_sends_a_complete_http_response_with_half_a_json_body()
    {
        await using var emulator = await StartWithFaultAsync("truncate");
        using var client = new AshbyClient(emulator.BaseUrl);
        var reply = await client.PostAsync("candidate.list", new { limit = 3 });
        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.Should().StartWith("{\"success\":true,\"results\":[");
        reply.ContentHeaders.ContentLength.Should().Be(System.Text.Encoding.UTF8.GetByteCount(reply.Body));
        var parse = () => JsonDocument.Parse(reply.Body);
        parse.Should().Throw<JsonException>();
    }

    [Fact]
    public async Task Reset_aborts_the_connection_mid_body()
    {
        await using var emulator = await StartWithFaultAsync("reset");
        using var client = new AshbyClient(emulator.BaseUrl);
        var call = () => client.PostAsync("candidate.list", new { limit = 3 });
        await call.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Slow_stalls_then_answers_and_gives_up_when_the_client_does()
    {
        var time = new FakeClock();
        await using var emulator = await StartWithFaultAsync("slow", o =>
        {
            o.SlowMs = 300;
            o.Time = time;
        });
        var requests = new RequestsInFlight();
        using var client = new AshbyClient(emulator.BaseUrl, handler: requests);

        // The clock moves only while every request on its way is waiting on the emulator's clock.
        bool Busy() => emulator.BusyRequests > 0 || !requests.AllWaitingAtTheServer(emulator.WaitingRequests);

        var (reply, stalled) = await time.RunAsync(async () =>
        {
            var sent = time.GetUtcNow();
            var reply = await client.PostAsync("candidate.list", new { limit = 3 });
            return (reply, time.GetUtcNow() - sent);
        }, Busy);

        stalled.Should().Be(TimeSpan.FromMilliseconds(300), "the stall lasts 300 ms of the emulator's clock");
        reply.Success.Should().BeTrue();

        await client.AdminAsync("faults", new { slowMs = 60_000 });
        using var impatient = new HttpClient(requests, disposeHandler: false) { BaseAddress = new Uri(emulator.BaseUrl + "/") };
        impatient.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("demo-full-access:"u8.ToArray()));
        var before = time.GetUtcNow();
        await time.RunAsync(async () =>
        {
            using var giveUp = new CancellationTokenSource();
            var call = impatient.PostAsync("candidate.list", new StringContent("{\"limit\":4}", System.Text.Encoding.UTF8, "application/json"), giveUp.Token);
            (await time.UntilAsync(() => emulator.WaitingRequests == 1, within: TimeSpan.Zero)).Should().BeTrue("the request waits on the emulator's clock");
            await giveUp.CancelAsync();
            var wait = () => call;
            await wait.Should().ThrowAsync<TaskCanceledException>();
            (await time.UntilAsync(() => emulator.WaitingRequests == 0, within: TimeSpan.Zero)).Should().BeTrue("the emulator stops waiting for a client that left");
        }, Busy);

        time.GetUtcNow().Should().Be(before, "the clock never moved, so only the client going away can have ended the 60 s stall");
    }

    /// <summary>An emulator in this process that answers every API request with <paramref name="fault"/>.</summary>
    private static Task<RunningEmulator> StartWithFaultAsync(string fault, Action<EmulatorOptions>? configure = null) =>
        Emulators.StartAsync(o =>
        {
            o.Faults = [fault];
            o.FaultRate = 1.0;
            configure?.Invoke(o);
        });

    [Fact]
    public async Task Rate_limit_counts_requests_per_sliding_window_of_the_emulator_clock()
    {
        var time = new FakeClock();
        await using var emulator = await Emulators.StartAsync(o =>
        {
            o.RateLimitPerMinute = 2;
            o.Time = time;
        });
        using var client = new AshbyClient(emulator.BaseUrl);
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();
        time.Advance(TimeSpan.FromSeconds(20));
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();
        var limited = await client.PostAsync("candidate.list", new { limit = 1 });
        limited.Status.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(40), "the first request leaves the window 60 s after it arrived");

        time.Advance(TimeSpan.FromSeconds(40));
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();

        await client.AdminAsync("faults", new { rateLimitWindowSeconds = 5 });
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();
        var shortWindow = await client.PostAsync("candidate.list", new { limit = 1 });
        shortWindow.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        shortWindow.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Contain("requests per 5 seconds");
        time.Advance(TimeSpan.FromSeconds(5));
        (await client.PostAsync("candidate.list", new { limit = 1 })).Success.Should().BeTrue();
    }

    [Fact]
    public async Task Fault_decisions_are_reproducible_from_the_seed()
    {
        async Task<List<int>> RunAsync()
        {
            await using var emulator = await Emulators.StartAsync(o =>
            {
                o.Faults = ["500", "503"];
                o.FaultRate = 0.3;
                o.FaultSeed = 7;
            });
            using var client = new AshbyClient(emulator.BaseUrl);
            var statuses = new List<int>();
            for (var i = 1; i <= 40; i++)
            {
                statuses.Add((int)(await client.PostAsync("job.list", new { limit = i % 7 + 1 })).Status);
            }

            return statuses;
        }
        var a = await RunAsync();
        var b = await RunAsync();
        a.Should().Equal(b);
        a.Count(s => s != 200).Should().BeInRange(4, 25);
    }

    [Fact]
    public async Task Admin_faults_switches_classes_at_run_time_and_never_faults_admin()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        await client.AdminAsync("faults", new { classes = Only503, rate = 1.0, seed = 3 });
        ((int)(await client.PostAsync("user.list", "{}")).Status).Should().Be(503);
        (await client.AdminAsync("stats")).GetProperty("faults").GetProperty("503").GetInt32().Should().Be(1);
        await client.AdminAsync("faults", new { classes = System.Array.Empty<string>() });
        (await client.PostAsync("user.list", "{}")).Success.Should().BeTrue();
    }

    private static readonly string[] Only503 = ["503"];

    [Fact]
    public async Task Rate_limit_per_key_answers_429_with_retry_after()
    {
        await using var emulator = await Emulators.StartAsync(o => o.RateLimitPerMinute = 5);
        using var client = new AshbyClient(emulator.BaseUrl);
        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsync("source.list", "{}")).Success.Should().BeTrue();
        }

        var limited = await client.PostAsync("source.list", "{}");
        ((int)limited.Status).Should().Be(429);
        limited.ErrorCode.Should().Be("rate_limit_exceeded");
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        (await client.PostAsync("source.list", "{}", DemoKeys.NoOffers)).Success.Should().BeTrue("budgets are per key");
        var stats = await client.AdminAsync("stats");
        stats.GetProperty("rateLimited").GetInt32().Should().Be(1);
        stats.GetProperty("requests").GetInt32().Should().Be(7);
        stats.GetProperty("byEndpoint").GetProperty("source.list").GetInt32().Should().Be(7);
        stats.GetProperty("maxRequestsInAnyMinute").GetInt32().Should().Be(7);
        await client.AdminAsync("stats/reset", new { });
        (await client.AdminAsync("stats")).GetProperty("requests").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Injected_codes_hit_the_requested_page_the_requested_number_of_times()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        await client.AdminAsync("inject", new { endpoint = "candidate.list", page = 2, code = "sync_token_expired", times = 1 });
        var first = await client.PostAsync("candidate.list", new { limit = 10 });
        first.Success.Should().BeTrue("page 1 is not targeted");
        var second = await client.PostAsync("candidate.list", new { limit = 10, cursor = first.NextCursor });
        second.Status.Should().Be(HttpStatusCode.OK);
        second.ErrorCode.Should().Be("sync_token_expired");
        (await client.PostAsync("candidate.list", new { limit = 10, cursor = first.NextCursor })).Success.Should().BeTrue("times = 1");

        await client.AdminAsync("inject", new { endpoint = "job.list", page = 0, code = "missing_endpoint_permission", times = 2 });
        (await client.PostAsync("job.list", "{}")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsync("job.list", "{}")).ErrorCode.Should().Be("missing_endpoint_permission");
        (await client.PostAsync("job.list", "{}")).Success.Should().BeTrue();

        await client.AdminAsync("inject", new { endpoint = "user.list", page = 1, code = "unauthenticated" });
        (await client.PostAsync("user.list", "{}")).Status.Should().Be(HttpStatusCode.Unauthorized);

        foreach (var code in new[] { "incremental_sync_too_large", "next_cursor_expired", "invalid_next_cursor", "sync_token_invalid" })
        {
            await client.AdminAsync("inject", new { endpoint = "opening.list", page = 1, code });
            (await client.PostAsync("opening.list", "{}")).ErrorCode.Should().Be(code);
        }
    }
}
