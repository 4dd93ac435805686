using System.Net;

namespace AshbyEmulator.Tests;

/// <summary>The <see cref="Data.TableSpec.ChildOf"/> column, served over HTTP with the test-only notes table.</summary>
public sealed class ChildEndpointTests : SlowTests
{
    private const string Endpoint = "testApplicationNote.list";

    private static Task<RunningEmulator> StartAsync() => Emulators.StartAsync(o =>
    {
        o.Scale = 200;
        o.ExtraTables = [ApplicationNotesTable.Definition];
    });

    [Fact]
    public async Task The_parent_parameter_is_required_and_must_be_an_id()
    {
        await using var emulator = await StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);

        var missing = await client.PostAsync(Endpoint, new { limit = 5 });
        missing.ErrorCode.Should().Be("invalid_input");
        missing.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Be("applicationId is required");

        var malformed = await client.PostAsync(Endpoint, new { applicationId = "nope" });
        malformed.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Be("applicationId must be a UUID string");
    }

    [Fact]
    public async Task Each_parent_lists_only_its_own_rows_and_together_they_list_every_row()
    {
        await using var emulator = await StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var applications = await client.PassAsync("application.list", new() { ["limit"] = 100 });

        var seen = new List<string>();
        foreach (var application in applications.Ids)
        {
            var notes = await client.PassAsync(Endpoint, new() { ["applicationId"] = application, ["limit"] = 1 });
            notes.Rows.Should().HaveCount(2, "the size formula gives every application two notes");
            notes.Rows.Should().OnlyContain(r => r.GetProperty("applicationId").GetString() == application);
            notes.SyncToken.Should().NotBeNull();
            seen.AddRange(notes.Ids);
        }

        var all = await client.AdminAsync("ids?table=test_application_notes");
        seen.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all.EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task A_cursor_belongs_to_its_parent()
    {
        await using var emulator = await StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var applications = (await client.PostAsync("application.list", new { limit = 2 })).Results.Select(r => r.GetProperty("id").GetString()!).ToList();

        var first = await client.PostAsync(Endpoint, new { applicationId = applications[0], limit = 1 });
        first.Status.Should().Be(HttpStatusCode.OK);
        first.More.Should().BeTrue();

        var other = await client.PostAsync(Endpoint, new { applicationId = applications[1], limit = 1, cursor = first.NextCursor });
        other.ErrorCode.Should().Be("invalid_next_cursor");
    }

    [Fact]
    public async Task Rows_created_through_the_admin_api_appear_under_their_parent()
    {
        await using var emulator = await StartAsync();
        using var client = new AshbyClient(emulator.BaseUrl);
        var mutation = await client.AdminAsync("mutate", new { table = "test_application_notes", create = 3 });
        var created = mutation.GetProperty("tables").GetProperty("test_application_notes").GetProperty("created").EnumerateArray().Select(x => x.GetString()).ToList();
        created.Should().HaveCount(3);

        var applications = await client.PassAsync("application.list", new() { ["limit"] = 100 });
        var listed = new List<string>();
        foreach (var application in applications.Ids)
        {
            listed.AddRange((await client.PassAsync(Endpoint, new() { ["applicationId"] = application })).Ids);
        }
        listed.Should().OnlyHaveUniqueItems().And.Contain(created, "each new row hangs off one existing application");
    }
}
