using System.Text.Json.Nodes;
using AshbySource.Streams;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

/// <summary>Incremental syncs of child streams: the delta, then a slice of the parents re-read (<see cref="ChildRefresh"/>).</summary>
public sealed class ChildRefreshTests : FakeAshbyTest
{
    /// <summary>The fake clock's start, 2026-01-01T00:00:00Z: when every sync of these tests starts.</summary>
    private const long Now = 1_767_225_600_000;

    private const long Day = 86_400_000;

    private static string State(string stream, string streamState) =>
        $$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"{{{stream}}}"},"stream_state":{{{streamState}}}}}]""";

    private static JsonObject Refresh(RunResult result, string stream) => result.LastState(stream)!["refresh"]!.AsObject();

    /// <summary>application.list: the delta for a sync token, else the parents of the window asked for, one page each.</summary>
    private void ScriptApplications(IReadOnlyList<string> delta, Func<JsonObject, IEnumerable<string>> slice)
    {
        Ashby.Fallback = r => r.Endpoint switch
        {
            "application.list" when r.Body["syncToken"] is not null => FakeAshbyHandler.Json(FakeAshbyHandler.Page(delta.Select(Row), more: false, syncToken: "T2")),
            "application.list" => FakeAshbyHandler.Json(FakeAshbyHandler.Page(slice(r.Body).Select(Row), more: false)),
            _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page([$$"""{"id":"h-{{(string)r.Body["applicationId"]!}}"}"""], more: false)),
        };
    }

    private static string Row(string id) => $$"""{"id":"{{id}}","createdAt":"2024-05-01T00:00:00.000Z"}""";

    private List<string> ChildrenAskedFor() => Ashby.RequestsTo("application.listHistory").Select(r => (string)r.Body["applicationId"]!).ToList();

    [Fact]
    public async Task ADayAfterTheLastSync_TheDeltaThenASeventhOfTheRingAsACreationTimeWindow()
    {
        ScriptApplications(["changed-1"], _ => ["old-1", "old-2"]);
        var stored = $$$"""{"sync_token":"T1","refresh":{"cycle_started":{{{Now - Day}}},"range_start":{{{Now - (701 * Day)}}},"done":0,"last_sync":{{{Now - Day}}},"parents":50000,"counted":0}}""";

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        var listing = Ashby.RequestsTo("application.list");
        listing.Should().HaveCount(2);
        listing[0].Body["syncToken"]!.GetValue<string>().Should().Be("T1");
        // A seventh of the ring of the 700 days before the cycle began: its first 100 days, open below.
        listing[1].Body.ToJsonString().Should().Be($$"""{"expand":["openings"],"createdBefore":{{Now - (601 * Day)}},"limit":100}""");
        ChildrenAskedFor().Should().Equal("changed-1", "old-1", "old-2");
        result.Records("application_history").Select(r => (string)r["data"]!["applicationId"]!).Should().Equal("changed-1", "old-1", "old-2");
        var refresh = Refresh(result, "application_history");
        ((string)result.LastState("application_history")!["sync_token"]!).Should().Be("T2");
        ((double)refresh["done"]!).Should().BeApproximately(1 / 7.0, 1e-12);
        ((long)refresh["last_sync"]!).Should().Be(Now);
        ((long)refresh["counted"]!).Should().Be(2);
        refresh.ContainsKey("slice_end").Should().BeFalse("the slice is done");
        result.Logs("INFO").Should().Contain(m => m.StartsWith("Stream application_history (rolling refresh, 0.0%–14.3%", StringComparison.Ordinal) && m.Contains("children of 2 applications rows read (0 gone) with 2 requests, from 1 pages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KilledSlice_ResumesWhereItsListingStoppedWithTheSameWindow_ThenTheRingMovesOn()
    {
        ScriptApplications([], _ => ["p-3", "p-4"]);
        var pass = """{"kind":"full","cursor":"s2","parents_done":1}""";
        var stored = $$$"""{"sync_token":"T1","refresh":{"cycle_started":{{{Now - Day}}},"range_start":{{{Now - (101 * Day)}}},"done":0.25,"last_sync":{{{Now}}},"counted":7,"slice_end":0.5,"pass":""" + pass + "}}";

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        var listing = Ashby.RequestsTo("application.list");
        listing.Should().HaveCount(2, "the delta, then the rest of the slice; no new slice, since no time has passed and the parents are not known");
        listing[1].Body.ToJsonString().Should().Be($$"""{"expand":["openings"],"createdAfter":{{Now - (76 * Day)}},"createdBefore":{{Now - (51 * Day)}},"limit":100,"cursor":"s2"}""");
        ChildrenAskedFor().Should().ContainSingle("the first parent of the resumed page was done before the stop").Which.Should().Be("p-4");
        var refresh = Refresh(result, "application_history");
        ((double)refresh["done"]!).Should().Be(0.5);
        ((long)refresh["counted"]!).Should().Be(8);
        refresh.ContainsKey("pass").Should().BeFalse();
    }

    [Fact]
    public async Task StatesInsideASlice_NameTheSliceAndHowFarItsListingGot()
    {
        Ashby.On("application.list", FakeAshbyHandler.Page([], more: false, syncToken: "T2"))
              .On("application.list", FakeAshbyHandler.Page([Row("a1"), Row("a2")], more: true, nextCursor: "s2"))
              .On("application.list", FakeAshbyHandler.Page([Row("a3")], more: false));
        Ashby.Fallback = r => FakeAshbyHandler.Json(FakeAshbyHandler.Page([$$"""{"id":"h-{{(string)r.Body["applicationId"]!}}"}"""], more: false));
        var stored = $$$"""{"sync_token":"T1","refresh":{"cycle_started":{{{Now - Day}}},"range_start":{{{Now - (8 * Day)}}},"done":0,"last_sync":{{{Now - Day}}},"counted":0}}""";

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        var refreshes = result.States("application_history").Select(s => s["stream"]!["stream_state"]!["refresh"]!.AsObject()).ToList();
        refreshes.Where(r => r.ContainsKey("pass")).Select(r => r["pass"]!.ToJsonString()).Should().Equal(
            """{"kind":"full","parents_done":1}""", """{"kind":"full","cursor":"s2"}""");
        refreshes.Where(r => r.ContainsKey("pass")).Should().OnlyContain(r => Math.Abs((double)r["slice_end"]! - (1 / 7.0)) < 1e-12);
        ((double)refreshes[^1]["done"]!).Should().BeApproximately(1 / 7.0, 1e-12);
    }

    [Fact]
    public async Task ParentWithoutCreatedBefore_IsListedWholeAndASliceIsARangeOfKeyHashes()
    {
        var offers = Enumerable.Range(0, 300).Select(i => $"offer-{i}").ToList();
        Ashby.Fallback = r => r.Endpoint switch
        {
            "offer.list" when r.Body["syncToken"] is not null => FakeAshbyHandler.Json(FakeAshbyHandler.Page([], more: false, syncToken: "T2")),
            "offer.list" => FakeAshbyHandler.Json(FakeAshbyHandler.Page(offers.Select(id => $$"""{"id":"{{id}}"}"""), more: false)),
            _ => FakeAshbyHandler.Json($$$"""{"success":true,"results":{"id":"{{{(string)r.Body["offerId"]!}}}","versions":[{"id":"v1"}]}}"""),
        };
        var stored = $$$"""{"sync_token":"T1","refresh":{"cycle_started":{{{Now - (2 * Day)}}},"done":0.5,"last_sync":{{{Now - (2 * Day)}}},"parents":300,"counted":150}}""";

        // A page of 10 parents is less than the two sevenths that two days make.
        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","page_size":10"""), ConnectorRun.Catalog(("offer_versions", "incremental")), State("offer_versions", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("offer.list")[^1].Body.ContainsKey("createdBefore").Should().BeFalse();
        var expected = offers.Where(id => RefreshRing.InSlice(RefreshRing.KeyPosition(id), 0.5, 0.5 + (2 / 7.0))).ToList();
        expected.Count.Should().BeInRange(60, 110, "about two sevenths of 300");
        Ashby.RequestsTo("offer.info").Select(r => (string)r.Body["offerId"]!).Should().Equal(expected);
        ((double)Refresh(result, "offer_versions")["done"]!).Should().BeApproximately(0.5 + (2 / 7.0), 1e-12);
    }

    [Fact]
    public async Task TheSliceThatEndsTheRing_StartsTheNextCycleWithTheCountOfItsParents()
    {
        ScriptApplications([], body => body.ContainsKey("createdAfter") ? ["late-1"] : ["early-1"]);
        var stored = $$$"""{"sync_token":"T1","refresh":{"cycle_started":{{{Now - (7 * Day)}}},"range_start":{{{Now - (107 * Day)}}},"done":0.9,"last_sync":{{{Now - Day}}},"parents":1000,"counted":880,"first_created":{{{Now - (800 * Day)}}}}}""";

        var result = await Connector.ReadAsync(ConnectorRun.Config(), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", stored));

        result.ExitCode.Should().Be(0, result.Stdout);
        Ashby.RequestsTo("application.list")[1].Body.ToJsonString().Should().Be($$"""{"expand":["openings"],"createdAfter":{{Now - (17 * Day)}},"limit":100}""", "the last slice is open above");
        Refresh(result, "application_history").ToJsonString().Should().Be(
            $$$"""{"cycle_started":{{{Now}}},"range_start":{{{Now - (800 * Day)}}},"done":0,"last_sync":{{{Now}}},"parents":881,"counted":0,"first_created":{{{Now - (800 * Day)}}}}""", "the next ring begins at the earliest parent seen");
    }

    [Fact]
    public async Task RefreshOff_OnlyTheDeltaAndALineSayingWhatIsNotSeen()
    {
        ScriptApplications(["changed-1"], _ => ["old-1"]);

        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","child_refresh_days":0"""), ConnectorRun.Catalog(("application_history", "incremental")), State("application_history", """{"sync_token":"T1"}"""));

        result.ExitCode.Should().Be(0, result.Stdout);
        ChildrenAskedFor().Should().Equal("changed-1");
        result.LastState("application_history")!.ToJsonString().Should().Be("""{"sync_token":"T2"}""");
        result.Logs("INFO").Should().Contain(m => m.Contains("child_refresh_days is 0", StringComparison.Ordinal));
    }
}
