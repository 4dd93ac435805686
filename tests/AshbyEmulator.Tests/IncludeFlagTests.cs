using System.Text.Json;

namespace AshbyEmulator.Tests;

public sealed class IncludeFlagTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private readonly AshbyClient _client = emulator.Client;

    [Theory]
    [InlineData("department.list", "includeArchived")]
    [InlineData("location.list", "includeArchived")]
    [InlineData("location.list", "includeLocationHierarchy")]
    [InlineData("source.list", "includeArchived")]
    [InlineData("archiveReason.list", "includeArchived")]
    [InlineData("candidateTag.list", "includeArchived")]
    [InlineData("customField.list", "includeArchived")]
    [InlineData("interview.list", "includeArchived")]
    [InlineData("interview.list", "includeNonSharedInterviews")]
    [InlineData("user.list", "includeDeactivated")]
    public async Task Each_flag_reveals_a_realistic_fraction_of_hidden_rows(string endpoint, string flag)
    {
        var without = await _client.PassAsync(endpoint, new() { ["limit"] = 100 });
        var with = await _client.PassAsync(endpoint, new() { ["limit"] = 100, [flag] = true });
        with.Ids.Should().Contain(without.Ids);
        var hidden = with.Rows.Count - without.Rows.Count;
        hidden.Should().BePositive();
        ((double)hidden / with.Rows.Count).Should().BeInRange(0.04, 0.16, $"{endpoint} {flag}: {hidden} of {with.Rows.Count}");
    }

    [Fact]
    public async Task Hidden_rows_are_exactly_those_in_the_hidden_state()
    {
        var users = await _client.PassAsync("user.list", new() { ["includeDeactivated"] = true });
        var visible = await _client.PassAsync("user.list", new());
        users.Rows.Where(u => !u.GetProperty("isEnabled").GetBoolean()).Select(Id)
            .Should().BeEquivalentTo(users.Ids.Except(visible.Ids));

        var locations = await _client.PassAsync("location.list", new() { ["includeArchived"] = true, ["includeLocationHierarchy"] = true });
        (await _client.PassAsync("location.list", new())).Rows
            .Should().OnlyContain(l => !l.GetProperty("isArchived").GetBoolean() && l.GetProperty("type").GetString() == "Location");
        locations.Rows.Should().Contain(l => l.GetProperty("type").GetString() == "LocationHierarchy");

        (await _client.PassAsync("interview.list", new())).Rows
            .Should().OnlyContain(i => i.GetProperty("jobId").ValueKind == JsonValueKind.Null && !i.GetProperty("isArchived").GetBoolean());
    }

    [Fact]
    public async Task Draft_jobs_only_when_draft_is_in_the_status_filter()
    {
        var byDefault = await _client.PassAsync("job.list", new());
        byDefault.Rows.Should().OnlyContain(j => j.GetProperty("status").GetString() != "Draft");
        var everything = await _client.PassAsync("job.list", new() { ["status"] = AllStatuses });
        var drafts = everything.Rows.Where(j => j.GetProperty("status").GetString() == "Draft").Select(Id).ToList();
        drafts.Should().NotBeEmpty();
        everything.Ids.Except(byDefault.Ids).Should().BeEquivalentTo(drafts);
        (await _client.PassAsync("job.list", new() { ["status"] = DraftOnly })).Ids.Should().BeEquivalentTo(drafts);
        ((double)drafts.Count / everything.Rows.Count).Should().BeInRange(0.05, 0.15);
    }

    [Fact]
    public async Task Unpublished_posting_ids_only_with_include_unpublished_flag()
    {
        var body = new Dictionary<string, object?> { ["status"] = AllStatuses };
        var published = (await _client.PassAsync("job.list", body)).Rows.SelectMany(PostingIds).ToHashSet();
        body["includeUnpublishedJobPostingsIds"] = true;
        var all = (await _client.PassAsync("job.list", body)).Rows.SelectMany(PostingIds).ToHashSet();
        all.Should().Contain(published);
        all.Count.Should().BeGreaterThan(published.Count);
        var listed = (await _client.PostAsync("jobPosting.list", "{}")).Results.Select(Id).ToHashSet();
        listed.Should().BeEquivalentTo(published, "jobPosting.list lists exactly the published postings");
    }

    [Fact]
    public async Task Job_posting_filters()
    {
        var all = (await _client.PostAsync("jobPosting.list", "{}")).Results;
        var listedOnly = (await _client.PostAsync("jobPosting.list", new { listedOnly = true })).Results;
        listedOnly.Should().OnlyContain(p => p.GetProperty("isListed").GetBoolean());
        listedOnly.Length.Should().Be(all.Count(p => p.GetProperty("isListed").GetBoolean()));
        var department = all[0].GetProperty("departmentName").GetString();
        (await _client.PostAsync("jobPosting.list", new { department })).Results
            .Should().HaveCount(all.Count(p => p.GetProperty("departmentName").GetString() == department));
    }

    private static readonly string[] AllStatuses = ["Draft", "Open", "Closed", "Archived"];
    private static readonly string[] DraftOnly = ["Draft"];

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static IEnumerable<string> PostingIds(JsonElement job) => job.GetProperty("jobPostingIds").EnumerateArray().Select(x => x.GetString()!);
}
