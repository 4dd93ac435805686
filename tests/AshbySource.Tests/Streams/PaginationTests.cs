using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

public sealed class PaginationTests : FakeAshbyTest
{
    private Task<RunResult> ReadOffers(string mode = "full_refresh", string? state = null, string extraConfig = "") =>
        Connector.ReadAsync(ConnectorRun.Config(extra: extraConfig), ConnectorRun.Catalog(("offers", mode)), state);

    [Fact]
    public async Task Read_ThreePages_FollowsCursorsAndCheckpointsAfterEachPage()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 100), more: true, nextCursor: "p2"))
              .On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 100, 100), more: true, nextCursor: "p3"))
              .On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 5, 200), more: false));

        var result = await ReadOffers();

        result.ExitCode.Should().Be(0, result.Stdout);
        var requests = Ashby.RequestsTo("offer.list");
        requests.Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"limit":100}""",
            """{"limit":100,"cursor":"p2"}""",
            """{"limit":100,"cursor":"p3"}""");
        result.Records("offers").Select(r => (string)r["data"]!["id"]!).Should().Equal(Enumerable.Range(0, 205).Select(i => $"c-{i}"));
        var states = result.States("offers").ToList();
        states.Select(s => (double)s["sourceStats"]!["recordCount"]!).Should().Equal(100, 100, 5);
        states[0]["stream"]!["stream_state"]!.ToJsonString().Should().Be("""{"pass":{"kind":"full","cursor":"p2"}}""");
        states[^1]["stream"]!["stream_state"]!.ToJsonString().Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
        result.Statuses("offers").Should().Equal("STARTED", "RUNNING", "COMPLETE");
    }

    [Fact]
    public async Task Read_RecordCountIsWrittenWithADecimalPoint()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 3), more: false));

        var result = await ReadOffers();

        result.Lines.Should().Contain(l => l.Contains("\"sourceStats\":{\"recordCount\":3.0}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_LastPageWithANextCursor_StopsOnMoreDataAvailable()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: false, nextCursor: "dangling"));

        var result = await ReadOffers();

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("offer.list").Should().HaveCount(1);
        result.Records().Should().HaveCount(2);
    }

    [Fact]
    public async Task Read_RepeatedCursor_FailsTheStreamInsteadOfLooping()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true, nextCursor: "same"))
              .On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1, 1), more: true, nextCursor: "same"));

        var result = await ReadOffers();

        result.ExitCode.Should().NotBe(0);
        Ashby.RequestsTo("offer.list").Should().HaveCount(2);
        result.Statuses("offers").Last().Should().Be("INCOMPLETE");
        result.Errors.Should().Contain(e => ((string)e["message"]!).Contains("already used", StringComparison.Ordinal) && (string?)e["stream_descriptor"]!["name"] == "offers");
    }

    [Fact]
    public async Task Read_CursorCycleOverSeveralPages_IsDetected()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page([], more: true, nextCursor: "a"))
              .On("offer.list", FakeAshbyHandler.Page([], more: true, nextCursor: "b"))
              .On("offer.list", FakeAshbyHandler.Page([], more: true, nextCursor: "a"));

        var result = await ReadOffers();

        result.ExitCode.Should().NotBe(0);
        Ashby.RequestsTo("offer.list").Should().HaveCount(3);
    }

    [Fact]
    public async Task Read_MoreDataWithoutCursor_FailsLoudly()
    {
        Ashby.On("offer.list", FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 1), more: true));

        var result = await ReadOffers();

        result.ExitCode.Should().NotBe(0);
        result.Errors.Should().Contain(e => (string?)e["failure_type"] == "system_error");
    }

    [Fact]
    public async Task Read_EmptyTable_StillRunsAndEmitsAState()
    {
        var result = await ReadOffers();

        result.ExitCode.Should().Be(0);
        result.Statuses("offers").Should().Equal("STARTED", "RUNNING", "COMPLETE");
        result.States("offers").Should().ContainSingle().Which["sourceStats"]!["recordCount"]!.GetValue<double>().Should().Be(0);
    }

    [Fact]
    public async Task Read_PageSizeAndStartDate_AreSentAsLimitAndCreatedAfter()
    {
        var result = await ReadOffers(extraConfig: ""","page_size":7,"start_date":"2024-01-01T00:00:00Z" """);

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("offer.list").Single().Body.ToJsonString().Should().Be("""{"createdAfter":1704067200000,"limit":7}""");
    }

    [Fact]
    public async Task Read_SnapshotEndpoint_SendsNoLimitAndReadsOnce()
    {
        Ashby.On("jobBoard.list", """{"success":true,"results":[{"id":"b1"}]}""")
              .On("jobPosting.list", """{"success":true,"results":[{"id":"p1"},{"id":"p2"}]}""");

        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","start_date":"2024-01-01T00:00:00Z" """), ConnectorRun.Catalog(("job_postings", "full_refresh")));

        result.ExitCode.Should().Be(0);
        Ashby.RequestsTo("jobBoard.list").Single().Body.ToJsonString().Should().Be("{}");
        Ashby.RequestsTo("jobPosting.list").Single().Body.ToJsonString().Should().Be("""{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"],"jobBoardId":"b1"}""");
        result.Records("job_postings").Should().HaveCount(2);
    }

    [Fact]
    public async Task Read_RecordsArePassedThroughByteForByte()
    {
        const string raw = """{"id":"x","salary":{"value":165000,"currencyCode":"USD"},"ratio":0.50,"huge":123456789012345678901234567890,"text":"line\nbreak \u00e9"}""";
        Ashby.On("offer.list", $$"""{"success":true,"results":[{{raw}}],"moreDataAvailable":false}""");

        var result = await ReadOffers();

        result.Lines.Should().Contain(l => l.Contains($"\"data\":{raw},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_PrettyPrintedAnswer_IsRewrittenOnOneLine()
    {
        Ashby.On("offer.list", "{\n  \"success\": true,\n  \"results\": [\n    {\n      \"id\": \"x\",\n      \"n\": 1.50\n    }\n  ],\n  \"moreDataAvailable\": false\n}");

        var result = await ReadOffers();

        result.Records().Single()["data"]!.ToJsonString().Should().Be("""{"id":"x","n":1.50}""");
        result.Lines.Should().OnlyContain(l => !l.Contains('\r'));
    }

    [Fact]
    public async Task Read_EveryStreamSendsItsIncludeFlags()
    {
        var catalog = ConnectorRun.Catalog(AshbySource.Streams.StreamCatalog.All.Select(s => (s.Name, "full_refresh")).ToArray());

        var result = await Connector.ReadAsync(ConnectorRun.Config(), catalog);

        result.ExitCode.Should().Be(0, result.Stdout);
        // A parent endpoint is read once per stream that reads it, always with the parent row's body; a full pass of
        // application.list also in creation-time windows, whose bounds are not include flags.
        string Body(string endpoint) => Ashby.RequestsTo(endpoint).Select(r => WithoutWindow(r.Body)).Distinct().Single();
        static string WithoutWindow(System.Text.Json.Nodes.JsonObject body)
        {
            var copy = body.DeepClone().AsObject();
            copy.Remove("createdAfter");
            copy.Remove("createdBefore");
            return copy.ToJsonString();
        }

        Body("job.list").Should().Be("""{"status":["Draft","Open","Closed","Archived"],"includeUnpublishedJobPostingsIds":true,"expand":["location","openings"],"limit":100}""");
        Body("application.list").Should().Be("""{"expand":["openings"],"limit":100}""");
        Body("jobTemplate.list").Should().Be("""{"expand":["location"],"limit":100}""");
        Body("interviewPlan.list").Should().Be("""{"includeArchived":true,"limit":100}""");
        Body("feedbackFormDefinition.list").Should().Be("""{"includeArchived":true,"limit":100}""");
        Body("interviewerPool.list").Should().Be("""{"includeArchivedPools":true,"includeArchivedTrainingStages":true,"limit":100}""");
        Body("closeReason.list").Should().Be("""{"includeArchived":true}""");
        Body("sourceTrackingLink.list").Should().Be("""{"includeDisabled":true}""");
        Body("hiringTeamRole.list").Should().Be("""{"namesOnly":false}""");
        Body("brand.list").Should().Be("""{"limit":100}""");
        Ashby.RequestsTo("surveySubmission.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"surveyType":"CandidateExperience","limit":100}""", """{"surveyType":"Questionnaire","limit":100}""", """{"surveyType":"HiringManagerExperience","limit":100}""");
        Ashby.RequestsTo("surveyRequest.list").Select(r => r.Body.ToJsonString()).Should().Equal(
            """{"surveyType":"CandidateExperience","limit":100}""", """{"surveyType":"Questionnaire","limit":100}""");
        Body("user.list").Should().Be("""{"includeDeactivated":true,"limit":100}""");
        Body("interview.list").Should().Be("""{"includeArchived":true,"includeNonSharedInterviews":true,"limit":100}""");
        Body("location.list").Should().Be("""{"includeArchived":true,"includeLocationHierarchy":true,"limit":100}""");
        Body("department.list").Should().Be("""{"includeArchived":true,"limit":100}""");
        Body("source.list").Should().Be("""{"includeArchived":true}""");
        Body("archiveReason.list").Should().Be("""{"includeArchived":true}""");
        Body("candidateTag.list").Should().Be("""{"includeArchived":true,"limit":100}""");
        Body("customField.list").Should().Be("""{"includeArchived":true,"limit":100}""");
        // Every stream's pass is read once per stream that reads it: child and derived streams read their parent's
        // endpoint again; with no parent rows no child request is sent.
        Ashby.Requests.Select(r => r.Endpoint).Distinct().Should().BeEquivalentTo(StreamCatalog.All.Where(s => !s.IsChild).Select(s => s.Endpoint).Concat(StreamCatalog.All.Where(s => s.IsChild).Select(s => s.PassStream.Endpoint)).Distinct());
        Ashby.RequestsTo("application.list").Should().HaveCount(WindowedPass.Windows + 2, "applications in its creation-time windows, and the parent passes of application_history and application_criteria_evaluations");
    }
}
