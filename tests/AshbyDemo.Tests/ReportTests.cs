namespace AshbyDemo.Tests;

/// <summary>The demo's counting and wording, fed with protocol lines as the connector writes them.</summary>
public class ReportTests
{
    private static string Record(string stream, string id) =>
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"" + stream + "\",\"data\":{\"id\":\"" + id + "\"},\"emitted_at\":1}}";

    private static string State(string stream) =>
        "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"" + stream + "\"},\"stream_state\":{}}}}";

    private static string Status(string stream, string status, bool rateLimited = false) =>
        "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1,\"stream_status\":{\"stream_descriptor\":{\"name\":\"" + stream + "\"},\"status\":\"" + status + "\""
        + (rateLimited ? ",\"reasons\":[{\"type\":\"RATE_LIMITED\",\"rate_limited\":{\"quota_reset\":2}}]" : string.Empty) + "}}}";

    private static readonly Dictionary<string, string[]> IdKeys = new() { ["users"] = ["id"], ["jobs"] = ["id"] };

    private static ReadTally Tally(bool keepKeys, params string[] lines)
    {
        var tally = new ReadTally(keepKeys ? IdKeys : null);
        foreach (var line in lines)
        {
            tally.Observe(line);
        }

        return tally;
    }

    [Fact]
    public void Tally_CountsRecordsCheckpointsAndFinalStatusPerStream()
    {
        var tally = Tally(true, Status("users", "STARTED"), Record("users", "u1"), Record("users", "u2"), State("users"), Status("users", "RUNNING"),
            Status("users", "COMPLETE"), Status("jobs", "STARTED"), Record("jobs", "j1"), State("jobs"));

        tally.Records.Should().Be(3);
        tally.Checkpoints.Should().Be(2);
        tally.Streams["users"].Status.Should().Be("COMPLETE");
        tally.Streams["users"].Keys.Should().BeEquivalentTo("u1", "u2");
        tally.Streams["jobs"].Status.Should().Be("STARTED");
        tally.Progress(TimeSpan.FromSeconds(12.4)).Should().Be("     12s          3 records      2 pages   1 streams done, 1 reading");
    }

    [Fact]
    public void Progress_SaysWhenTheConnectorWaitsForTheBudget_UntilTheStreamMovesAgain()
    {
        var tally = Tally(false, Status("users", "STARTED"), Status("users", "RUNNING", rateLimited: true));
        var waiting = tally.Progress(TimeSpan.FromSeconds(5));
        tally.Observe(Record("users", "u1"));

        waiting.Should().EndWith(", waiting for the request budget");
        tally.Progress(TimeSpan.FromSeconds(10)).Should().NotContain("waiting");
    }

    [Fact]
    public void Tally_KeepsKeysOnlyWhenAsked()
    {
        Tally(false, Record("users", "u1")).Streams["users"].Keys.Should().BeEmpty();
    }

    [Fact]
    public void Tally_KeepsEachRecordsWholePrimaryKey()
    {
        var tally = new ReadTally(new Dictionary<string, string[]> { ["members"] = ["poolId", "id"], ["plans"] = ["jobId"] });
        tally.Observe("""{"type":"RECORD","record":{"stream":"members","data":{"poolId":"p1","id":"u1"},"emitted_at":1}}""");
        tally.Observe("""{"type":"RECORD","record":{"stream":"members","data":{"poolId":"p2","id":"u1"},"emitted_at":1}}""");
        tally.Observe("""{"type":"RECORD","record":{"stream":"plans","data":{"jobId":"j1","stages":[]},"emitted_at":1}}""");

        tally.Streams["members"].Keys.Should().BeEquivalentTo("p1/u1", "p2/u1");
        tally.Streams["plans"].Keys.Should().BeEquivalentTo("j1");
    }

