using System.Text.Json;

namespace AshbyEmulator.Tests;

/// <summary>Mutations of applications record stage moves as application_history rows, and new tables take part in mutations.</summary>
public sealed class StageMoveTests : SlowTests
{
    private static List<string> Ids(JsonElement mutation, string table, string kind) =>
        mutation.GetProperty("tables").TryGetProperty(table, out var t) ? [.. t.GetProperty(kind).EnumerateArray().Select(x => x.GetString()!)] : [];

    [Fact]
    public async Task Updating_an_application_adds_a_history_row_that_is_its_new_current_stage()
    {
        await using var emulator = await Emulators.StartAsync(o => o.Scale = 300);
        using var client = new AshbyClient(emulator.BaseUrl);
        var before = (await client.PassAsync("application.list", new())).Rows.ToDictionary(a => a.GetProperty("id").GetString()!);
        var token = (await client.PassAsync("application.list", new())).SyncToken;

        var mutation = await client.AdminAsync("mutate", new { table = "applications", update = 20, create = 2, archive = 2 });
        var newHistory = Ids(mutation, "application_history", "created");
        newHistory.Should().NotBeEmpty("active applications move on when they are updated");

        var pairs = (await client.AdminAsync("ids?table=application_history&withParent=true")).EnumerateArray()
            .ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("parentId").GetString()!);
        var changed = (await client.PassAsync("application.list", new() { ["syncToken"] = token })).Rows;
        foreach (var historyId in newHistory)
        {
            var applicationId = pairs[historyId];
            var application = changed.Single(a => a.GetProperty("id").GetString() == applicationId);
            var history = (await client.PassAsync("application.listHistory", new() { ["applicationId"] = applicationId })).Rows;
            history[^1].GetProperty("id").GetString().Should().Be(historyId, "the move is the application's latest history row");
            history[^1].GetProperty("stageId").GetString().Should().Be(application.GetProperty("currentInterviewStage").GetProperty("id").GetString());
            if (history.Count > 1)
            {
                history[^2].GetProperty("leftStageAt").GetString().Should().Be(history[^1].GetProperty("enteredStageAt").GetString());
            }
            if (before.TryGetValue(applicationId, out var old) && application.GetProperty("status").GetString() != "Archived")
            {
                var oldOrder = old.GetProperty("currentInterviewStage").GetProperty("orderInInterviewPlan").GetInt32();
                application.GetProperty("currentInterviewStage").GetProperty("orderInInterviewPlan").GetInt32().Should().BeGreaterThan(oldOrder);
            }
        }
        foreach (var archived in Ids(mutation, "applications", "archived"))
        {
            var history = (await client.PassAsync("application.listHistory", new() { ["applicationId"] = archived })).Rows;
            history[^1].GetProperty("title").GetString().Should().Be("Archived");
        }
        foreach (var created in Ids(mutation, "applications", "created"))
        {
            var history = (await client.PassAsync("application.listHistory", new() { ["applicationId"] = created })).Rows;
            history.Should().ContainSingle().Which.GetProperty("title").GetString().Should().Be("Application Review");
        }
    }

    [Fact]
    public async Task New_paged_tables_with_sync_tokens_return_exactly_their_mutated_rows()
    {
        await using var emulator = await Emulators.StartAsync(o => o.Scale = 300);
        using var client = new AshbyClient(emulator.BaseUrl);
        foreach (var (table, endpoint, body) in new (string, string, Dictionary<string, object?>)[]
        {
            ("interview_plans", "interviewPlan.list", new() { ["includeArchived"] = true }),
            ("feedback_form_definitions", "feedbackFormDefinition.list", new() { ["includeArchived"] = true }),
            ("interviewer_pools", "interviewerPool.list", new() { ["includeArchivedPools"] = true }),
            ("job_templates", "jobTemplate.list", new()),
            ("application_feedback", "applicationFeedback.list", new()),
        })
        {
            var full = await client.PassAsync(endpoint, body);
            var mutation = await client.AdminAsync("mutate", new { table, create = 1, update = 2 });
            var changed = Ids(mutation, table, "created").Concat(Ids(mutation, table, "updated"));
            var incremental = await client.PassAsync(endpoint, new(body) { ["syncToken"] = full.SyncToken });
            incremental.Ids.Should().BeEquivalentTo(changed, table);
        }
    }

    [Fact]
    public async Task A_membership_added_through_the_admin_api_names_a_project_the_candidate_was_not_in()
    {
        await using var emulator = await Emulators.StartAsync(o => o.Scale = 300);
        using var client = new AshbyClient(emulator.BaseUrl);
        await client.AdminAsync("mutate", new { table = "candidate_projects", create = 40 });
        var pairs = (await client.AdminAsync("ids?table=candidate_projects&withParent=true")).EnumerateArray()
            .Select(x => (Id: x.GetProperty("id").GetString()!, Parent: x.GetProperty("parentId").GetString()!)).ToList();
        var projects = (await client.PassAsync("project.list", new())).Ids;
        pairs.Should().OnlyContain(p => projects.Contains(p.Id));
        foreach (var candidate in pairs.GroupBy(p => p.Parent).Where(g => g.Count() > 1).Take(20))
        {
            var listed = await client.PassAsync("candidate.listProjects", new() { ["candidateId"] = candidate.Key });
            listed.Rows.Select(r => r.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public async Task Stages_added_through_the_admin_api_come_last_in_their_plan()
    {
        await using var emulator = await Emulators.StartAsync(o => o.Scale = 300);
        using var client = new AshbyClient(emulator.BaseUrl);
        var mutation = await client.AdminAsync("mutate", new { table = "interview_stages", create = 30 });
        Ids(mutation, "interview_stages", "created").Should().HaveCount(30);
        foreach (var plan in (await client.AdminAsync("ids?table=interview_plans")).EnumerateArray().Select(p => p.GetString()))
        {
            var orders = (await client.PostAsync("interviewStage.list", new { interviewPlanId = plan })).Results
                .Select(s => s.GetProperty("orderInInterviewPlan").GetInt32());
            orders.Should().Equal(Enumerable.Range(0, orders.Count()), $"plan {plan}");
        }
    }

    [Fact]
    public async Task Sizes_scale_with_the_number_of_candidates()
    {
        await using var emulator = await Emulators.StartAsync(o => o.Scale = 2000);
        using var client = new AshbyClient(emulator.BaseUrl);
        async Task<int> Count(string table) => (await client.AdminAsync($"ids?table={table}")).GetArrayLength();
        (await Count("interview_plans")).Should().Be(20, "one plan per two of the 40 jobs");
        (await Count("interview_stages")).Should().BeInRange(20 * 6, 20 * 8);
        var history = await Count("application_history");
        ((double)history / 2400).Should().BeInRange(2.8, 6, "a few stages per application");
        ((double)await Count("candidate_notes") / 2000).Should().BeInRange(1.2, 1.8, "0–3 notes per candidate");
        (await Count("application_criteria_evaluations")).Should().BeInRange(200, 1000, "most applications have none");
    }
}
