using System.Text.Json;

namespace AshbyEmulator.Tests;

/// <summary>
/// The per-object endpoints (offer.info, interviewerPool.info, jobInterviewPlan.info), draft postings with their
/// expansions, and the newer survey types: shapes from Ashby's OpenAPI and changelog, and references that resolve.
/// </summary>
public sealed class InfoEndpointTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private static readonly string[] AllJobStatuses = ["Draft", "Open", "Closed", "Archived"];

    private readonly AshbyClient _client = emulator.Client;

    [Theory]
    [InlineData("offer.info", "offerId", "offer_not_found")]
    [InlineData("interviewerPool.info", "interviewerPoolId", "interviewer_pool_not_found")]
    [InlineData("jobInterviewPlan.info", "jobId", "job_not_found")]
    public async Task The_id_is_required_and_an_unknown_one_is_not_found(string endpoint, string parameter, string notFound)
    {
        var missing = await _client.PostAsync(endpoint, "{}");
        missing.ErrorCode.Should().Be("invalid_input");
        missing.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Be($"{parameter} is required");
        (await _client.PostAsync(endpoint, $$"""{"{{parameter}}":"nope"}""")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync(endpoint, $$"""{"{{parameter}}":"00000000-0000-4000-8000-000000000000"}""")).ErrorCode.Should().Be(notFound);
    }

    [Fact]
    public async Task Info_endpoints_answer_one_object_without_paging_fields_and_need_their_permission()
    {
        var offer = (await _client.PostAsync("offer.list", new { limit = 1 })).Results[0].GetProperty("id").GetString();
        var reply = await _client.PostAsync("offer.info", new { offerId = offer });
        reply.Success.Should().BeTrue(reply.Body);
        reply.Json.GetProperty("results").ValueKind.Should().Be(JsonValueKind.Object);
        reply.Json.EnumerateObject().Select(p => p.Name).Should().Equal("success", "results");
        (await _client.PostAsync("offer.info", new { offerId = offer }, DemoKeys.NoOffers)).ErrorCode.Should().Be("missing_endpoint_permission");
        (await _client.PostAsync("jobInterviewPlan.info", "{}", DemoKeys.JobsOnly)).ErrorCode.Should().Be("invalid_input", "jobsRead is enough");
    }

    [Fact]
    public async Task Offer_versions_grow_older_to_newer_and_the_newest_is_the_offer_lists_latest_version()
    {
        var offers = (await _client.PassAsync("offer.list", new())).Rows;
        var pairs = new List<(string Id, string Parent)>();
        foreach (var offer in offers)
        {
            var id = offer.GetProperty("id").GetString()!;
            var info = (await _client.PostAsync("offer.info", new { offerId = id, excludeFormDefinition = true })).Json.GetProperty("results");
            info.TryGetProperty("formDefinition", out _).Should().BeFalse("excludeFormDefinition leaves it out");
            foreach (var key in new[] { "id", "applicationId", "acceptanceStatus", "offerStatus", "decidedAt" })
            {
                info.GetProperty(key).GetRawText().Should().Be(offer.GetProperty(key).GetRawText(), key);
            }

            var versions = info.GetProperty("versions").EnumerateArray().ToList();
            versions.Should().NotBeEmpty();
            versions.Should().OnlyContain(v => Has(v, "id") && Has(v, "createdAt"));
            versions.Select(v => v.GetProperty("createdAt").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
            versions[^1].GetRawText().Should().Be(offer.GetProperty("latestVersion").GetRawText());
            info.GetProperty("latestVersion").GetRawText().Should().Be(offer.GetProperty("latestVersion").GetRawText());
            pairs.AddRange(versions.Select(v => (v.GetProperty("id").GetString()!, id)));
        }

        pairs.Should().Contain(p => pairs.Count(q => q.Parent == p.Parent) > 1, "some offers were revised before they went out");
        (await AdminPairsAsync("offer_versions")).Should().BeEquivalentTo(pairs);
        var withForm = await _client.PostAsync("offer.info", new { offerId = offers[0].GetProperty("id").GetString() });
        withForm.Json.GetProperty("results").GetProperty("formDefinition").GetProperty("sections").GetArrayLength().Should().BeGreaterThan(0, "the form definition is sent by default");
    }

    [Fact]
    public async Task Pool_members_and_trainees_are_distinct_enabled_users_on_the_pools_own_training_path()
    {
        var users = (await _client.PassAsync("user.list", new() { ["includeDeactivated"] = true })).Rows.ToDictionary(u => u.GetProperty("id").GetString()!);
        var pools = (await _client.PassAsync("interviewerPool.list", new() { ["includeArchivedPools"] = true })).Rows;
        var members = new List<(string Id, string Parent)>();
        var trainees = new List<(string Id, string Parent)>();
        foreach (var pool in pools)
        {
            var id = pool.GetProperty("id").GetString()!;
            var info = (await _client.PostAsync("interviewerPool.info", new { interviewerPoolId = id })).Json.GetProperty("results");
            info.GetProperty("trainingPath").GetRawText().Should().Be(pool.GetProperty("trainingPath").GetRawText(), "the pool is the list's pool");
            var qualified = info.GetProperty("qualifiedMembers").EnumerateArray().ToList();
            var training = info.GetProperty("trainees").EnumerateArray().ToList();
            qualified.Should().NotBeEmpty();
            foreach (var member in qualified.Concat(training))
            {
                Keys(member, "id firstName lastName globalRole isEnabled updatedAt isPaused");
                var user = users[member.GetProperty("id").GetString()!];
                user.GetProperty("isEnabled").GetBoolean().Should().BeTrue("a deactivated user is in no pool");
                member.GetProperty("email").GetRawText().Should().Be(user.GetProperty("email").GetRawText());
            }

            var path = pool.GetProperty("trainingPath");
            if (path.ValueKind != JsonValueKind.Object)
            {
                training.Should().BeEmpty("a pool without a training path has no trainees");
            }

            foreach (var trainee in training)
            {
                var progress = trainee.GetProperty("currentProgress");
                progress.GetProperty("trainingPathId").GetString().Should().Be(path.GetProperty("id").GetString());
                var stage = path.GetProperty("trainingStages").EnumerateArray().Single(s => s.GetProperty("id").GetString() == progress.GetProperty("trainingPathStageId").GetString());
                progress.GetProperty("interviewsCompleted").GetInt32().Should().BeInRange(0, stage.GetProperty("interviewsRequired").GetInt32() - 1);
            }

            var memberIds = qualified.Select(m => m.GetProperty("id").GetString()!).ToList();
            var traineeIds = training.Select(m => m.GetProperty("id").GetString()!).ToList();
            memberIds.Concat(traineeIds).Should().OnlyHaveUniqueItems("a user is a member or a trainee of a pool, once");
            members.AddRange(memberIds.Select(m => (m, id)));
            trainees.AddRange(traineeIds.Select(t => (t, id)));
        }

        trainees.Should().NotBeEmpty();
        (await AdminPairsAsync("interviewer_pool_members")).Should().BeEquivalentTo(members);
        (await AdminPairsAsync("interviewer_pool_trainees")).Should().BeEquivalentTo(trainees);
    }

    [Fact]
    public async Task A_jobs_plan_is_its_default_plan_with_that_plans_stages_and_real_interviews()
    {
        var interviews = (await _client.PassAsync("interview.list", new() { ["includeArchived"] = true, ["includeNonSharedInterviews"] = true })).Rows
            .ToDictionary(i => i.GetProperty("id").GetString()!);
        var jobs = (await _client.PassAsync("job.list", new() { ["status"] = AllJobStatuses })).Rows;
        var stagesByPlan = new Dictionary<string, JsonElement[]>();
        foreach (var job in jobs)
        {
            var plan = (await _client.PostAsync("jobInterviewPlan.info", new { jobId = job.GetProperty("id").GetString() })).Json.GetProperty("results");
            plan.GetProperty("jobId").GetString().Should().Be(job.GetProperty("id").GetString());
            var planId = plan.GetProperty("interviewPlanId").GetString()!;
            planId.Should().Be(job.GetProperty("defaultInterviewPlanId").GetString());
            if (!stagesByPlan.TryGetValue(planId, out var listed))
            {
                stagesByPlan[planId] = listed = (await _client.PostAsync("interviewStage.list", new { interviewPlanId = planId })).Results;
            }

            var stages = plan.GetProperty("stages").EnumerateArray().ToList();
            stages.Select(s => s.GetProperty("id").GetString()).Should().Equal(listed.Select(s => s.GetProperty("id").GetString()), "the plan's stages, in plan order");
            foreach (var (stage, row) in stages.Zip(listed))
            {
                foreach (var key in new[] { "title", "type", "orderInInterviewPlan", "interviewStageGroupId" })
                {
                    stage.GetProperty(key).GetRawText().Should().Be(row.GetProperty(key).GetRawText(), key);
                }

                foreach (var activity in stage.GetProperty("activities").EnumerateArray())
                {
                    Keys(activity, "id title interviews");
                    activity.GetProperty("interviews").GetArrayLength().Should().BeGreaterThan(0);
                    foreach (var interview in activity.GetProperty("interviews").EnumerateArray())
                    {
                        Keys(interview, "id title interviewId interviewDurationMinutes isSchedulable");
                        interviews.Should().ContainKey(interview.GetProperty("interviewId").GetString()!);
                        interview.GetProperty("title").GetString().Should().Be(interviews[interview.GetProperty("interviewId").GetString()!].GetProperty("title").GetString());
                    }
                }
            }

            stages.Where(s => s.GetProperty("type").GetString() == "Active").Should().OnlyContain(s => s.GetProperty("activities").GetArrayLength() > 0, "interview stages schedule interviews");
        }

        (await IdsAsync("job_interview_plans")).Should().BeEquivalentTo(jobs.Select(j => j.GetProperty("id").GetString()!), "one plan per job");
    }

    [Fact]
    public async Task Draft_postings_only_with_the_flag_on_jobs_that_are_not_open()
    {
        var jobs = (await _client.PassAsync("job.list", new() { ["status"] = AllJobStatuses })).Rows.ToDictionary(j => j.GetProperty("id").GetString()!);
        var published = (await _client.PostAsync("jobPosting.list", "{}")).Results;
        published.Should().OnlyContain(p => p.GetProperty("status").GetString() == "Published" && p.GetProperty("publishedDate").ValueKind == JsonValueKind.String);
        published.Should().OnlyContain(p => jobs[p.GetProperty("jobId").GetString()!].GetProperty("status").GetString() == "Open");

        var all = (await _client.PostAsync("jobPosting.list", new { includeUnpublishedJobPostings = true })).Results;
        var drafts = all.Where(p => p.GetProperty("status").GetString() == "Draft").ToList();
        all.Length.Should().Be(published.Length + drafts.Count);
        drafts.Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("publishedDate").ValueKind == JsonValueKind.Null);
        all.Where(p => jobs[p.GetProperty("jobId").GetString()!].GetProperty("status").GetString() != "Open")
            .Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("status").GetString() == "Draft", "a job that is not open has draft postings only");
        var ids = await IdsAsync("job_postings");
        ids.Should().Contain(drafts.Select(p => p.GetProperty("id").GetString()!), "a complete sync reads drafts too");
    }

    [Fact]
    public async Task Posting_expansions_come_only_when_asked_and_name_real_fields_and_locations()
    {
        (await _client.PostAsync("jobPosting.list", "{}")).Results.Should().OnlyContain(p => !Has(p, "customFields") && !Has(p, "jobCustomFields") && !Has(p, "address") && !Has(p, "secondaryLocations"));
        (await _client.PostAsync("jobPosting.list", """{"expand":["job"]}""")).ErrorCode.Should().Be("invalid_input");

        var fields = await IdsAsync("custom_fields");
        var locations = (await _client.PassAsync("location.list", new() { ["includeArchived"] = true, ["includeLocationHierarchy"] = true })).Rows.ToDictionary(l => l.GetProperty("id").GetString()!);
        var jobs = (await _client.PassAsync("job.list", new() { ["status"] = AllJobStatuses })).Rows.ToDictionary(j => j.GetProperty("id").GetString()!);
        var postings = (await _client.PostAsync("jobPosting.list", """{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"]}""")).Results;
        postings.SelectMany(p => p.GetProperty("customFields").EnumerateArray()).Should().NotBeEmpty()
            .And.OnlyContain(f => fields.Contains(f.GetProperty("id").GetString()!));
        foreach (var posting in postings)
        {
            posting.GetProperty("jobCustomFields").GetRawText().Should().Be(jobs[posting.GetProperty("jobId").GetString()!].GetProperty("customFields").GetRawText());
            var primary = posting.GetProperty("locationIds").GetProperty("primaryLocationId").GetString()!;
            posting.GetProperty("address").GetRawText().Should().Be(locations[primary].GetProperty("address").GetRawText());
            var secondary = posting.GetProperty("secondaryLocations").EnumerateArray().ToList();
            secondary.Select(l => l.GetProperty("id").GetString()).Should().Equal(posting.GetProperty("locationIds").GetProperty("secondaryLocationIds").EnumerateArray().Select(x => x.GetString()));
            foreach (var location in secondary)
            {
                var row = locations[location.GetProperty("id").GetString()!];
                foreach (var key in new[] { "name", "externalName", "address" })
                {
                    location.GetProperty(key).GetRawText().Should().Be(row.GetProperty(key).GetRawText(), key);
                }
            }
        }
    }

    [Fact]
    public async Task Survey_types_split_submissions_and_requests_each_with_its_own_token()
    {
        (await _client.PostAsync("surveyRequest.list", """{"surveyType":"HiringManagerExperience"}""")).ErrorCode.Should().Be("invalid_input", "only submissions have hiring-manager surveys");
        var forms = (await _client.PassAsync("surveyFormDefinition.list", new())).Rows.ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("surveyType").GetString());
        foreach (var (endpoint, table, types) in new[]
        {
            ("surveySubmission.list", "survey_submissions", new[] { "CandidateExperience", "Questionnaire", "HiringManagerExperience" }),
            ("surveyRequest.list", "survey_requests", new[] { "CandidateExperience", "Questionnaire" }),
        })
        {
            var passes = new List<AshbyClient.Pass>();
            foreach (var type in types)
            {
                var pass = await _client.PassAsync(endpoint, new() { ["surveyType"] = type });
                pass.Rows.Should().NotBeEmpty($"{endpoint} {type}");
                pass.Rows.Select(r => r.GetProperty("surveyFormDefinitionId")).Where(f => f.ValueKind == JsonValueKind.String)
                    .Should().OnlyContain(f => forms[f.GetString()!] == type, "a survey answers a form of its type");
                passes.Add(pass);
            }

            passes.Select(p => p.SyncToken).Should().OnlyHaveUniqueItems();
            (await IdsAsync(table)).Should().BeEquivalentTo(passes.SelectMany(p => p.Ids), "every type together is the whole table");
        }
    }

    [Fact]
    public async Task Admin_info_names_the_endpoint_of_every_stream()
    {
        var streams = (await _client.AdminAsync("info")).GetProperty("streams");
        streams.GetProperty("offer_versions").GetString().Should().Be("offer.info");
        streams.GetProperty("interviewer_pool_members").GetString().Should().Be("interviewerPool.info");
        streams.GetProperty("interviewer_pool_trainees").GetString().Should().Be("interviewerPool.info");
        streams.GetProperty("job_interview_plans").GetString().Should().Be("jobInterviewPlan.info");
        streams.GetProperty("offers").GetString().Should().Be("offer.list");
        streams.GetProperty("interview_events").ValueKind.Should().Be(JsonValueKind.Null, "events come inside schedules");
    }

    [Fact]
    public async Task Updating_an_offer_makes_a_version_that_is_its_latest_and_puts_it_into_the_offers_delta()
    {
        await using var own = await Emulators.StartAsync();
        using var client = new AshbyClient(own.BaseUrl);
        var before = await client.PassAsync("offer.list", new());
        var versionsBefore = new Dictionary<string, int>();
        foreach (var offer in before.Rows)
        {
            var id = offer.GetProperty("id").GetString()!;
            versionsBefore[id] = (await client.PostAsync("offer.info", new { offerId = id })).Json.GetProperty("results").GetProperty("versions").GetArrayLength();
        }

        var mutation = await client.AdminAsync("mutate", new { table = "offers", update = 5 });
        var updated = mutation.GetProperty("tables").GetProperty("offers").GetProperty("updated").EnumerateArray().Select(x => x.GetString()!).ToList();
        var delta = await client.PassAsync("offer.list", new() { ["syncToken"] = before.SyncToken });

        delta.Ids.Should().BeEquivalentTo(updated);
        foreach (var offer in delta.Rows)
        {
            var id = offer.GetProperty("id").GetString()!;
            var versions = (await client.PostAsync("offer.info", new { offerId = id })).Json.GetProperty("results").GetProperty("versions").EnumerateArray().ToList();
            versions.Should().HaveCount(versionsBefore[id] + 1);
            versions[^1].GetRawText().Should().Be(offer.GetProperty("latestVersion").GetRawText());
            string.CompareOrdinal(versions[^1].GetProperty("createdAt").GetString(), "2026-01-01").Should().BePositive("the new version was made by the change");
            versions.Select(v => v.GetProperty("createdAt").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        }
    }

    private static bool Has(JsonElement row, string key) => row.TryGetProperty(key, out _);

    private static void Keys(JsonElement row, string keys) =>
        keys.Split(' ').Where(k => !Has(row, k)).Should().BeEmpty(row.GetRawText());

    private Task<HashSet<string>> IdsAsync(string table) => _client.AdminIdsAsync(table);

    private Task<List<(string Id, string Parent)>> AdminPairsAsync(string table) => _client.AdminPairsAsync(table);
}