    [Theory]
    [InlineData(67, 600, 7.3, "the request budget (requests_per_minute), not the connector, set the pace: 67 requests need at least 6.7 s at 600/min, and the read took 7.3 s.")]
    [InlineData(67, 600000, 7.3, "the connector and the API set the pace, not the request budget: 67 requests need at least 0.0 s at 600,000/min, and the read took 7.3 s.")]
    [InlineData(600, 600, 90, "the connector and the API set the pace, not the request budget: 600 requests need at least 60.0 s at 600/min, and the read took 90.0 s.")]
    public void Pace_NamesWhatSetIt(long requests, int perMinute, double seconds, string expected)
    {
        Report.Pace(requests, perMinute, TimeSpan.FromSeconds(seconds)).Should().Be("  pace: " + expected);
    }

    [Fact]
    public void KillAccount_FindsMissingRowsAndRowsReadTwice()
    {
        var killed = Tally(true, Record("users", "u1"), Record("users", "u2"), State("users"), Record("users", "u3"));
        var resumed = Tally(true, Record("users", "u3"), Record("users", "u4"), State("users"));
        var expected = new Dictionary<string, HashSet<string>> { ["users"] = ["u1", "u2", "u3", "u4", "u5"] };

        var account = Report.AccountForKill(killed, resumed, expected);

        account.Should().Be(new KillAccount(KilledRecords: 3, KilledCheckpoints: 1, ResumedRecords: 2, UniqueRows: 4, ExpectedRows: 5, Missing: 1));
        account.ReadTwice.Should().Be(1);
        account.ToString().Should().Contain("4 distinct rows of the 5 Ashby has: 1 MISSING, 1 read twice");
    }

    private static readonly Dictionary<string, string> Endpoints = new() { ["users"] = "user.list", ["sources"] = "source.list" };

    [Theory]
    [InlineData("applications", 3)]
    [InlineData("application_history", 6)]
    [InlineData("users", 2)]
    [InlineData("interview_events", 0)]
    public void Requests_OfAStream_AreThoseOfItsOwnEndpoint_AndADerivedStreamMakesNone(string stream, long expected)
    {
        // A child stream's own requests are one per parent; a stream without a table of its own (derived from its
        // parent's records) makes none.
        var endpoints = new Dictionary<string, string> { ["applications"] = "application.list", ["application_history"] = "application.listHistory", ["users"] = "user.list" };
        var requests = new RequestCount(12, new Dictionary<string, long> { ["application.list"] = 3, ["application.listHistory"] = 6, ["user.list"] = 2, ["apiKey.info"] = 1 }, endpoints);

        requests.Of(stream).Should().Be(expected);
    }

    [Fact]
    public void Requests_OfStreamsSharingAnEndpoint_AreSharedEqually()
    {
        var endpoints = new Dictionary<string, string> { ["interviewer_pools"] = "interviewerPool.list", ["interviewer_pool_members"] = "interviewerPool.info", ["interviewer_pool_trainees"] = "interviewerPool.info" };
        var requests = new RequestCount(12, new Dictionary<string, long> { ["interviewerPool.list"] = 2, ["interviewerPool.info"] = 10 }, endpoints);

        requests.Of("interviewer_pool_members").Should().Be(5);
        requests.Of("interviewer_pool_trainees").Should().Be(5);
        requests.Of("interviewer_pools").Should().Be(2);
    }

    [Fact]
    public void Incremental_PutsBothReadsSideBySide_AndMarksFullRefreshStreams()
    {
        var full = Tally(false, Record("users", "u1"), Record("users", "u2"), Record("sources", "s1"));
        var incremental = Tally(false, Record("users", "u2"), Record("sources", "s1"));
        var changed = new Dictionary<string, HashSet<string>> { ["users"] = ["u2"], ["sources"] = [] };

        var table = Report.Incremental(full, new RequestCount(3, new Dictionary<string, long> { ["user.list"] = 2, ["source.list"] = 1 }, Endpoints), changed,
            incremental, new RequestCount(2, new Dictionary<string, long> { ["user.list"] = 1, ["source.list"] = 1 }, Endpoints), new HashSet<string> { "sources" });

        table.Split('\n').Should().Contain("  users                                      2         2        1          1          1")
            .And.Contain("  sources                                    1         1        0          1          1  (full refresh only)")
            .And.Contain("  total                                      3         3        1          2          2");
    }
}
