using System.Text.Json;

namespace AshbyEmulator.Tests;

public sealed class IncrementalSyncTests : SlowTests
{
    [Fact]
    public async Task Incremental_pass_returns_exactly_the_mutated_ids()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var body = new Dictionary<string, object?> { ["limit"] = 100, ["includeArchived"] = true, ["includeNonSharedInterviews"] = true };
        var full = await client.PassAsync("interview.list", body);

        var mutation = await client.AdminAsync("mutate", new { table = "interviews", create = 3, update = 5, archive = 2 });
        var changed = Ids(mutation, "interviews");
        changed.Should().HaveCount(10);

        var incremental = await client.PassAsync("interview.list", new(body) { ["syncToken"] = full.SyncToken });
        incremental.Ids.Should().BeEquivalentTo(changed);
        incremental.Rows.Where(r => r.GetProperty("isArchived").GetBoolean()).Select(r => r.GetProperty("id").GetString())
            .Should().Contain(Array(mutation, "interviews", "archived"));
        incremental.SyncToken.Should().NotBeNullOrEmpty();

        var nothing = await client.PassAsync("interview.list", new(body) { ["syncToken"] = incremental.SyncToken });
        nothing.Rows.Should().BeEmpty();
        nothing.SyncToken.Should().NotBeNullOrEmpty();

