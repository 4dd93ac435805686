using System.Text.Json;

namespace AshbyEmulator.Tests;

public sealed class PaginationTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private readonly AshbyClient _client = emulator.Client;

    [Fact]
    public async Task Candidate_pass_pages_through_every_row_and_ends_with_a_sync_token()
    {
        var first = await _client.PostAsync("candidate.list", new { limit = 100 });
        first.Results.Should().HaveCount(100);
        first.More.Should().BeTrue();
        first.NextCursor.Should().NotBeNullOrEmpty();
        first.SyncToken.Should().BeNull("syncToken only comes with the last page");

        var pass = await _client.PassAsync("candidate.list", new() { ["limit"] = 100 });
        pass.Pages.Should().Be(10);
        pass.Rows.Should().HaveCount(1000);
        pass.Ids.Should().HaveCount(1000, "no row may repeat across pages");
        pass.SyncToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Last_page_has_no_cursor_except_on_openings_and_projects()
    {
        var last = await LastPageAsync("candidate.list");
        last.Json.TryGetProperty("nextCursor", out _).Should().BeFalse();
        last.More.Should().BeFalse();

        foreach (var endpoint in new[] { "opening.list", "project.list" })
        {
            var quirk = await LastPageAsync(endpoint);
            quirk.More.Should().BeFalse();
            quirk.NextCursor.Should().NotBeNullOrEmpty($"{endpoint} sends a nextCursor with moreDataAvailable:false");
            quirk.SyncToken.Should().NotBeNullOrEmpty();
            // A client that follows it anyway gets an empty, final page.
            var after = await _client.PostAsync(endpoint, new { limit = 10, cursor = quirk.NextCursor });
            after.Success.Should().BeTrue();
            after.Results.Should().BeEmpty();
            after.More.Should().BeFalse();
        }
    }

    private async Task<AshbyClient.Reply> LastPageAsync(string endpoint)
    {
        string? cursor = null;
        while (true)
        {
            var reply = await _client.PostAsync(endpoint, cursor is null ? new { limit = 7 } : (object)new { limit = 7, cursor });
            if (!reply.More)
            {
                return reply;
            }

            cursor = reply.NextCursor;
        }
    }

    [Fact]
    public async Task Snapshot_endpoints_return_everything_without_paging_fields()
    {
        foreach (var endpoint in new[] { "jobPosting.list", "archiveReason.list" })
        {
            var reply = await _client.PostAsync(endpoint, "{}");
            reply.Success.Should().BeTrue();
            reply.Results.Should().NotBeEmpty();
            reply.Json.TryGetProperty("moreDataAvailable", out _).Should().BeFalse();
            reply.Json.TryGetProperty("nextCursor", out _).Should().BeFalse();
            reply.Json.TryGetProperty("syncToken", out _).Should().BeFalse();
        }
        var sources = await _client.PostAsync("source.list", "{}");
        sources.More.Should().BeFalse("source.list documents moreDataAvailable:false");
        sources.Json.TryGetProperty("nextCursor", out _).Should().BeFalse();
        sources.Json.TryGetProperty("syncToken", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Default_limit_is_100_and_out_of_range_limits_are_invalid_input()
    {
        (await _client.PostAsync("candidate.list", "{}")).Results.Should().HaveCount(100);
        foreach (var bad in BadLimits)
        {
            var reply = await _client.PostAsync("candidate.list", bad);
            reply.Status.Should().Be(System.Net.HttpStatusCode.OK);
            reply.ErrorCode.Should().Be("invalid_input", bad);
            reply.Json.GetProperty("errors")[0].GetString().Should().Be("invalid_input");
        }
    }

    private static readonly string[] BadLimits = ["{\"limit\":0}", "{\"limit\":101}", "{\"limit\":\"10\"}", "{\"limit\":2.5}"];
    private static readonly string[] DraftOnly = ["Draft"];

    [Fact]
    public async Task Garbled_or_foreign_cursors_are_invalid_next_cursor()
    {
        (await _client.PostAsync("candidate.list", new { cursor = "not-a-cursor" })).ErrorCode.Should().Be("invalid_next_cursor");
        var jobs = await _client.PostAsync("job.list", new { limit = 1 });
        (await _client.PostAsync("candidate.list", new { cursor = jobs.NextCursor })).ErrorCode.Should().Be("invalid_next_cursor");
        var tampered = jobs.NextCursor![..^2] + (jobs.NextCursor[^2] == 'A' ? "B" : "A") + jobs.NextCursor[^1];
        (await _client.PostAsync("job.list", new { limit = 1, cursor = tampered })).ErrorCode.Should().Be("invalid_next_cursor");
        // Same endpoint but different filters than the pass started with.
        (await _client.PostAsync("job.list", new { limit = 1, cursor = jobs.NextCursor, status = DraftOnly }))
            .ErrorCode.Should().Be("invalid_next_cursor");
    }

    [Fact]
    public async Task Created_after_filters_on_created_at()
    {
        var all = await _client.PassAsync("application.list", new() { ["limit"] = 100 });
        var cut = DateTimeOffset.Parse("2024-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var expected = all.Rows.Where(r => DateTimeOffset.Parse(r.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > cut)
            .Select(r => r.GetProperty("id").GetString()).ToHashSet();
        var filtered = await _client.PassAsync("application.list", new() { ["limit"] = 50, ["createdAfter"] = cut.ToUnixTimeMilliseconds() });
        expected.Should().NotBeEmpty();
        filtered.Ids.Should().BeEquivalentTo(expected);
    }

    [Theory]
    [InlineData("candidate.list")]
    [InlineData("application.list")]
    public async Task Created_before_is_inclusive_and_windows_split_a_pass_without_overlap(string endpoint)
    {
        var all = await _client.PassAsync(endpoint, new() { ["limit"] = 100 });
        static long Created(JsonElement row) => DateTimeOffset.Parse(row.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        // Bounds on rows' own creation instants: a row exactly on a bound belongs to the window below it.
        var bounds = new[] { Created(all.Rows[all.Rows.Count / 3]), Created(all.Rows[2 * all.Rows.Count / 3]) };
        var below = await _client.PassAsync(endpoint, new() { ["limit"] = 7, ["createdBefore"] = bounds[0] });
        var middle = await _client.PassAsync(endpoint, new() { ["limit"] = 7, ["createdAfter"] = bounds[0], ["createdBefore"] = bounds[1] });
        var above = await _client.PassAsync(endpoint, new() { ["limit"] = 7, ["createdAfter"] = bounds[1] });

        below.Rows.Select(Created).Should().Contain(bounds[0]).And.OnlyContain(t => t <= bounds[0]);
        middle.Rows.Select(Created).Should().Contain(bounds[1]).And.OnlyContain(t => t > bounds[0] && t <= bounds[1]);
        below.Ids.Concat(middle.Ids).Concat(above.Ids).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all.Ids);
    }

    [Fact]
    public async Task Created_window_that_is_reversed_or_in_the_future_is_invalid_input()
    {
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        (await _client.PostAsync("candidate.list", new { createdAfter = 2_000, createdBefore = 1_000 })).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("application.list", new { createdBefore = future })).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("candidate.list", new { createdAfter = future })).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("job.list", new { createdBefore = 1_000 })).ErrorCode.Should().BeNull("job.list does not document createdBefore, so it is ignored like any unknown field");
    }

    [Fact]
    public async Task Results_come_in_creation_order()
    {
        var pass = await _client.PassAsync("offer.list", new() { ["limit"] = 20 });
        var times = pass.Rows.Select(r => r.GetProperty("latestVersion").GetProperty("createdAt").GetString()).ToList();
        times.Should().BeInAscendingOrder(StringComparer.Ordinal);
        pass.Rows.Should().OnlyContain(r => r.GetProperty("id").ValueKind == JsonValueKind.String);
    }
}
