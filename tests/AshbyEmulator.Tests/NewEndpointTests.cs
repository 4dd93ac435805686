using System.Text.Json;

namespace AshbyEmulator.Tests;

/// <summary>The endpoints added for the new streams: shapes (required keys of each OpenAPI item), parameters and references.</summary>
public sealed class NewEndpointTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private static readonly string[] AllJobStatuses = ["Draft", "Open", "Closed", "Archived"];

    private readonly AshbyClient _client = emulator.Client;

    /// <summary>Required item keys per endpoint, copied from Ashby's OpenAPI (paths./&lt;endpoint&gt;.post responses.200 results items).</summary>
    public static TheoryData<string, string, string> RequiredKeys => new()
    {
        { "interviewPlan.list", """{"includeArchived":true}""", "id title isArchived createdAt updatedAt" },
        { "interviewStageGroup.list", "{}", "id title order stageType" },
        { "applicationFeedback.list", "{}", "id formDefinition submittedValues submittedByUser applicationId submittedAt interviewId interviewEventId feedbackFormDefinitionId applicationHistoryId" },
        { "feedbackFormDefinition.list", """{"includeArchived":true}""", "id organizationId title isArchived isDefaultForm formDefinition" },
        { "interviewerPool.list", """{"includeArchivedPools":true}""", "id title isArchived trainingPath" },
        { "jobTemplate.list", "{}", "id title status locationId departmentId defaultInterviewPlanId interviewPlanIds createdAt updatedAt" },
        { "surveyFormDefinition.list", "{}", "id organizationId title isArchived isDefaultForm formDefinition surveyType" },
        { "approval.list", "{}", "id approvalDefinitionId entityId entityType createdAt submittedAt completedAt steps" },
        { "jobBoard.list", "{}", "id title isInternal" },
        { "closeReason.list", """{"includeArchived":true}""", "id reasonText isArchived" },
        { "brand.list", "{}", "id name hostedJobsPageSlug" },
        { "sourceTrackingLink.list", """{"includeDisabled":true}""", "id code enabled sourceId link" },
        { "hiringTeamRole.list", """{"namesOnly":false}""", "id title" },
        { "applicationHiringTeamRole.list", "{}", "id title" },
        { "communicationTemplate.list", "{}", "id createdAt updatedAt title intendedTypes" },
        { "surveySubmission.list", """{"surveyType":"Questionnaire"}""", "id surveyFormDefinitionId submittedAt candidateId applicationId surveyType formDefinition submittedValues" },
        { "surveyRequest.list", """{"surveyType":"CandidateExperience"}""", "id candidateId applicationId surveyFormDefinitionId surveyUrl" },
    };

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Every_item_carries_the_documented_keys(string endpoint, string body, string keys)
    {
        var reply = await _client.PostAsync(endpoint, body);
        reply.Success.Should().BeTrue(reply.Body);
        reply.Results.Should().NotBeEmpty(endpoint);
        foreach (var row in reply.Results)
        {
            row.EnumerateObject().Select(p => p.Name).Should().Contain(keys.Split(' '), endpoint);
        }
    }

    [Fact]
    public async Task Child_items_carry_the_documented_keys()
    {
        var plan = (await _client.PostAsync("interviewPlan.list", "{}")).Results[0].GetProperty("id").GetString();
        Keys((await _client.PostAsync("interviewStage.list", new { interviewPlanId = plan })).Results, "id title type orderInInterviewPlan interviewStageGroupId interviewPlanId");
        var application = (await _client.PostAsync("application.list", "{}")).Results[0].GetProperty("id").GetString();
        Keys((await _client.PostAsync("application.listHistory", new { applicationId = application })).Results, "id stageId title enteredStageAt leftStageAt stageNumber allowedActions actorId");
        var evaluations = await AdminPairsAsync("application_criteria_evaluations");
        Keys((await _client.PostAsync("application.listCriteriaEvaluations", new { applicationId = evaluations[0].Parent })).Results, "id criterion status outcome reasoning skipReason outcomeNumber evaluatedAt");
        var notes = await AdminPairsAsync("candidate_notes");
        Keys((await _client.PostAsync("candidate.listNotes", new { candidateId = notes[0].Parent })).Results, "id createdAt isPrivate content author");
        var projects = await AdminPairsAsync("candidate_projects");
        Keys((await _client.PostAsync("candidate.listProjects", new { candidateId = projects[0].Parent })).Results, "id title description isArchived confidential authorId createdAt customFieldEntries");
        var pauses = await AdminPairsAsync("interviewer_pauses");
        Keys((await _client.PostAsync("user.listInterviewerPauses", new { userId = pauses[0].Parent })).Results, "id userId startsAt endsAt comment createdAt");
    }

    [Theory]
    [InlineData("interviewStage.list", "interviewPlanId", "interview_plan_not_found")]
    [InlineData("application.listHistory", "applicationId", "application_not_found")]
    [InlineData("application.listCriteriaEvaluations", "applicationId", "application_not_found")]
    [InlineData("candidate.listNotes", "candidateId", "candidate_not_found")]
    [InlineData("candidate.listProjects", "candidateId", "candidate_not_found")]
    [InlineData("user.listInterviewerPauses", "userId", "user_not_found")]
    [InlineData("jobPosting.list", "jobBoardId", "job_board_not_found")]
    public async Task Parents_are_required_and_unknown_parents_are_not_found(string endpoint, string parameter, string notFound)
    {
        if (endpoint != "jobPosting.list")
        {
            var missing = await _client.PostAsync(endpoint, "{}");
            missing.ErrorCode.Should().Be("invalid_input");
            missing.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Be($"{parameter} is required");
        }
        var unknown = await _client.PostAsync(endpoint, $$"""{"{{parameter}}":"00000000-0000-4000-8000-000000000000"}""");
        unknown.Success.Should().BeFalse();
        unknown.ErrorCode.Should().Be(notFound);
    }

    [Fact]
    public async Task Survey_type_is_required_and_checked_and_splits_submissions()
    {
        (await _client.PostAsync("surveySubmission.list", "{}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("surveySubmission.list", """{"surveyType":"Diversity"}""")).ErrorCode.Should().Be("invalid_input");
        var experience = await _client.PassAsync("surveySubmission.list", new() { ["surveyType"] = "CandidateExperience" });
        var questionnaire = await _client.PassAsync("surveySubmission.list", new() { ["surveyType"] = "Questionnaire" });
        experience.Rows.Should().OnlyContain(r => r.GetProperty("surveyType").GetString() == "CandidateExperience");
        questionnaire.Rows.Should().OnlyContain(r => r.GetProperty("surveyType").GetString() == "Questionnaire");
        experience.SyncToken.Should().NotBe(questionnaire.SyncToken);
        var other = await _client.PostAsync("surveySubmission.list", new { surveyType = "Questionnaire", syncToken = experience.SyncToken });
        other.ErrorCode.Should().Be("sync_token_invalid", "a token belongs to its survey type");
    }

    [Fact]
    public async Task Names_only_is_the_default_for_hiring_team_roles()
    {
        var names = await _client.PostAsync("hiringTeamRole.list", "{}");
        names.Results.Should().OnlyContain(r => r.ValueKind == JsonValueKind.String);
        var objects = await _client.PostAsync("hiringTeamRole.list", """{"namesOnly":false}""");
        objects.Results.Select(r => r.GetProperty("title").GetString()).Should().Equal(names.Results.Select(r => r.GetString()));
        (await _client.PostAsync("applicationHiringTeamRole.list", "{}")).Success.Should().BeTrue();
    }

    [Fact]
    public async Task Include_flags_and_enabled_only_endpoints()
    {
        foreach (var (endpoint, flag) in new[] { ("interviewPlan.list", "includeArchived"), ("closeReason.list", "includeArchived"), ("feedbackFormDefinition.list", "includeArchived"), ("sourceTrackingLink.list", "includeDisabled"), ("interviewerPool.list", "includeArchivedPools") })
        {
            var without = (await _client.PostAsync(endpoint, "{}")).Results.Length;
            var with = (await _client.PostAsync(endpoint, $$"""{"{{flag}}":true}""")).Results.Length;
            with.Should().BeGreaterThan(without, $"{endpoint} {flag}");
        }
        var stages = (await _client.PostAsync("interviewerPool.list", """{"includeArchivedPools":true}""")).Results;
        var allStages = (await _client.PostAsync("interviewerPool.list", """{"includeArchivedPools":true,"includeArchivedTrainingStages":true}""")).Results;
        StageCount(allStages).Should().BeGreaterThan(StageCount(stages));
        (await _client.PostAsync("jobBoard.list", "{}")).Results.Should().HaveCount(3, "the fourth board is disabled");
        (await _client.PostAsync("communicationTemplate.list", "{}")).Results.Should().HaveCount(10, "two of twelve templates are disabled");
        var boards = (await _client.PostAsync("jobBoard.list", "{}")).Results;
        boards.Should().Contain(b => b.GetProperty("isInternal").GetBoolean());
        boards.Count(b => !b.GetProperty("isInternal").GetBoolean()).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Expansions_are_served_only_when_asked_and_unknown_values_are_invalid()
    {
        (await _client.PostAsync("jobTemplate.list", "{}")).Results.Should().OnlyContain(r => !Has(r, "location"));
        (await _client.PostAsync("jobTemplate.list", """{"expand":["location"]}""")).Results.Should().OnlyContain(r => Has(r, "location"));
        (await _client.PostAsync("jobTemplate.list", """{"expand":["openings"]}""")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("job.list", "{}")).Results.Should().OnlyContain(r => !Has(r, "compensation"));
        var jobs = (await _client.PostAsync("job.list", """{"expand":["compensation"]}""")).Results;
        jobs.Should().OnlyContain(r => r.GetProperty("compensation").GetProperty("compensationTiers").GetArrayLength() > 0);
        (await _client.PostAsync("job.list", """{"expand":["nope"]}""")).ErrorCode.Should().Be("invalid_input");
    }

    [Fact]
    public async Task Child_endpoints_page_through_their_parent_rows_only()
    {
        var pairs = await AdminPairsAsync("application_history");
        var busiest = pairs.GroupBy(p => p.Parent).OrderByDescending(g => g.Count()).First();
        var pass = await _client.PassAsync("application.listHistory", new() { ["applicationId"] = busiest.Key, ["limit"] = 1 });
        pass.Pages.Should().Be(busiest.Count());
        pass.Ids.Should().BeEquivalentTo(busiest.Select(p => p.Id));
        pass.SyncToken.Should().BeNull("application.listHistory is pagination only");
        var notes = await AdminPairsAsync("candidate_notes");
        var candidate = notes.GroupBy(p => p.Parent).OrderByDescending(g => g.Count()).First();
        var notePass = await _client.PassAsync("candidate.listNotes", new() { ["candidateId"] = candidate.Key, ["limit"] = 1 });
        notePass.Ids.Should().BeEquivalentTo(candidate.Select(p => p.Id));
        notePass.SyncToken.Should().NotBeNull();
    }

    [Fact]
    public async Task Approval_and_survey_request_filters_select_their_rows()
    {
        var all = (await _client.PassAsync("approval.list", new())).Rows;
        var jobs = (await _client.PassAsync("approval.list", new() { ["entityType"] = "job" })).Rows;
        jobs.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("entityType").GetString() == "job");
        jobs.Count.Should().Be(all.Count(r => r.GetProperty("entityType").GetString() == "job"));
        var entity = all[0].GetProperty("entityId").GetString();
        (await _client.PassAsync("approval.list", new() { ["entityId"] = entity })).Rows.Should().OnlyContain(r => r.GetProperty("entityId").GetString() == entity);
        (await _client.PostAsync("approval.list", """{"entityType":"candidate"}""")).ErrorCode.Should().Be("invalid_input");

        var requests = (await _client.PassAsync("surveyRequest.list", new() { ["surveyType"] = "CandidateExperience" })).Rows;
        var candidate = requests[0].GetProperty("candidateId").GetString();
        (await _client.PassAsync("surveyRequest.list", new() { ["surveyType"] = "CandidateExperience", ["candidateId"] = candidate })).Rows
            .Should().HaveCount(requests.Count(r => r.GetProperty("candidateId").GetString() == candidate));
        var application = requests[0].GetProperty("applicationId").GetString();
        (await _client.PassAsync("surveyRequest.list", new() { ["surveyType"] = "CandidateExperience", ["applicationId"] = application })).Rows
            .Should().OnlyContain(r => r.GetProperty("applicationId").GetString() == application);
    }

    [Fact]
    public async Task Approvals_need_their_own_permission()
    {
        (await _client.PostAsync("approval.list", "{}", DemoKeys.NoApprovals)).ErrorCode.Should().Be("missing_endpoint_permission");
        (await _client.PostAsync("approval.list", "{}")).Success.Should().BeTrue();
    }

    [Fact]
    public async Task Stages_plans_groups_and_history_refer_to_one_another()
    {
        var plans = await IdsAsync("interview_plans");
        var groups = await IdsAsync("interview_stage_groups");
        var stagesByPlan = new Dictionary<string, Dictionary<string, JsonElement>>();
        foreach (var plan in plans)
        {
            var stages = (await _client.PostAsync("interviewStage.list", new { interviewPlanId = plan })).Results;
            stages.Length.Should().BeInRange(6, 8);
            stages.Select(s => s.GetProperty("orderInInterviewPlan").GetInt32()).Should().Equal(Enumerable.Range(0, stages.Length));
            stages.Should().OnlyContain(s => s.GetProperty("interviewPlanId").GetString() == plan && groups.Contains(s.GetProperty("interviewStageGroupId").GetString()!));
            stagesByPlan[plan] = stages.ToDictionary(s => s.GetProperty("id").GetString()!);
        }
        var jobs = await _client.PassAsync("job.list", new() { ["status"] = AllJobStatuses });
        jobs.Rows.Should().OnlyContain(j => plans.Contains(j.GetProperty("defaultInterviewPlanId").GetString()!)
            && j.GetProperty("interviewPlanIds").EnumerateArray().All(p => plans.Contains(p.GetString()!)));
        var brands = await IdsAsync("brands");
        jobs.Rows.Where(j => j.GetProperty("brandId").ValueKind == JsonValueKind.String).Should().OnlyContain(j => brands.Contains(j.GetProperty("brandId").GetString()!));
        var closeReasons = await IdsAsync("close_reasons");
        (await _client.PassAsync("opening.list", new())).Rows.Where(o => o.GetProperty("closeReasonId").ValueKind == JsonValueKind.String)
            .Should().OnlyContain(o => closeReasons.Contains(o.GetProperty("closeReasonId").GetString()!));

        var applications = (await _client.PassAsync("application.list", new())).Rows;
        var byId = applications.ToDictionary(a => a.GetProperty("id").GetString()!);
        foreach (var application in applications.Take(150))
        {
            var stage = application.GetProperty("currentInterviewStage");
            var plan = stage.GetProperty("interviewPlanId").GetString()!;
            stagesByPlan[plan].Should().ContainKey(stage.GetProperty("id").GetString()!);
            var history = (await _client.PassAsync("application.listHistory", new() { ["applicationId"] = application.GetProperty("id").GetString() })).Rows;
            history.Should().NotBeEmpty();
            history.Select(h => h.GetProperty("stageNumber").GetInt32()).Should().Equal(Enumerable.Range(0, history.Count));
            history.Select(h => stagesByPlan[plan][h.GetProperty("stageId").GetString()!].GetProperty("orderInInterviewPlan").GetInt32()).Should().BeInAscendingOrder();
            history[^1].GetProperty("stageId").GetString().Should().Be(stage.GetProperty("id").GetString());
            history[^1].GetProperty("leftStageAt").ValueKind.Should().Be(JsonValueKind.Null);
            for (var k = 0; k + 1 < history.Count; k++)
            {
                history[k].GetProperty("leftStageAt").GetString().Should().Be(history[k + 1].GetProperty("enteredStageAt").GetString());
            }
            string.CompareOrdinal(history[0].GetProperty("enteredStageAt").GetString(), application.GetProperty("createdAt").GetString()).Should().BeGreaterThanOrEqualTo(0);
            string.CompareOrdinal(history[^1].GetProperty("enteredStageAt").GetString(), application.GetProperty("updatedAt").GetString()).Should().BeLessThanOrEqualTo(0);
        }

        var schedules = (await _client.PassAsync("interviewSchedule.list", new())).Rows;
        var pools = await IdsAsync("interviewer_pools");
        foreach (var schedule in schedules)
        {
            var application = byId[schedule.GetProperty("applicationId").GetString()!];
            stagesByPlan[application.GetProperty("currentInterviewStage").GetProperty("interviewPlanId").GetString()!].Should().ContainKey(schedule.GetProperty("interviewStageId").GetString()!);
            foreach (var pool in schedule.GetProperty("interviewEvents").EnumerateArray().SelectMany(e => e.GetProperty("interviewers").EnumerateArray()).Select(i => i.GetProperty("interviewerPool")).Where(p => p.ValueKind == JsonValueKind.Object))
            {
                pools.Should().Contain(pool.GetProperty("id").GetString()!);
            }
        }
    }

    [Fact]
    public async Task Feedback_refers_to_real_applications_interviews_events_forms_and_history()
    {
        var feedback = (await _client.PassAsync("applicationFeedback.list", new())).Rows;
        var applications = await IdsAsync("applications");
        var interviews = await IdsAsync("interviews");
        var forms = await IdsAsync("feedback_form_definitions");
        var events = (await _client.PassAsync("interviewSchedule.list", new())).Rows.SelectMany(s => s.GetProperty("interviewEvents").EnumerateArray())
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("interviewId").GetString()!);
        var history = (await AdminPairsAsync("application_history")).ToDictionary(p => p.Id, p => p.Parent);
        feedback.Should().NotBeEmpty();
        foreach (var row in feedback)
        {
            var application = row.GetProperty("applicationId").GetString()!;
            applications.Should().Contain(application);
            forms.Should().Contain(row.GetProperty("feedbackFormDefinitionId").GetString()!);
            var eventId = row.GetProperty("interviewEventId").GetString()!;
            events.Should().ContainKey(eventId);
            events[eventId].Should().Be(row.GetProperty("interviewId").GetString());
            interviews.Should().Contain(row.GetProperty("interviewId").GetString()!);
            if (row.GetProperty("applicationHistoryId").GetString() is { } historyId)
            {
                history[historyId].Should().Be(application);
            }
        }
        var one = feedback[0].GetProperty("applicationId").GetString();
        (await _client.PassAsync("applicationFeedback.list", new() { ["applicationId"] = one })).Rows
            .Should().OnlyContain(r => r.GetProperty("applicationId").GetString() == one);
    }

    [Fact]
    public async Task Admin_ids_with_parent_pair_each_child_with_its_parent()
    {
        foreach (var (table, endpoint, parameter) in new[] { ("interview_stages", "interviewStage.list", "interviewPlanId"), ("candidate_projects", "candidate.listProjects", "candidateId"), ("interviewer_pauses", "user.listInterviewerPauses", "userId") })
        {
            var pairs = await AdminPairsAsync(table);
            pairs.Should().NotBeEmpty(table);
            foreach (var parent in pairs.GroupBy(p => p.Parent).Take(5))
            {
                var rows = (await _client.PassAsync(endpoint, new() { [parameter] = parent.Key })).Ids;
                rows.Should().BeEquivalentTo(parent.Select(p => p.Id), table);
            }
            var ids = (await _client.AdminAsync($"ids?table={table}")).EnumerateArray().Select(x => x.GetString()!);
            ids.Should().BeEquivalentTo(pairs.Select(p => p.Id), "the pairs list the same rows in the same order");
        }
    }

    [Fact]
    public async Task Admin_ids_list_interview_events_embedded_in_schedules()
    {
        var schedules = (await _client.PassAsync("interviewSchedule.list", new())).Rows;
        var events = schedules.SelectMany(s => s.GetProperty("interviewEvents").EnumerateArray()
            .Select(e => (Id: e.GetProperty("id").GetString()!, Parent: s.GetProperty("id").GetString()!))).ToList();
        events.Should().NotBeEmpty();
        (await IdsAsync("interview_events")).Should().BeEquivalentTo(events.Select(e => e.Id));
        (await AdminPairsAsync("interview_events")).Should().BeEquivalentTo(events);
    }

    private static bool Has(JsonElement row, string key) => row.TryGetProperty(key, out var _);

    private static void Keys(JsonElement[] rows, string keys)
    {
        rows.Should().NotBeEmpty(keys);
        rows.Should().OnlyContain(r => keys.Split(' ').All(k => Has(r, k)), keys);
    }

    private static int StageCount(JsonElement[] pools) =>
        pools.Where(p => p.GetProperty("trainingPath").ValueKind == JsonValueKind.Object).Sum(p => p.GetProperty("trainingPath").GetProperty("trainingStages").GetArrayLength());

    private Task<HashSet<string>> IdsAsync(string table) => _client.AdminIdsAsync(table);

    private Task<List<(string Id, string Parent)>> AdminPairsAsync(string table) => _client.AdminPairsAsync(table);
}
