using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AshbyEmulator.Tests;

public sealed partial class DataTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private readonly AshbyClient _client = emulator.Client;

    /// <summary>Request bodies of a complete sync: every include flag on and every job status (see Ashby's API docs, https://developers.ashbyhq.com/reference).</summary>
    public static readonly Dictionary<string, (string Endpoint, string Stream, Dictionary<string, object?> Body)> Complete = new()
    {
        ["candidates"] = ("candidate.list", "candidates", new() { ["limit"] = 100 }),
        ["applications"] = ("application.list", "applications", new() { ["limit"] = 100 }),
        ["jobs"] = ("job.list", "jobs", new() { ["limit"] = 100, ["status"] = new[] { "Draft", "Open", "Closed", "Archived" }, ["includeUnpublishedJobPostingsIds"] = true }),
        ["job_postings"] = ("jobPosting.list", "job_postings", new() { ["includeUnpublishedJobPostings"] = true }),
        ["offers"] = ("offer.list", "offers", new() { ["limit"] = 100 }),
        ["interviews"] = ("interview.list", "interviews", new() { ["limit"] = 100, ["includeArchived"] = true, ["includeNonSharedInterviews"] = true }),
        ["interview_schedules"] = ("interviewSchedule.list", "interview_schedules", new() { ["limit"] = 100 }),
        ["users"] = ("user.list", "users", new() { ["limit"] = 100, ["includeDeactivated"] = true }),
        ["departments"] = ("department.list", "departments", new() { ["limit"] = 100, ["includeArchived"] = true }),
        ["locations"] = ("location.list", "locations", new() { ["limit"] = 100, ["includeArchived"] = true, ["includeLocationHierarchy"] = true }),
        ["sources"] = ("source.list", "sources", new() { ["includeArchived"] = true }),
        ["archive_reasons"] = ("archiveReason.list", "archive_reasons", new() { ["includeArchived"] = true }),
        ["candidate_tags"] = ("candidateTag.list", "candidate_tags", new() { ["limit"] = 100, ["includeArchived"] = true }),
        ["custom_fields"] = ("customField.list", "custom_fields", new() { ["limit"] = 100, ["includeArchived"] = true }),
        ["openings"] = ("opening.list", "openings", new() { ["limit"] = 100 }),
        ["projects"] = ("project.list", "projects", new() { ["limit"] = 100 }),
    };

    /// <summary>Top-level fields per table, from the object shapes in Ashby's API docs (https://developers.ashbyhq.com/reference); every row must carry all of them.</summary>
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["candidates"] = "id createdAt updatedAt name primaryEmailAddress emailAddresses primaryPhoneNumber phoneNumbers socialLinks tags position company school applicationIds resumeFileHandle fileHandles customFields profileUrl source creditedToUser timezone location fraudStatus",
        ["applications"] = "id createdAt updatedAt status customFields candidate currentInterviewStage source archiveReason archivedAt job creditedToUser hiringTeam appliedViaJobPostingId submitterClientIp submitterUserAgent",
        ["jobs"] = "id title confidential status employmentType locationId departmentId defaultInterviewPlanId interviewPlanIds customFields jobPostingIds customRequisitionId brandId hiringTeam author createdAt updatedAt openedAt closedAt",
        ["job_postings"] = "id title jobId departmentName teamName locationName locationIds workplaceType employmentType isListed publishedDate applicationDeadline externalLink applyLink compensationTierSummary shouldDisplayCompensationOnJobBoard updatedAt locationExternalName status",
        ["offers"] = "id decidedAt applicationId acceptanceStatus offerStatus latestVersion",
        ["interviews"] = "id title externalTitle isArchived isDebrief isFeedbackRequired isFeedbackRequested instructionsHtml instructionsPlain jobId feedbackFormDefinitionId",
        ["interview_schedules"] = "id status applicationId interviewStageId scheduledBy createdAt updatedAt interviewEvents",
        ["users"] = "id firstName lastName email globalRole isEnabled updatedAt managerId customFields",
        ["departments"] = "id name externalName isArchived parentId createdAt updatedAt extraData",
        ["locations"] = "id name externalName isArchived address isRemote workplaceType parentLocationId type extraData",
        ["sources"] = "id title isArchived sourceType",
        ["archive_reasons"] = "id text reasonType isArchived",
        ["candidate_tags"] = "id title isArchived",
        ["custom_fields"] = "id isPrivate title objectType isArchived fieldType isRequired",
        ["openings"] = "id openedAt closedAt archivedAt isArchived closeReasonId openingState latestVersion",
        ["projects"] = "id title description isArchived confidential authorId createdAt customFieldEntries",
    };

    private readonly Dictionary<string, List<JsonElement>> _cache = [];

    private async Task<List<JsonElement>> RowsAsync(string stream)
    {
        if (!_cache.TryGetValue(stream, out var rows))
        {
            var (endpoint, _, body) = Complete[stream];
            if (stream == "job_postings")
            {
                // A complete sync of postings reads every enabled board (jobPosting.list without jobBoardId lists the primary one only).
                rows = [];
                foreach (var board in (await _client.PostAsync("jobBoard.list", "{}")).Results)
                {
                    rows.AddRange((await _client.PassAsync(endpoint, new(body) { ["jobBoardId"] = board.GetProperty("id").GetString() })).Rows);
                }
                _cache[stream] = rows;
                return rows;
            }
            _cache[stream] = rows = (await _client.PassAsync(endpoint, body)).Rows;
        }
        return rows;
    }

    [Fact]
    public async Task Every_row_carries_every_documented_field_and_ids_are_unique()
    {
        foreach (var (stream, fields) in Fields)
        {
            var rows = await RowsAsync(stream);
            rows.Should().NotBeEmpty(stream);
            foreach (var row in rows)
            {
                var names = row.EnumerateObject().Select(p => p.Name).ToHashSet();
                names.Should().Contain(fields.Split(' '), $"{stream} row {row.GetProperty("id")}");
            }
            rows.Select(r => r.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems(stream);
            rows.Should().OnlyContain(r => UuidPattern().IsMatch(r.GetProperty("id").GetString()!), stream);
        }
    }

    [Fact]
    public async Task Admin_ids_match_a_complete_sync_for_every_table()
    {
        foreach (var (stream, (endpoint, _, body)) in Complete)
        {
            var ids = (await _client.AdminAsync($"ids?table={stream}")).EnumerateArray().Select(x => x.GetString()!).ToList();
            var pass = (await RowsAsync(stream)).Select(r => r.GetProperty("id").GetString()!);
            ids.Should().BeEquivalentTo(pass, stream);
        }
    }

    [Fact]
    public async Task Table_sizes_derive_from_the_scale()
    {
        (await RowsAsync("candidates")).Should().HaveCount(1000);
        (await RowsAsync("applications")).Should().HaveCount(1200);
        (await RowsAsync("jobs")).Should().HaveCount(20);
        (await RowsAsync("offers")).Should().HaveCount(50);
        (await RowsAsync("interview_schedules")).Should().HaveCount(500);
        (await RowsAsync("openings")).Should().HaveCount(24);
        (await RowsAsync("sources")).Should().HaveCount(25);
        (await RowsAsync("archive_reasons")).Should().HaveCount(12);
        (await RowsAsync("candidate_tags")).Should().HaveCount(40);
        (await RowsAsync("custom_fields")).Should().HaveCount(32);
    }

    [Fact]
    public async Task Cross_references_point_at_real_rows()
    {
        async Task<HashSet<string>> IdsOf(string stream) => [.. (await RowsAsync(stream)).Select(r => r.GetProperty("id").GetString()!)];
        var candidates = await IdsOf("candidates");
        var applications = await IdsOf("applications");
        var jobs = await IdsOf("jobs");
        var users = await IdsOf("users");
        var departments = await IdsOf("departments");
        var locations = await IdsOf("locations");
        var interviews = await IdsOf("interviews");
        var tags = await IdsOf("candidate_tags");
        var fields = await IdsOf("custom_fields");
        var sources = await IdsOf("sources");
        var openings = await IdsOf("openings");

        foreach (var a in await RowsAsync("applications"))
        {
            candidates.Should().Contain(a.GetProperty("candidate").GetProperty("id").GetString());
            jobs.Should().Contain(a.GetProperty("job").GetProperty("id").GetString());
            if (a.GetProperty("source").ValueKind == JsonValueKind.Object)
            {
                sources.Should().Contain(a.GetProperty("source").GetProperty("id").GetString());
            }

            foreach (var member in a.GetProperty("hiringTeam").EnumerateArray())
            {
                users.Should().Contain(member.GetProperty("userId").GetString());
            }

            In(fields, a.GetProperty("customFields").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
        }
        foreach (var c in await RowsAsync("candidates"))
        {
            In(applications, c.GetProperty("applicationIds").EnumerateArray().Select(x => x.GetString()!));
            In(tags, c.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
        }
        foreach (var o in await RowsAsync("offers"))
        {
            applications.Should().Contain(o.GetProperty("applicationId").GetString());
            var opening = o.GetProperty("latestVersion").GetProperty("openingId");
            if (opening.ValueKind == JsonValueKind.String)
            {
                openings.Should().Contain(opening.GetString());
            }
        }
        foreach (var s in await RowsAsync("interview_schedules"))
        {
            applications.Should().Contain(s.GetProperty("applicationId").GetString());
            foreach (var e in s.GetProperty("interviewEvents").EnumerateArray())
            {
                interviews.Should().Contain(e.GetProperty("interviewId").GetString());
            }
        }
        foreach (var j in await RowsAsync("jobs"))
        {
            departments.Should().Contain(j.GetProperty("departmentId").GetString());
            if (j.GetProperty("locationId").ValueKind == JsonValueKind.String)
            {
                locations.Should().Contain(j.GetProperty("locationId").GetString());
            }
        }
        foreach (var p in await RowsAsync("job_postings"))
        {
            jobs.Should().Contain(p.GetProperty("jobId").GetString());
        }

        foreach (var o in await RowsAsync("openings"))
        {
            In(jobs, o.GetProperty("latestVersion").GetProperty("jobIds").EnumerateArray().Select(x => x.GetString()!));
        }

        await SetReferencesAreKnownAsync("departments", "parentId", departments);
        await SetReferencesAreKnownAsync("locations", "parentLocationId", locations);
        await SetReferencesAreKnownAsync("users", "managerId", users);
        await SetReferencesAreKnownAsync("interviews", "jobId", jobs);
    }

    /// <summary>Where a row of <paramref name="stream"/> has <paramref name="property"/> set (it may be null), it names a row in <paramref name="known"/>.</summary>
    private async Task SetReferencesAreKnownAsync(string stream, string property, HashSet<string> known) =>
        In(known, (await RowsAsync(stream)).Select(r => r.GetProperty(property)).Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));

    private static void In(HashSet<string> known, IEnumerable<string> references) => references.Except(known).Should().BeEmpty();

    [Fact]
    public async Task Timestamps_dates_and_update_order_are_well_formed()
    {
        foreach (var stream in TimestampedStreams)
        {
            foreach (var row in await RowsAsync(stream))
            {
                var created = row.GetProperty("createdAt").GetString()!;
                var updated = row.GetProperty("updatedAt").GetString()!;
                created.Should().MatchRegex(TimestampPattern().ToString());
                string.CompareOrdinal(updated, created).Should().BeGreaterThanOrEqualTo(0, $"{stream} updatedAt ≥ createdAt");
                string.CompareOrdinal(created, "2020-12-01").Should().BePositive();
                string.CompareOrdinal(updated, "2026-01-01").Should().BeNegative("base data predates the epoch");
            }
        }
        foreach (var p in await RowsAsync("job_postings"))
        {
            // A draft has not been published (https://developers.ashbyhq.com/changelog/2026-05-26-job-posting-unpublished-access).
            if (p.GetProperty("status").GetString() == "Draft")
            {
                p.GetProperty("publishedDate").ValueKind.Should().Be(JsonValueKind.Null);
            }
            else
            {
                p.GetProperty("publishedDate").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\d$");
            }
        }

        foreach (var o in await RowsAsync("openings"))
        {
            var hire = o.GetProperty("latestVersion").GetProperty("targetHireDate");
            if (hire.ValueKind == JsonValueKind.String)
            {
                hire.GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\d$");
            }
        }
        foreach (var a in await RowsAsync("applications"))
        {
            var archived = a.GetProperty("status").GetString() == "Archived";
            (a.GetProperty("archivedAt").ValueKind == JsonValueKind.String).Should().Be(archived);
            (a.GetProperty("archiveReason").ValueKind == JsonValueKind.Object).Should().Be(archived);
        }
    }

    [Fact]
    public async Task Null_and_empty_variants_and_every_custom_field_value_kind_occur()
    {
        var candidates = await RowsAsync("candidates");
        candidates.Should().Contain(c => c.GetProperty("primaryPhoneNumber").ValueKind == JsonValueKind.Null);
        candidates.Should().Contain(c => c.GetProperty("primaryEmailAddress").ValueKind == JsonValueKind.Null && c.GetProperty("emailAddresses").GetArrayLength() == 0);
        candidates.Should().Contain(c => c.GetProperty("source").ValueKind == JsonValueKind.Null);
        candidates.Should().Contain(c => c.GetProperty("tags").GetArrayLength() == 0);
        candidates.Should().Contain(c => c.GetProperty("customFields").GetArrayLength() == 0);
        candidates.Should().Contain(c => c.GetProperty("fraudStatus").ValueKind == JsonValueKind.String);

        var values = new List<JsonElement>();
        foreach (var stream in CustomFieldStreams)
        {
            foreach (var row in await RowsAsync(stream))
            {
                var list = stream switch
                {
                    "projects" => row.GetProperty("customFieldEntries"),
                    "openings" or "offers" => row.GetProperty("latestVersion").GetProperty("customFields"),
                    _ => row.GetProperty("customFields"),
                };
                values.AddRange(list.EnumerateArray().Select(f => f.GetProperty("value")));
            }
        }
        values.Should().Contain(v => v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False);
        values.Should().Contain(v => v.ValueKind == JsonValueKind.Number && v.GetRawText().Contains('.', StringComparison.Ordinal), "decimals");
        values.Should().Contain(v => v.ValueKind == JsonValueKind.Number && !v.GetRawText().Contains('.', StringComparison.Ordinal), "integers");
        values.Should().Contain(v => v.ValueKind == JsonValueKind.String && TimestampPattern().IsMatch(v.GetString()!), "ISO dates");
        values.Should().Contain(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Contains('\n', StringComparison.Ordinal), "long text");
        values.Should().Contain(v => v.ValueKind == JsonValueKind.Array, "multi-select");
        values.Should().Contain(v => ObjectKind(v) == "currency");
        values.Should().Contain(v => ObjectKind(v) == "number-range");
        values.Should().Contain(v => ObjectKind(v) == "compensation-range" && HasInterval(v));

        var salaries = (await RowsAsync("offers")).Select(o => o.GetProperty("latestVersion").GetProperty("salary").GetProperty("value").GetRawText());
        salaries.Should().OnlyContain(s => Regex.IsMatch(s, @"^\d+000$"), "salaries are integers");
    }

    [Fact]
    public async Task Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        async Task<string[]> PagesAsync(long seed)
        {
            await using var e = await Emulators.StartAsync(o => o.Seed = seed);
            using var c = new AshbyClient(e.BaseUrl);
            var first = await c.PostAsync("application.list", new { limit = 50 });
            var second = await c.PostAsync("application.list", new { limit = 50, cursor = first.NextCursor });
            var schedules = await c.PostAsync("interviewSchedule.list", new { limit = 20 });
            return [first.Body, second.Body, schedules.Body];
        }
        var a = await PagesAsync(42);
        var b = await PagesAsync(42);
        var c = await PagesAsync(43);
        a.Should().Equal(b);
        a[0].Should().NotBe(c[0]);
    }

    [Fact]
    public async Task Expansions_add_documented_objects()
    {
        var jobs = await _client.PostAsync("job.list", new { limit = 5, expand = JobExpansions });
        jobs.Results.Should().OnlyContain(j => HasLocation(j) && j.GetProperty("openings").ValueKind == JsonValueKind.Array);
        jobs.Results.SelectMany(j => j.GetProperty("openings").EnumerateArray()).Should().NotBeEmpty();
        var apps = await _client.PostAsync("application.list", new { limit = 5, expand = ApplicationExpansions });
        apps.Results.Should().OnlyContain(a => a.GetProperty("openings").ValueKind == JsonValueKind.Array);
        (await _client.PostAsync("job.list", new { limit = 1 })).Results[0].TryGetProperty("openings", out _).Should().BeFalse();
    }

    private static string? ObjectKind(JsonElement v) => v.ValueKind != JsonValueKind.Object
        ? null
        : v.TryGetProperty("type", out var t) ? t.GetString() : v.TryGetProperty("currencyCode", out _) ? "currency" : null;

    private static bool HasLocation(JsonElement job) => job.TryGetProperty("location", out _);

    private static bool HasInterval(JsonElement v) => v.TryGetProperty("interval", out _);

    private static readonly string[] TimestampedStreams = ["candidates", "applications", "jobs", "interview_schedules", "departments"];
    private static readonly string[] CustomFieldStreams = ["candidates", "applications", "jobs", "openings", "projects", "offers"];
    private static readonly string[] JobExpansions = ["location", "openings"];
    private static readonly string[] ApplicationExpansions = ["openings"];

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex TimestampPattern();
}
