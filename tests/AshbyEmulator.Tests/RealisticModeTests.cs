using System.Text.Json;
using System.Text.Json.Nodes;

namespace AshbyEmulator.Tests;

/// <summary>The <c>--realistic</c> mode: absent keys left out, pages cut before filtering, one posting id across boards.</summary>
public sealed class RealisticModeTests : SlowTests
{
    /// <summary>An emulator a test starts for itself, in one mode, with a client on it; disposing it closes both.</summary>
    private sealed class OwnEmulator(RunningEmulator emulator) : IAsyncDisposable
    {
        public AshbyClient Client { get; } = new(emulator.BaseUrl);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await emulator.DisposeAsync();
        }
    }

    private static async Task<OwnEmulator> StartAsync(bool realistic, int scale = 1000) =>
        new(await Emulators.StartAsync(o =>
        {
            o.Realistic = realistic;
            o.Scale = scale;
        }));

    /// <summary>One page of a pass: its row count, whether it said more and the cursor it gave.</summary>
    private sealed record PageSeen(int Rows, bool More, string? Cursor);

    private sealed record PagedPass(List<JsonElement> Rows, List<PageSeen> Pages, string? SyncToken)
    {
        public List<string> Ids => [.. Rows.Select(r => r.GetProperty("id").GetString()!)];
    }

    private static async Task<PagedPass> PassAsync(AshbyClient client, string endpoint, Dictionary<string, object?> body)
    {
        var rows = new List<JsonElement>();
        var pages = new List<PageSeen>();
        string? cursor = null;
        while (true)
        {
            var reply = await client.PostAsync(endpoint, cursor is null ? body : new Dictionary<string, object?>(body) { ["cursor"] = cursor });
            reply.Success.Should().BeTrue(reply.Body);
            rows.AddRange(reply.Results);
            pages.Add(new PageSeen(reply.Results.Length, reply.More, reply.NextCursor));
            if (!reply.More)
            {
                return new PagedPass(rows, pages, reply.SyncToken);
            }

            cursor = reply.NextCursor;
            cursor.Should().NotBeNull();
            pages.Should().HaveCountLessThan(10_000);
        }
    }

    /// <summary>The test's own reading of the rule: drop every property whose value is null or [], at any depth.</summary>
    private static JsonNode? WithoutAbsentKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (value is null || value is JsonArray { Count: 0 })
                    {
                        continue;
                    }
                    result[name] = WithoutAbsentKeys(value);
                }
                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(WithoutAbsentKeys)]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Counts properties whose value is null or [] below the row's top level (depth ≥ 2) and at any depth.</summary>
    private static (int Nested, int All) AbsentKeyCount(JsonElement element, int depth = 1)
    {
        var (nested, all) = (0, 0);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null || (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0))
                {
                    all++;
                    nested += depth >= 2 ? 1 : 0;
                    continue;
                }
                var (n, a) = AbsentKeyCount(p.Value, depth + 1);
                (nested, all) = (nested + n, all + a);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                var (n, a) = AbsentKeyCount(item, depth + 1);
                (nested, all) = (nested + n, all + a);
            }
        }
        return (nested, all);
    }

    private static readonly string[] ShapeStreams = ["candidates", "applications", "interview_schedules", "users", "jobs", "offers", "openings", "projects", "locations"];

    [Fact]
    public async Task Realistic_rows_leave_out_null_and_empty_array_keys_at_every_depth_and_normal_rows_keep_them()
    {
        await using var normal = await StartAsync(realistic: false, scale: 300);
        await using var realistic = await StartAsync(realistic: true, scale: 300);
        var normalNested = 0;
        foreach (var stream in ShapeStreams)
        {
            var (endpoint, _, body) = DataTests.Complete[stream];
            var plain = (await normal.Client.PassAsync(endpoint, body)).Rows.ToDictionary(r => r.GetProperty("id").GetString()!);
            var sparse = (await PassAsync(realistic.Client, endpoint, body)).Rows;
            sparse.Select(r => r.GetProperty("id").GetString()).Should().BeEquivalentTo(plain.Keys, stream);
            foreach (var row in sparse)
            {
                AbsentKeyCount(row).All.Should().Be(0, $"{stream} row {row.GetRawText()}");
                var expected = WithoutAbsentKeys(JsonNode.Parse(plain[row.GetProperty("id").GetString()!].GetRawText()));
                JsonNode.DeepEquals(JsonNode.Parse(row.GetRawText()), expected).Should().BeTrue($"{stream}: only null and [] keys go, every other byte stays\n{row.GetRawText()}\n{expected}");
            }
            normalNested += plain.Values.Sum(r => AbsentKeyCount(r).Nested);
        }
        normalNested.Should().BePositive("the normal mode still sends null and [] inside embedded objects");
    }

    [Fact]
    public async Task Schedules_without_events_omit_interviewEvents_in_realistic_mode_and_send_an_empty_array_otherwise()
    {
        await using var normal = await StartAsync(realistic: false);
        await using var realistic = await StartAsync(realistic: true);
        var plain = (await normal.Client.PassAsync("interviewSchedule.list", new() { ["limit"] = 100 })).Rows;
        var sparse = (await PassAsync(realistic.Client, "interviewSchedule.list", new() { ["limit"] = 100 })).Rows.ToDictionary(r => r.GetProperty("id").GetString()!);

        var waiting = plain.Where(s => s.GetProperty("status").GetString() is "NeedsScheduling" or "WaitingOnCandidateBooking").ToList();
        waiting.Should().NotBeEmpty();
        foreach (var schedule in waiting)
        {
            schedule.GetProperty("interviewEvents").GetArrayLength().Should().Be(0);
            sparse[schedule.GetProperty("id").GetString()!].TryGetProperty("interviewEvents", out _).Should().BeFalse("a schedule with no events omits the key");
        }
        var withEvents = plain.First(s => s.GetProperty("interviewEvents").GetArrayLength() > 0);
        sparse[withEvents.GetProperty("id").GetString()!].GetProperty("interviewEvents").GetArrayLength()
            .Should().Be(withEvents.GetProperty("interviewEvents").GetArrayLength());
    }

    [Theory]
    [InlineData("candidates", 100)]
    [InlineData("applications", 100)]
    [InlineData("applications", 17)]
    [InlineData("interview_schedules", 50)]
    [InlineData("openings", 10)]
    public async Task Realistic_full_passes_have_short_empty_and_thirty_empty_pages_in_a_row_and_return_every_row_once(string stream, int limit)
    {
        await using var emulator = await StartAsync(realistic: true);
        var client = emulator.Client;
        var (endpoint, _, body) = DataTests.Complete[stream];
        var pass = await PassAsync(client, endpoint, new(body) { ["limit"] = limit });

        var ids = (await client.AdminAsync($"ids?table={stream}")).EnumerateArray().Select(x => x.GetString()!).ToList();
        pass.Ids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(ids, "no row is skipped or repeated");

        var pages = pass.Pages;
        pages.Should().OnlyContain(p => p.Rows <= limit);
        pages.Where(p => p.More).Select(p => p.Cursor).Should().OnlyHaveUniqueItems("every page, empty or not, has a fresh cursor");
        pages[^1].Rows.Should().BePositive("a pass never ends on an empty page");
        LongestEmptyRun([.. pages.Skip(1)], out _).Should().BeGreaterThanOrEqualTo(30, "after page 1 comes a run of at least 30 empty pages");
    }

    [Fact]
    public async Task Realistic_pages_are_mostly_full_with_short_and_single_empty_pages_between()
    {
        await using var emulator = await StartAsync(realistic: true);
        var client = emulator.Client;
        var pages = new List<PageSeen>();
        foreach (var stream in new[] { "candidates", "applications", "interview_schedules", "offers", "application_feedback" })
        {
            var (endpoint, _, body) = stream == "application_feedback" ? ("applicationFeedback.list", stream, new Dictionary<string, object?>()) : DataTests.Complete[stream];
            var pass = await PassAsync(client, endpoint, new(body) { ["limit"] = 20 });
            // Leave out the long run: what is left are the pages cut one by one.
            var run = LongestEmptyRun(pass.Pages, out var start);
            pages.AddRange(pass.Pages.Where((_, i) => i < start || i >= start + run));
        }
        var nonEmpty = pages.Where(p => p.Rows > 0).ToList();
        nonEmpty.Count(p => p.Rows == 20).Should().BeGreaterThan(nonEmpty.Count / 2, "most pages are full");
        pages.Count(p => p.Rows is > 0 and < 20 && p.More).Should().BeGreaterThan(pages.Count / 10, "some pages are cut short mid-pass");
        pages.Count(p => p.Rows == 0 && p.More).Should().BeGreaterThan(pages.Count / 20, "some single pages are empty mid-pass");
    }

    /// <summary>The longest run of empty pages that said moreDataAvailable:true, and the index of its first page.</summary>
    private static int LongestEmptyRun(List<PageSeen> pages, out int start)
    {
        var (best, run) = (0, 0);
        start = -1;
        for (var i = 0; i < pages.Count; i++)
        {
            run = pages[i].Rows == 0 && pages[i].More ? run + 1 : 0;
            if (run > best)
            {
                (best, start) = (run, i - run + 1);
            }
        }
        return best;
    }

    [Fact]
    public async Task Small_passes_have_no_run_of_empty_pages_and_child_passes_return_every_row_once()
    {
        await using var emulator = await StartAsync(realistic: true, scale: 300);
        var client = emulator.Client;
        var tags = await PassAsync(client, "candidateTag.list", new() { ["limit"] = 100, ["includeArchived"] = true });
        tags.Ids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(
            (await client.AdminAsync("ids?table=candidate_tags")).EnumerateArray().Select(x => x.GetString()));
        LongestEmptyRun(tags.Pages, out _).Should().BeLessThan(30, "the run only comes while more than a page of rows is left");
        tags.Pages.Should().HaveCountLessThan(10);

        var history = (await client.AdminAsync("ids?table=application_history&withParent=true")).EnumerateArray()
            .GroupBy(x => x.GetProperty("parentId").GetString()!, x => x.GetProperty("id").GetString()!).Take(40).ToList();
        var pages = new List<PageSeen>();
        foreach (var application in history)
        {
            var pass = await PassAsync(client, "application.listHistory", new() { ["applicationId"] = application.Key, ["limit"] = 2 });
            pass.Ids.Should().Equal(application, "a child pass returns its parent's rows once, in order");
            pages.AddRange(pass.Pages);
        }
        pages.Should().Contain(p => p.Rows == 0 && p.More, "child passes meet empty pages too");
    }

    [Fact]
    public async Task Realistic_incremental_passes_after_a_mutation_return_each_changed_id_once()
    {
        await using var emulator = await StartAsync(realistic: true);
        var client = emulator.Client;
        var body = new Dictionary<string, object?> { ["limit"] = 100 };
        var applications = await PassAsync(client, "application.list", body);
        var candidates = await PassAsync(client, "candidate.list", body);

        var applicationChanges = await client.AdminAsync("mutate", new { table = "applications", create = 25, update = 150, archive = 30 });
        var candidateChanges = await client.AdminAsync("mutate", new { table = "candidates", create = 10, update = 40 });
        var changedApplications = Changed(applicationChanges, "applications");
        var changedCandidates = Changed(applicationChanges, "candidates").Concat(Changed(candidateChanges, "candidates")).ToHashSet();
        changedApplications.Should().HaveCount(205);

        var pages = new List<PageSeen>();
        foreach (var (endpoint, token, changed) in new[]
        {
            ("application.list", applications.SyncToken, changedApplications),
            ("candidate.list", candidates.SyncToken, changedCandidates),
        })
        {
            token.Should().NotBeNull();
            var incremental = await PassAsync(client, endpoint, new(body) { ["syncToken"] = token, ["limit"] = 10 });
            incremental.Ids.Should().OnlyHaveUniqueItems(endpoint).And.BeEquivalentTo(changed, endpoint);
            pages.AddRange(incremental.Pages);
        }
        pages.Should().Contain(p => p.More && p.Rows < 10, "incremental passes are cut short too");

        var after = await PassAsync(client, "application.list", body);
        after.Ids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(
            (await client.AdminAsync("ids?table=applications")).EnumerateArray().Select(x => x.GetString()));
    }

    private static HashSet<string> Changed(JsonElement mutation, string table) =>
        mutation.GetProperty("tables").TryGetProperty(table, out var lists)
            ? [.. lists.EnumerateObject().SelectMany(l => l.Value.EnumerateArray().Select(x => x.GetString()!))]
            : [];

    [Fact]
    public async Task A_posting_on_several_boards_keeps_one_id_in_realistic_mode()
    {
        await using var normal = await StartAsync(realistic: false);
        await using var realistic = await StartAsync(realistic: true);
        var plain = await BoardPairsAsync(normal.Client);
        var shared = await BoardPairsAsync(realistic.Client);

        shared.Should().HaveCount(plain.Count, "the same postings are listed, only their ids differ");
        shared.Select(p => (p.Board, p.Id)).Should().OnlyHaveUniqueItems("within one board an id is listed once");
        shared.Select(p => (p.Board, p.Id)).Should().BeEquivalentTo(await AdminPairsAsync(realistic.Client));
        var onSeveralBoards = shared.GroupBy(p => p.Id).Where(g => g.Select(p => p.Board).Distinct().Count() > 1).ToList();
        onSeveralBoards.Should().NotBeEmpty();
        onSeveralBoards.Should().OnlyContain(g => g.Select(p => p.JobId).Distinct().Count() == 1, "the copies are one job's posting");
        plain.GroupBy(p => p.Id).Should().OnlyContain(g => g.Count() == 1, "without the mode every row has its own id");
        plain.Select(p => (p.Board, p.Id)).Should().BeEquivalentTo(await AdminPairsAsync(normal.Client));
    }

    /// <summary>(board, posting id, job id) of every posting on every board.</summary>
    private static async Task<List<(string Board, string Id, string JobId)>> BoardPairsAsync(AshbyClient client)
    {
        var pairs = new List<(string, string, string)>();
        foreach (var board in (await client.PostAsync("jobBoard.list", "{}")).Results.Select(b => b.GetProperty("id").GetString()!))
        {
            var postings = (await client.PostAsync("jobPosting.list", new { jobBoardId = board, includeUnpublishedJobPostings = true })).Results;
            pairs.AddRange(postings.Select(p => (board, p.GetProperty("id").GetString()!, p.GetProperty("jobId").GetString()!)));
        }
        return pairs;
    }

    private static async Task<List<(string Board, string Id)>> AdminPairsAsync(AshbyClient client) =>
        [.. (await client.AdminAsync("ids?table=job_postings&withParent=true")).EnumerateArray()
            .Select(x => (x.GetProperty("parentId").GetString()!, x.GetProperty("id").GetString()!))];
}
