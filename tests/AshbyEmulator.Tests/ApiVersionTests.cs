using System.Net;
using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Tests;

/// <summary>Ashby's dated API versions: the Ashby-Version request header and the two response headers.</summary>
public sealed class ApiVersionTests : SlowTests
{
    private static readonly string[] Only503 = ["503"], Only429 = ["429"];

    private static (string? Version, string? Status) Headers(AshbyClient.Reply reply) =>
        (reply.Headers.TryGetValues("Ashby-Version", out var v) ? string.Join(",", v) : null,
         reply.Headers.TryGetValues("Ashby-Version-Status", out var s) ? string.Join(",", s) : null);

    [Fact]
    public async Task Every_answer_names_the_version_that_processed_it_errors_and_faults_included()
    {
        await using var emulator = await Emulators.StartAsync(o => o.RateLimitPerMinute = 2);
        using var client = new AshbyClient(emulator.BaseUrl);
        using var pinned = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2026-01-01" };
        var active = ("2026-01-01", "active");

        var replies = new List<(string What, AshbyClient.Reply Reply, HttpStatusCode Status)>
        {
            ("default version", await client.PostAsync("candidate.list", new { limit = 1 }), HttpStatusCode.OK),
            ("pinned version", await pinned.PostAsync("candidate.list", new { limit = 1 }), HttpStatusCode.OK),
            ("unknown key", await pinned.PostAsync("candidate.list", "{}", key: "not-a-key"), HttpStatusCode.Forbidden),
        };
        using (var anonymous = new AshbyClient(emulator.BaseUrl, apiKey: null) { AshbyVersion = "2026-01-01" })
        {
            replies.Add(("no key", await anonymous.PostAsync("candidate.list", "{}"), HttpStatusCode.Unauthorized));
        }
        using (var noScope = new AshbyClient(emulator.BaseUrl, DemoKeys.JobsOnly) { AshbyVersion = "2026-01-01" })
        {
            replies.Add(("missing permission", await noScope.PostAsync("candidate.list", "{}"), HttpStatusCode.Forbidden));
        }
        replies.Add(("unknown endpoint", await pinned.PostAsync("candidate.nothing", "{}"), HttpStatusCode.NotFound));
        replies.Add(("plain-text 400", await pinned.PostAsync("candidate.list", "{}", contentType: "text/plain"), HttpStatusCode.BadRequest));
        replies.Add(("rate limited", await pinned.PostAsync("user.list", "{}"), HttpStatusCode.TooManyRequests));

        await client.AdminAsync("faults", new { classes = Only503, rate = 1.0, seed = 5, rateLimitPerMinute = 0 });
        replies.Add(("injected 503", await pinned.PostAsync("candidate.list", new { limit = 2 }), HttpStatusCode.ServiceUnavailable));
        await client.AdminAsync("faults", new { classes = Only429, rate = 1.0, seed = 5 });
        replies.Add(("injected 429", await pinned.PostAsync("candidate.list", new { limit = 3 }), HttpStatusCode.TooManyRequests));

        foreach (var (what, reply, status) in replies)
        {
            reply.Status.Should().Be(status, what);
            Headers(reply).Should().Be(active, what);
        }
    }

    [Fact]
    public async Task A_deprecated_version_is_still_served_and_says_so()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2026-01-01" };
        var versions = await client.AdminAsync("versions", new { version = "2026-01-01", status = "deprecated" });
        versions.GetProperty("versions").GetProperty("2026-01-01").GetString().Should().Be("deprecated");
        versions.GetProperty("default").GetString().Should().Be("2026-01-01");

        var reply = await client.PostAsync("candidate.list", new { limit = 5 });
        reply.Success.Should().BeTrue();
        reply.Results.Should().HaveCount(5);
        Headers(reply).Should().Be(("2026-01-01", "deprecated"));

