using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

/// <summary>Child, derived and partitioned streams, end to end through the connector against a scripted Ashby.</summary>
public sealed class ChildStreamTests : FakeAshbyTest
{
    /// <summary>The delta alone: without the rolling refresh, which ChildRefreshTests covers.</summary>
    private const string NoRollingRefresh = ""","child_refresh_days":0""";

    private static string App(string id) => $$"""{"id":"{{id}}","updatedAt":"2024-01-01T00:00:00.000Z"}""";

    private static string History(string applicationId, int n) => $$"""{"id":"h-{{applicationId}}-{{n}}","title":"Screen"}""";

    private static string State(string stream, string streamState) =>
        $$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"{{{stream}}}"},"stream_state":{{{streamState}}}}}]""";

    private static List<string> StateJson(RunResult result, string stream) =>
        result.States(stream).Select(s => s["stream"]!["stream_state"]!.ToJsonString()).ToList();

    /// <summary>The record lines' data exactly as written (byte for byte, not re-serialised).</summary>
    private static List<string> RawData(RunResult result) =>
        result.Lines.Where(l => l.StartsWith("""{"type":"RECORD""", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..l.LastIndexOf(",\"emitted_at\"", StringComparison.Ordinal)])
            .ToList();

    /// <summary>Applications a0..a4 on two pages; a1's history has two pages, a3 none, a4's row already names its application.</summary>
    private void ScriptApplicationsAndHistory(Func<string, string?, HttpResponseMessage?>? historyOverride = null, string? syncToken = null)
    {
        Ashby.On("application.list", FakeAshbyHandler.Page([App("a0"), App("a1"), App("a2")], more: true, nextCursor: "p2"))
              .On("application.list", FakeAshbyHandler.Page([App("a3"), App("a4")], more: false, syncToken: syncToken));
        Ashby.Fallback = r =>
        {
            var id = (string)r.Body["applicationId"]!;
            var cursor = (string?)r.Body["cursor"];
            if (historyOverride?.Invoke(id, cursor) is { } overridden)
            {
                return overridden;
            }

            return (id, cursor) switch
            {
                ("a1", null) => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History(id, 0)], more: true, nextCursor: "c2")),
                ("a1", "c2") => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History(id, 1)], more: false)),
                ("a3", _) => FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: false)),
                ("a4", _) => FakeAshbyHandler.Json(FakeAshbyHandler.Page([$$"""{ "applicationId":"a4","id":"h-a4-0"}"""], more: false)),
                _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History(id, 0)], more: false)),
            };
        };
    }

    [Fact]
    public async Task FullRefresh_ReadsEveryChildPageOfEveryParentAndAddsTheParentId()
    {
        ScriptApplicationsAndHistory();

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("application.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"expand":["openings"],"limit":100}""", """{"expand":["openings"],"limit":100,"cursor":"p2"}""");
        Ashby.RequestsTo("application.listHistory").Select(r => r.Body.ToJsonString()).Should().BeEquivalentTo(
            """{"applicationId":"a0","limit":100}""", """{"applicationId":"a1","limit":100}""", """{"applicationId":"a1","limit":100,"cursor":"c2"}""",
            """{"applicationId":"a2","limit":100}""", """{"applicationId":"a3","limit":100}""", """{"applicationId":"a4","limit":100}""");
        RawData(result).Should().Equal(
            """{"applicationId":"a0","id":"h-a0-0","title":"Screen"}""",
            """{"applicationId":"a1","id":"h-a1-0","title":"Screen"}""",
            """{"applicationId":"a1","id":"h-a1-1","title":"Screen"}""",
            """{"applicationId":"a2","id":"h-a2-0","title":"Screen"}""",
            """{ "applicationId":"a4","id":"h-a4-0"}""");
        StateJson(result, "application_history").Should().Equal(
            """{"pass":{"kind":"full","parents_done":1}}""",
            """{"pass":{"kind":"full","parents_done":2}}""",
            """{"pass":{"kind":"full","cursor":"p2"}}""",
            """{"__ab_full_refresh_sync_complete":true}""");
        result.States().Sum(s => s["sourceStats"]!["recordCount"]!.GetValue<double>()).Should().Be(5);
        result.Statuses("application_history").Should().Equal("STARTED", "RUNNING", "COMPLETE");
    }

    [Fact]
    public async Task KilledMidFanOut_ResumesAfterTheLastFinishedParentWithNothingLostOrRepeated()
    {
        // The first sync dies at a4: a3 (first parent of page 2) is finished and checkpointed.
        ScriptApplicationsAndHistory((id, _) => id switch
        {
            "a3" => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History(id, 0)], more: false)),
            "a4" => FakeAshbyHandler.Json(FakeAshbyHandler.Error("invalid_input", "broken")),
            _ => null,
        });
        var first = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "full_refresh")));
        first.ExitCode.Should().NotBe(0);
        var stopped = first.LastState("application_history")!.ToJsonString();
        stopped.Should().Be("""{"pass":{"kind":"full","cursor":"p2","parents_done":1}}""");

        using var ashby = new FakeAshbyHandler();
        using var run = new ConnectorRun(ashby);
        ashby.On("application.list", FakeAshbyHandler.Page([App("a3"), App("a4")], more: false));
        ashby.Fallback = r => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History((string)r.Body["applicationId"]!, 0)], more: false));
        var second = await run.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "full_refresh")), State("application_history", stopped));

        second.ExitCode.Should().Be(0, second.Stdout);
        ashby.RequestsTo("application.list").Single().Body.ToJsonString().Should().Be("""{"expand":["openings"],"limit":100,"cursor":"p2"}""");
        ashby.RequestsTo("application.listHistory").Select(r => (string)r.Body["applicationId"]!).Should().Equal("a4");
        var ids = first.Records().Concat(second.Records()).Select(r => (string)r["data"]!["id"]!).ToList();
        ids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(["h-a0-0", "h-a1-0", "h-a1-1", "h-a2-0", "h-a3-0", "h-a4-0"]);
        second.LastState("application_history")!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public async Task KilledOnTheFirstParentPage_ResumesThatPageAfterItsFinishedParents()
    {
        ScriptApplicationsAndHistory();

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "full_refresh")), State("application_history", """{"pass":{"kind":"full","parents_done":2}}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("application.list")[0].Body["cursor"].Should().BeNull();
        Ashby.RequestsTo("application.listHistory").Select(r => (string)r.Body["applicationId"]!).Should().BeEquivalentTo("a2", "a3", "a4");
        result.Logs("INFO").Should().Contain(m => m.Contains("application_history", StringComparison.Ordinal) && m.Contains("resuming", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Incremental_ReadsChildrenOnlyOfChangedParentsWithinTheRequestBound()
    {
        var changed = Enumerable.Range(0, 150).Select(i => $"chg-{i}").ToList();
        Ashby.On("application.list", FakeAshbyHandler.Page(changed.Take(100).Select(App), more: true, nextCursor: "d2"))
              .On("application.list", FakeAshbyHandler.Page(changed.Skip(100).Select(App), more: false, syncToken: "T2"));
        Ashby.Fallback = r => FakeAshbyHandler.Json(FakeAshbyHandler.Page([History((string)r.Body["applicationId"]!, 0)], more: false));

        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: NoRollingRefresh), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", """{"sync_token":"T1"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("application.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"expand":["openings"],"limit":100,"syncToken":"T1"}""", """{"expand":["openings"],"limit":100,"syncToken":"T1","cursor":"d2"}""");
        Ashby.RequestsTo("application.listHistory").Select(r => (string)r.Body["applicationId"]!).Should().BeEquivalentTo(changed);
        const int deltaPages = 2;
        Ashby.Requests.Count.Should().BeLessThanOrEqualTo((int)Math.Floor(1.05 * (changed.Count + deltaPages)));
        result.Records("application_history").Should().HaveCount(changed.Count);
        result.LastState("application_history")!.ToJsonString().Should().Be("""{"sync_token":"T2"}""");
    }

    [Fact]
    public async Task FirstIncrementalSync_ReadsEveryParentAndKeepsTheParentsToken()
    {
        ScriptApplicationsAndHistory(syncToken: "T1");

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "incremental")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("application.list").Should().HaveCount(2).And.OnlyContain(r => r.Body["syncToken"] == null);
        Ashby.RequestsTo("application.listHistory").Should().HaveCount(6);
        result.Records("application_history").Should().HaveCount(5);
        StateJson(result, "application_history").Should().Equal(
            """{"pass":{"kind":"full","parents_done":1}}""",
            """{"pass":{"kind":"full","parents_done":2}}""",
            """{"pass":{"kind":"full","cursor":"p2"}}""",
            """{"sync_token":"T1"}""",
            // Every parent's children were read: the rolling refresh's first cycle starts now, with their count.
            """{"sync_token":"T1","refresh":{"cycle_started":1767225600000,"range_start":1325376000000,"done":0,"last_sync":1767225600000,"parents":5,"counted":0}}""");
    }

    [Fact]
    public async Task VanishedParent_IsSkippedWithALogLine()
    {
        ScriptApplicationsAndHistory((id, _) => id == "a1" ? FakeAshbyHandler.Json(FakeAshbyHandler.Error("application_not_found", "Application not found")) : null);

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        result.Statuses("application_history").Last().Should().Be("COMPLETE");
        result.Logs("WARN").Should().ContainSingle(m => m.Contains("a1", StringComparison.Ordinal) && m.Contains("application_not_found", StringComparison.Ordinal));
        result.Records().Select(r => (string)r["data"]!["id"]!).Should().Equal("h-a0-0", "h-a2-0", "h-a4-0");
        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task JobPostings_AreReadOnEveryBoardWithTheBoardId()
    {
        Ashby.On("jobBoard.list", """{"success":true,"results":[{"id":"b1","title":"Careers","isInternal":false},{"id":"b2","title":"Internal","isInternal":true}]}""");
        Ashby.Fallback = r => FakeAshbyHandler.Json($$"""{"success":true,"results":[{"id":"p-{{r.Body["jobBoardId"]}}","title":"Engineer"}]}""");

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("job_postings", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("jobPosting.list").Select(r => r.Body.ToJsonString()).Should().BeEquivalentTo(
            """{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"],"jobBoardId":"b1"}""",
            """{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"],"jobBoardId":"b2"}""");
        RawData(result).Should().Equal("""{"jobBoardId":"b1","id":"p-b1","title":"Engineer"}""", """{"jobBoardId":"b2","id":"p-b2","title":"Engineer"}""");
        result.LastState("job_postings")!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Theory]
    [InlineData("incremental")]
    [InlineData("full_refresh")]
    public async Task DerivedStream_TakesTheScheduleEventsWithNoRequestOfItsOwnInTheSchedulesMode(string mode)
    {
        Ashby.On("interviewSchedule.list", FakeAshbyHandler.Page(
            [
                """{"id":"s1","interviewEvents":[{"id":"e1","interviewScheduleId":"s1","updatedAt":"2024-01-02T00:00:00.000Z"},{"id":"e2","updatedAt":"2024-01-03T00:00:00.000Z"}]}""",
                """{"id":"s2","interviewEvents":[]}""",
                """{"id":"s3","interviewEvents":null}""",
                """{"interviewEvents":[ {} ],"id":"s4"}""",
            ],
            more: false,
            syncToken: "S2"));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("interview_events", mode)), State("interview_events", """{"sync_token":"S1"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.Requests.Select(r => r.Endpoint).Should().Equal("interviewSchedule.list");
        Ashby.Requests.Single().Body.ToJsonString().Should().Be(mode == "incremental" ? """{"limit":100,"syncToken":"S1"}""" : """{"limit":100}""");
        RawData(result).Should().Equal(
            """{"id":"e1","interviewScheduleId":"s1","updatedAt":"2024-01-02T00:00:00.000Z"}""",
            """{"interviewScheduleId":"s1","id":"e2","updatedAt":"2024-01-03T00:00:00.000Z"}""",
            """{"interviewScheduleId":"s4"}""");
        result.LastState("interview_events")!.ToJsonString().Should().Be(mode == "incremental" ? """{"sync_token":"S2"}""" : """{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public async Task DerivedStream_ScheduleWithoutItsEventsArray_HasNoEventsAndTheLogCountsIt()
    {
        Ashby.On("interviewSchedule.list", FakeAshbyHandler.Page(
            [
                """{"id":"s1","interviewEvents":[{"id":"e1"}]}""",
                """{"id":"s2","status":"NeedsScheduling"}""",
                """{"id":"s3","interviewEvents":[]}""",
            ],
            more: false,
            syncToken: "S2"));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("interview_events", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        result.Statuses("interview_events").Last().Should().Be("COMPLETE");
        RawData(result).Should().Equal("""{"interviewScheduleId":"s1","id":"e1"}""");
        result.Logs().Should().Contain(l => l.Contains("interview_events: 2 of 3 interview_schedules rows read had no interviewEvents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChildStream_ItemWithTheParentKeyAsNull_GetsTheKeyOnceInPlace()
    {
        Ashby.On("interviewPlan.list", FakeAshbyHandler.Page(["""{"id":"p1"}"""], more: false, syncToken: "P"))
              .On("interviewStage.list", FakeAshbyHandler.Page(["""{"id":"st1","interviewPlanId":null,"title":"Onsite"}"""], more: false));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("interview_stages", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        RawData(result).Should().Equal("""{"id":"st1","interviewPlanId":"p1","title":"Onsite"}""");
    }

    [Fact]
    public async Task PartitionedStream_KeepsATokenPerSurveyTypeAndANewTypeStartsWithAFullPass()
    {
        Ashby.On("surveySubmission.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("ce", 1), more: false, syncToken: "A2"))
              .On("surveySubmission.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("q", 1), more: true, nextCursor: "q2"))
              .On("surveySubmission.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("q", 1, 1), more: false, syncToken: "B2"))
              .On("surveySubmission.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("hm", 1), more: false, syncToken: "C1"));

        var result = await Connector.ReadAsync(
            ConnectorRun.Config(),
            ConnectorRun.Catalog(("survey_submissions", "incremental")),
            State("survey_submissions", """{"partitions":{"CandidateExperience":{"sync_token":"A1"},"Questionnaire":{"sync_token":"B1"}}}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("surveySubmission.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"surveyType":"CandidateExperience","limit":100,"syncToken":"A1"}""",
            """{"surveyType":"Questionnaire","limit":100,"syncToken":"B1"}""",
            """{"surveyType":"Questionnaire","limit":100,"syncToken":"B1","cursor":"q2"}""",
            """{"surveyType":"HiringManagerExperience","limit":100}""");
        StateJson(result, "survey_submissions").Should().Equal(
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"},"Questionnaire":{"sync_token":"B1"}}}""",
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"},"Questionnaire":{"sync_token":"B1","pass":{"kind":"incremental","cursor":"q2"}}}}""",
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"},"Questionnaire":{"sync_token":"B2"}}}""",
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"},"Questionnaire":{"sync_token":"B2"},"HiringManagerExperience":{"sync_token":"C1"}}}""");
        result.Records("survey_submissions").Should().HaveCount(4);
    }

    [Fact]
    public async Task PartitionedStream_ResumesAFullRefreshInThePartitionItStoppedIn()
    {
        Ashby.On("surveySubmission.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("q", 1, 5), more: false));

        var result = await Connector.ReadAsync(
            ConnectorRun.Config(),
            ConnectorRun.Catalog(("survey_submissions", "full_refresh")),
            State("survey_submissions", """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true},"Questionnaire":{"pass":{"kind":"full","cursor":"q6"}}}}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("surveySubmission.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"surveyType":"Questionnaire","limit":100,"cursor":"q6"}""", """{"surveyType":"HiringManagerExperience","limit":100}""");
        StateJson(result, "survey_submissions").Should().Equal(
            """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true},"Questionnaire":{"__ab_full_refresh_sync_complete":true}}}""",
            """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true},"Questionnaire":{"__ab_full_refresh_sync_complete":true},"HiringManagerExperience":{"__ab_full_refresh_sync_complete":true}}}""",
            """{"__ab_full_refresh_sync_complete":true}""");
    }

    [Theory]
    [InlineData("survey_submissions")]
    [InlineData("application_history")]
    public async Task PartitionedOrChildStream_CompletedFullRefreshIsNotReadAgainInTheSameSync(string stream)
    {
        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog((stream, "full_refresh")), State(stream, """{"__ab_full_refresh_sync_complete":true}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.Requests.Should().BeEmpty();
        result.LastState(stream)!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public async Task PartitionedStream_FullRefreshWithoutStateReadsEveryPartition()
    {
        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("survey_submissions", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("surveySubmission.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"surveyType":"CandidateExperience","limit":100}""", """{"surveyType":"Questionnaire","limit":100}""", """{"surveyType":"HiringManagerExperience","limit":100}""");
        StateJson(result, "survey_submissions").Should().Equal(
            """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true}}}""",
            """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true},"Questionnaire":{"__ab_full_refresh_sync_complete":true}}}""",
            """{"partitions":{"CandidateExperience":{"__ab_full_refresh_sync_complete":true},"Questionnaire":{"__ab_full_refresh_sync_complete":true},"HiringManagerExperience":{"__ab_full_refresh_sync_complete":true}}}""",
            """{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public async Task ChildEndpointTheOrganisationCannotServe_StopsAskingAndFailsWithAConfigErrorWhileOtherStreamsGoOn()
    {
        // application.listCriteriaEvaluations needs AI Application Review; the code of Ashby's refusal is undocumented.
        Ashby.On("application.list", FakeAshbyHandler.Page(Enumerable.Range(0, 100).Select(i => App($"a{i}")), more: true, nextCursor: "p2"))
              .On("application.list", FakeAshbyHandler.Page(Enumerable.Range(100, 100).Select(i => App($"a{i}")), more: false));
        Ashby.Fallback = r => r.Endpoint switch
        {
            "application.listCriteriaEvaluations" => FakeAshbyHandler.Json(FakeAshbyHandler.Error("feature_not_enabled", "AI Application Review is not enabled for this organization")),
            "user.list" => FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("u", 3), more: false, syncToken: "U")),
            _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: false)),
        };

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_criteria_evaluations", "full_refresh"), ("users", "full_refresh")));

        result.ExitCode.Should().Be(1);
        Ashby.RequestsTo("application.listCriteriaEvaluations").Count.Should().BeLessThanOrEqualTo(ChildFanOut.Window, "only the requests already in flight when Ashby refused are sent");
        result.Statuses("application_criteria_evaluations").Last().Should().Be("INCOMPLETE");
        var error = result.Errors.First();
        ((string?)error["failure_type"]).Should().Be("config_error");
        ((string)error["message"]!).Should().Contain("application.listCriteriaEvaluations").And.Contain("feature_not_enabled")
            .And.Contain("AI Application Review is not enabled for this organization").And.Contain("req-1")
            .And.Contain("Ashby's AI Application Review").And.Contain("Deselect the stream application_criteria_evaluations")
            .And.NotContain("connector bug");
        result.Statuses("users").Last().Should().Be("COMPLETE");
        result.Records("users").Should().HaveCount(3);
    }

    [Fact]
    public async Task ResultItemThatIsNotAnObject_FailsTheStreamAtOnceNamingTheEndpoint()
    {
        // Were it retried, the fallback's empty page would end the stream COMPLETE without its rows.
        Ashby.On("hiringTeamRole.list", """{"success":true,"results":["Recruiter","Hiring Manager"]}""");

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("hiring_team_roles", "full_refresh")));

        result.ExitCode.Should().Be(1);
        Ashby.RequestsTo("hiringTeamRole.list").Should().ContainSingle("a complete answer gets the same answer again");
        result.Statuses("hiring_team_roles").Last().Should().Be("INCOMPLETE");
        var error = result.Errors.First();
        ((string?)error["failure_type"]).Should().Be("system_error");
        ((string)error["message"]!).Should().Contain("hiringTeamRole.list").And.Contain("item 1 of 'results' is a string, not an object");
    }

    [Theory]
    [InlineData("""{"sync_token":"A1"}""", """{"surveyType":"CandidateExperience","limit":100,"syncToken":"A1"}""")]
    [InlineData("""{"sync_token":"A1","pass":{"kind":"incremental","cursor":"c3"}}""", """{"surveyType":"CandidateExperience","limit":100,"syncToken":"A1","cursor":"c3"}""")]
    public async Task PartitionedStream_StateFromBeforeThePartitions_ContinuesTheFormerValueAndTheNewOneStartsFull(string stored, string firstRequest)
    {
        // survey_requests read CandidateExperience with a fixed body until it was partitioned by survey type.
        Ashby.On("surveyRequest.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("ce", 1), more: false, syncToken: "A2"))
              .On("surveyRequest.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("q", 2), more: false, syncToken: "B1"));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("survey_requests", "incremental")), State("survey_requests", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("surveyRequest.list").Select(r => r.Body.ToJsonString()).Should().Equal(firstRequest, """{"surveyType":"Questionnaire","limit":100}""");
        StateJson(result, "survey_requests").Should().Equal(
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"}}}""",
            """{"partitions":{"CandidateExperience":{"sync_token":"A2"},"Questionnaire":{"sync_token":"B1"}}}""");
        result.Logs("INFO").Should().Contain(m => m.Contains("predates its partitions", StringComparison.Ordinal));
        result.Records("survey_requests").Should().HaveCount(3);
    }

    [Fact]
    public async Task PartitionedStream_PlainStateOfAStreamPartitionedFromTheStart_StartsEveryPartitionOver()
    {
        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("survey_submissions", "incremental")), State("survey_submissions", """{"sync_token":"X"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("surveySubmission.list").Should().HaveCount(3).And.OnlyContain(r => r.Body["syncToken"] == null);
    }

    private static string Offer(string id) => $$$"""{"id":"{{{id}}}","latestVersion":{"id":"{{{id}}}-v2","createdAt":"2024-02-01T00:00:00.000Z"}}""";

    private static string Version(string offerId, int n) => $$$"""{"id":"{{{offerId}}}-v{{{n}}}","salary":{"currencyCode":"EUR","value":{{{n}}}}}""";

    private static string OfferInfo(string id, int versions) =>
        $$$"""{"success":true,"results":{"id":"{{{id}}}","acceptanceStatus":"Pending","versions":[{{{string.Join(",", Enumerable.Range(1, versions).Select(v => Version(id, v)))}}}]}}""";

    [Fact]
    public async Task InfoChild_RowsAreTheItemsOfAnArrayOfTheOneObjectEachParentAnswers()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page([Offer("o1"), Offer("o2")], more: true, nextCursor: "p2"))
              .On("offer.list", FakeAshbyHandler.Page([Offer("o3")], more: false, syncToken: "T1"));
        Ashby.Fallback = r => FakeAshbyHandler.Json((string)r.Body["offerId"]! switch
        {
            "o2" => """{"success":true,"results":{"id":"o2","versions":[]}}""",
            var id => OfferInfo(id, 2),
        });

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("offer_versions", "incremental")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("offer.info").Select(r => r.Body.ToJsonString()).Should().BeEquivalentTo(
            """{"excludeFormDefinition":true,"offerId":"o1"}""", """{"excludeFormDefinition":true,"offerId":"o2"}""", """{"excludeFormDefinition":true,"offerId":"o3"}""");
        RawData(result).Should().Equal(
            """{"offerId":"o1","id":"o1-v1","salary":{"currencyCode":"EUR","value":1}}""",
            """{"offerId":"o1","id":"o1-v2","salary":{"currencyCode":"EUR","value":2}}""",
            """{"offerId":"o3","id":"o3-v1","salary":{"currencyCode":"EUR","value":1}}""",
            """{"offerId":"o3","id":"o3-v2","salary":{"currencyCode":"EUR","value":2}}""");
        StateJson(result, "offer_versions").Should().Equal(
            """{"pass":{"kind":"full","parents_done":1}}""",
            """{"pass":{"kind":"full","cursor":"p2"}}""",
            """{"sync_token":"T1"}""",
            """{"sync_token":"T1","refresh":{"cycle_started":1767225600000,"done":0,"last_sync":1767225600000,"parents":3,"counted":0}}""");
        result.Statuses("offer_versions").Should().Equal("STARTED", "RUNNING", "COMPLETE");
    }

    [Fact]
    public async Task InfoChild_WholeObjectIsTheRowAndKeepsTheParentKeyAshbySends()
    {
        Ashby.On("job.list", FakeAshbyHandler.Page([App("j1"), App("j2")], more: false, syncToken: "J1"));
        Ashby.Fallback = r => FakeAshbyHandler.Json($$$"""{"success":true,"results":{"jobId":"{{{r.Body["jobId"]}}}","interviewPlanId":"p","stages":[{"id":"s","activities":[]}]}}""");

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("job_interview_plans", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("jobInterviewPlan.info").Select(r => r.Body.ToJsonString()).Should().BeEquivalentTo("""{"jobId":"j1"}""", """{"jobId":"j2"}""");
        Ashby.RequestsTo("jobInterviewPlan.info").Should().OnlyContain(r => r.Body["limit"] == null && r.Body["cursor"] == null, "an .info endpoint does not page");
        RawData(result).Should().Equal(
            """{"jobId":"j1","interviewPlanId":"p","stages":[{"id":"s","activities":[]}]}""",
            """{"jobId":"j2","interviewPlanId":"p","stages":[{"id":"s","activities":[]}]}""");
    }

    [Fact]
    public async Task InfoChild_TwoStreamsOfOneEndpointTakeTheirOwnArray()
    {
        // Each stream makes its own pass over the pools.
        Ashby.On("interviewerPool.list", FakeAshbyHandler.Page([App("pool1")], more: false, syncToken: "P1"))
              .On("interviewerPool.list", FakeAshbyHandler.Page([App("pool1")], more: false, syncToken: "P1"));
        Ashby.Fallback = r => FakeAshbyHandler.Json("""{"success":true,"results":{"id":"pool1","title":"Bar Raisers","isArchived":false,"qualifiedMembers":[{"id":"u1","isPaused":false}],"trainees":[{"id":"u2","isPaused":true,"currentProgress":{"trainingPathId":"t","trainingPathStageId":"s","interviewsCompleted":1}}]}}""");

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("interviewer_pool_members", "full_refresh"), ("interviewer_pool_trainees", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("interviewerPool.info").Select(r => r.Body.ToJsonString()).Should().Equal("""{"interviewerPoolId":"pool1"}""", """{"interviewerPoolId":"pool1"}""");
        result.Records("interviewer_pool_members").Select(r => r["data"]!.ToJsonString()).Should().Equal("""{"interviewerPoolId":"pool1","id":"u1","isPaused":false}""");
        result.Records("interviewer_pool_trainees").Select(r => r["data"]!.ToJsonString()).Should().Equal(
            """{"interviewerPoolId":"pool1","id":"u2","isPaused":true,"currentProgress":{"trainingPathId":"t","trainingPathStageId":"s","interviewsCompleted":1}}""");
    }

    [Fact]
    public async Task InfoChild_ParentGoneBeforeItsRequest_IsSkippedWithAWarning()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page([Offer("o1"), Offer("o2")], more: false, syncToken: "T1"));
        Ashby.Fallback = r => (string)r.Body["offerId"]! == "o1"
            ? FakeAshbyHandler.Json(FakeAshbyHandler.Error("offer_not_found", "Offer not found"))
            : FakeAshbyHandler.Json(OfferInfo("o2", 1));

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("offer_versions", "full_refresh")));

        result.ExitCode.Should().Be(0, result.Stdout);
        result.Logs("WARN").Should().ContainSingle(m => m.Contains("o1", StringComparison.Ordinal) && m.Contains("offer_not_found", StringComparison.Ordinal));
        result.Records("offer_versions").Select(r => (string)r["data"]!["id"]!).Should().Equal("o2-v1");
    }

    [Theory]
    [InlineData("""{"success":true,"results":[{"id":"o1-v1"}]}""", "'results' is an array, not an object")]
    [InlineData("""{"success":true}""", "it has no 'results'")]
    public async Task InfoChild_AnswerThatIsNotOneObject_FailsTheStreamInsteadOfCompletingShort(string answer, string problem)
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page([Offer("o1")], more: false, syncToken: "T1"));
        Ashby.Fallback = _ => FakeAshbyHandler.Json(answer);

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("offer_versions", "full_refresh")));

        result.ExitCode.Should().NotBe(0);
        result.Statuses("offer_versions").Last().Should().Be("INCOMPLETE");
        result.Records().Should().BeEmpty();
        result.Errors.Should().Contain(e => ((string)e["message"]!).Contains(problem, StringComparison.Ordinal) && (string?)e["failure_type"] == "system_error");
    }

    [Fact]
    public async Task InfoChild_Incremental_AsksOnlyForTheChangedParentsWithinTheRequestBound()
    {
        var changed = Enumerable.Range(0, 130).Select(i => $"chg-{i}").ToList();
        Ashby.On("offer.list", FakeAshbyHandler.Page(changed.Take(100).Select(Offer), more: true, nextCursor: "d2"))
              .On("offer.list", FakeAshbyHandler.Page(changed.Skip(100).Select(Offer), more: false, syncToken: "T2"));
        Ashby.Fallback = r => FakeAshbyHandler.Json(OfferInfo((string)r.Body["offerId"]!, 3));

        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: NoRollingRefresh), ConnectorRun.Catalog(("offer_versions", "incremental")), State("offer_versions", """{"sync_token":"T1"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("offer.list").Should().OnlyContain(r => (string?)r.Body["syncToken"] == "T1");
        Ashby.RequestsTo("offer.info").Select(r => (string)r.Body["offerId"]!).Should().BeEquivalentTo(changed);
        const int deltaPages = 2;
        Ashby.Requests.Count.Should().BeLessThanOrEqualTo((int)Math.Floor(1.05 * (changed.Count + deltaPages)));
        result.Records("offer_versions").Should().HaveCount(3 * changed.Count);
        result.LastState("offer_versions")!.ToJsonString().Should().Be("""{"sync_token":"T2"}""");
    }
}