        var after = await client.PassAsync("interview.list", body);
        after.Ids.Should().Contain(full.Ids).And.HaveCount(full.Rows.Count + 3);
    }

    [Fact]
    public async Task Fraction_mutation_touches_every_table_and_cascades_to_parents()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var candidates = await client.PassAsync("candidate.list", new() { ["limit"] = 100 });
        var applications = await client.PassAsync("application.list", new() { ["limit"] = 100 });

        var mutation = await client.AdminAsync("mutate", new { fraction = 0.02 });
        mutation.GetProperty("tables").EnumerateObject().Select(p => p.Name).Should().HaveCount(Data.Tables.All.Count);
        var createdApps = Array(mutation, "applications", "created");
        createdApps.Should().NotBeEmpty();

        var newApps = await client.PassAsync("application.list", new() { ["limit"] = 100, ["syncToken"] = applications.SyncToken });
        newApps.Ids.Should().BeEquivalentTo(Ids(mutation, "applications"));
        var changedCandidates = await client.PassAsync("candidate.list", new() { ["limit"] = 100, ["syncToken"] = candidates.SyncToken });
        changedCandidates.Ids.Should().BeEquivalentTo(Ids(mutation, "candidates"));

        // A new application is listed by its candidate, which therefore shows up as updated.
        var app = newApps.Rows.First(r => createdApps.Contains(r.GetProperty("id").GetString()!));
        var owner = app.GetProperty("candidate").GetProperty("id").GetString();
        var candidate = changedCandidates.Rows.Single(c => c.GetProperty("id").GetString() == owner);
        candidate.GetProperty("applicationIds").EnumerateArray().Select(x => x.GetString()).Should().Contain(app.GetProperty("id").GetString());
        string.CompareOrdinal(candidate.GetProperty("updatedAt").GetString(), "2026-01-01").Should().BePositive("mutations happen after the data epoch");
    }

    [Fact]
    public async Task A_pass_is_a_consistent_snapshot_even_when_data_changes_mid_pass()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var first = await client.PostAsync("user.list", new { limit = 3 });
        var mutation = await client.AdminAsync("mutate", new { table = "users", create = 4, update = 2 });
        var rows = first.Results.ToList();
        var cursor = first.NextCursor;
        string? token = null;
        while (cursor is not null)
        {
            var page = await client.PostAsync("user.list", new { limit = 3, cursor });
            rows.AddRange(page.Results);
            cursor = page.More ? page.NextCursor : null;
            token = page.SyncToken ?? token;
        }
        rows.Select(r => r.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.HaveCount(9, "10 users, 1 deactivated, none of the new ones");
        var next = await client.PassAsync("user.list", new() { ["syncToken"] = token });
        next.Ids.Should().BeEquivalentTo(Ids(mutation, "users").Intersect((await client.PassAsync("user.list", new())).Ids));
    }

    [Fact]
    public async Task Token_errors_invalid_expired_and_too_large()
    {
        await using var emulator = await Emulators.StartAsync(o => o.IncrementalPageCap = 2);
        using var client = new AshbyClient(emulator.BaseUrl);
        var full = await client.PassAsync("candidate.list", new() { ["limit"] = 100 });

        (await client.PostAsync("candidate.list", new { syncToken = "garbage" })).ErrorCode.Should().Be("sync_token_invalid");
        (await client.PostAsync("candidate.list", new { syncToken = full.SyncToken, createdAfter = 1 })).ErrorCode
            .Should().Be("sync_token_invalid", "filters differ from the pass that issued the token");
        (await client.PostAsync("application.list", new { syncToken = full.SyncToken })).ErrorCode.Should().Be("sync_token_invalid");

        await client.AdminAsync("mutate", new { table = "candidates", update = 5 });
        (await client.PostAsync("candidate.list", new { syncToken = full.SyncToken, limit = 2 })).ErrorCode
            .Should().Be("incremental_sync_too_large", "5 changed rows need 3 pages of 2, cap is 2");
        (await client.PostAsync("candidate.list", new { syncToken = full.SyncToken, limit = 3 })).Success.Should().BeTrue();

        var page = await client.PostAsync("candidate.list", new { limit = 10 });
        await client.AdminAsync("expire", new { tokens = true });
        (await client.PostAsync("candidate.list", new { syncToken = full.SyncToken })).ErrorCode.Should().Be("sync_token_expired");
        (await client.PostAsync("candidate.list", new { limit = 10, cursor = page.NextCursor })).Success.Should().BeTrue("only tokens were expired");
        await client.AdminAsync("expire", new { cursors = true });
        (await client.PostAsync("candidate.list", new { limit = 10, cursor = page.NextCursor })).ErrorCode.Should().Be("next_cursor_expired");
    }

    [Fact]
    public async Task Tokens_and_cursors_expire_after_their_ttl()
    {
        var time = new FakeClock();
        await using var emulator = await Emulators.StartAsync(o =>
        {
            o.TokenTtlSeconds = 2;
            o.CursorTtlSeconds = 2;
            o.Time = time;
        });
        using var client = new AshbyClient(emulator.BaseUrl);
        var full = await client.PassAsync("department.list", new());
        var page = await client.PostAsync("candidate.list", new { limit = 10 });
        time.Advance(TimeSpan.FromMilliseconds(2000));
        (await client.PostAsync("department.list", new { syncToken = full.SyncToken })).Success.Should().BeTrue("a token is valid for its whole TTL");
        (await client.PostAsync("candidate.list", new { limit = 10, cursor = page.NextCursor })).Success.Should().BeTrue("so is a cursor");
        time.Advance(TimeSpan.FromMilliseconds(200));
        (await client.PostAsync("department.list", new { syncToken = full.SyncToken })).ErrorCode.Should().Be("sync_token_expired");
        (await client.PostAsync("candidate.list", new { limit = 10, cursor = page.NextCursor })).ErrorCode.Should().Be("next_cursor_expired");
    }

    [Fact]
    public async Task Incremental_pass_paginates_and_may_repeat_the_token_on_later_pages()
    {
        await using var emulator = await Emulators.StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var full = await client.PassAsync("application.list", new() { ["limit"] = 100 });
        var mutation = await client.AdminAsync("mutate", new { table = "applications", create = 4, update = 6, archive = 3 });
        // Ashby's own examples resend syncToken together with the cursor; Estuary omits it. Both work.
        var withToken = await client.PassAsync("application.list", new() { ["limit"] = 4, ["syncToken"] = full.SyncToken });
        withToken.Pages.Should().Be(4);
        withToken.Ids.Should().BeEquivalentTo(Ids(mutation, "applications"));
        withToken.Rows.Where(r => Array(mutation, "applications", "archived").Contains(r.GetProperty("id").GetString()!))
            .Should().OnlyContain(r => r.GetProperty("status").GetString() == "Archived" && r.GetProperty("archivedAt").ValueKind == JsonValueKind.String);

        var first = await client.PostAsync("application.list", new { limit = 4, syncToken = full.SyncToken });
        var second = await client.PostAsync("application.list", new { limit = 4, cursor = first.NextCursor });
        second.Success.Should().BeTrue();
        second.Results.Should().HaveCount(4);
    }

    private static HashSet<string> Ids(JsonElement mutation, string table) =>
        [.. Kinds.SelectMany(kind => Array(mutation, table, kind))];

    private static readonly string[] Kinds = ["created", "updated", "archived"];

    private static List<string> Array(JsonElement mutation, string table, string kind) =>
        [.. mutation.GetProperty("tables").GetProperty(table).GetProperty(kind).EnumerateArray().Select(x => x.GetString()!)];
}