        await client.AdminAsync("versions", new { version = "2026-01-01", status = "unsupported" });
        Headers(await client.PostAsync("candidate.list", new { limit = 5 })).Should().Be(("2026-01-01", "unsupported"));
        (await client.AdminAsync("versions")).GetProperty("versions").GetProperty("2026-01-01").GetString().Should().Be("unsupported");
    }

    [Fact]
    public async Task A_removed_version_is_refused_and_named_in_the_answer()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        using var old = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2025-06-01" };
        await client.AdminAsync("versions", new { version = "2025-06-01", status = "active" });
        (await old.PostAsync("candidate.list", "{}")).Success.Should().BeTrue("a version added as active is served");

        await client.AdminAsync("versions", new { version = "2025-06-01", status = "removed" });
        var refused = await old.PostAsync("candidate.list", "{}");
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Success.Should().BeFalse();
        refused.ErrorCode.Should().Be("api_version_removed");
        refused.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Contain("2025-06-01");
        Headers(refused).Should().Be(("2025-06-01", "removed"));

        var current = await client.PostAsync("candidate.list", "{}");
        current.Success.Should().BeTrue("requests on the default version are unaffected");
        Headers(current).Should().Be(("2026-01-01", "active"));

        await client.AdminAsync("versions", new { version = "2026-01-01", status = "removed" });
        var defaultRemoved = await client.PostAsync("candidate.list", "{}");
        defaultRemoved.ErrorCode.Should().Be("api_version_removed", "without the header the key's default is selected");
        Headers(defaultRemoved).Should().Be(("2026-01-01", "removed"));
    }

    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("v1")]
    [InlineData("2026-13-45")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_version_is_refused(string version)
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl) { AshbyVersion = version };
        var reply = await client.PostAsync("candidate.list", "{}");
        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("invalid_api_version");
        Headers(reply).Should().Be(("2026-01-01", "active"), "the key's default answers a request it cannot serve");
    }

    [Fact]
    public async Task Stats_count_the_version_headers_requests_carried()
    {
        await using var emulator = await Emulators.StartAsync();
        using var plain = new AshbyClient(emulator.BaseUrl);
        using var pinned = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2026-01-01" };
        using var future = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2031-01-01" };
        await pinned.PostAsync("candidate.list", "{}");
        await pinned.PostAsync("user.list", "{}");
        await future.PostAsync("user.list", "{}");
        await plain.PostAsync("user.list", "{}");

        var stats = await plain.AdminAsync("stats");
        stats.GetProperty("ashbyVersionHeaders").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32()))
            .Should().Equal(("2026-01-01", 2), ("2031-01-01", 1));
        stats.GetProperty("requestsWithoutAshbyVersion").GetInt32().Should().Be(1);

        await plain.AdminAsync("stats/reset", new { });
        var reset = await plain.AdminAsync("stats");
        reset.GetProperty("ashbyVersionHeaders").EnumerateObject().Should().BeEmpty();
        reset.GetProperty("requestsWithoutAshbyVersion").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("""{"version":"2026-01-01","status":"gone"}""")]
    [InlineData("""{"version":"latest","status":"deprecated"}""")]
    [InlineData("""{"status":"deprecated"}""")]
    public async Task Admin_versions_refuses_what_it_cannot_set(string body)
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.Http.PostAsync("_admin/versions", content);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().Contain("status");
        (await client.AdminAsync("versions")).GetProperty("versions").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))
            .Should().Equal([("2026-01-01", "active")]);
    }

    [Fact]
    public async Task Statuses_given_on_the_command_line_apply_from_the_start()
    {
        var options = EmulatorOptions.Parse(["--api-version-status", "2026-01-01=deprecated,2025-01-01=removed", "--api-version-status=2027-01-01=active", "--quiet"]);
        await using var emulator = await Emulators.StartAsync(o => o.ApiVersionStatuses = options.ApiVersionStatuses);
        using var client = new AshbyClient(emulator.BaseUrl);
        Headers(await client.PostAsync("candidate.list", "{}")).Should().Be(("2026-01-01", "deprecated"));
        using var newer = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2027-01-01" };
        Headers(await newer.PostAsync("candidate.list", "{}")).Should().Be(("2027-01-01", "active"));
        using var older = new AshbyClient(emulator.BaseUrl) { AshbyVersion = "2025-01-01" };
        (await older.PostAsync("candidate.list", "{}")).ErrorCode.Should().Be("api_version_removed");
    }
}
