using System.Net;
using System.Text;
using System.Text.Json;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Tests.Streams;

/// <summary>The pass planner's decisions, one method call each: no HTTP, no stdout.</summary>
public class PassPlannerTests
{
    private static readonly DateTimeOffset StartDate = DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void FullPass_FollowsCursorsAndCheckpointsEachPageThenMarksTheRefreshComplete()
    {
        var planner = Planner(SyncMode.FullRefresh);

        Text(planner.BeginPass()).Should().Be("""{"limit":50}""");
        var first = planner.OnPage(moreDataAvailable: true, nextCursor: "p2", syncToken: null, recordCount: 1);
        Text(first.NextRequest).Should().Be("""{"limit":50,"cursor":"p2"}""");
        Json(first.Checkpoint).Should().Be("""{"pass":{"kind":"full","cursor":"p2"}}""");
        var last = planner.OnPage(moreDataAvailable: false, nextCursor: "dangling", syncToken: "t1", recordCount: 1);

        last.NextRequest.Should().BeNull("only moreDataAvailable ends a pass, and it said no more");
        Json(last.Checkpoint).Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
        planner.Opening.Should().BeEmpty();
        first.Note.Should().BeNull();
        last.Note.Should().BeNull();
    }

    [Fact]
    public void Replay_IsTheCheckpointThatReadsThePageAgainWithTheParentsAResumedPageHadDone()
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "T", Pass = new PassCheckpoint { Kind = PassCheckpoint.Incremental, Cursor = "p4", ParentsDone = 7 } });

        Text(planner.BeginPass()).Should().Be("""{"limit":50,"syncToken":"T","cursor":"p4"}""");
        var resumed = planner.OnPage(true, "p5", null, 1);
        Json(resumed.Replay).Should().Be("""{"sync_token":"T","pass":{"kind":"incremental","cursor":"p4","parents_done":7}}""");
        var next = planner.OnPage(false, null, "T2", 1);
        Json(next.Replay).Should().Be("""{"sync_token":"T","pass":{"kind":"incremental","cursor":"p5","parents_done":0}}""");
        Json(next.Checkpoint).Should().Be("""{"sync_token":"T2"}""");
    }

    [Fact]
    public void Replay_AfterARestartedPass_DoesNotSkipParentsOfTheFirstPage()
    {
        var planner = Planner(SyncMode.FullRefresh, new StreamCheckpoint { Pass = new PassCheckpoint { Kind = PassCheckpoint.Full, Cursor = "p4", ParentsDone = 7 } });
        planner.BeginPass();

        planner.Recover(AshbyErrorClassifier.Resolve("candidate.list", HttpStatusCode.OK, "next_cursor_expired", null)).Should().NotBeNull();
        Text(planner.BeginPass()).Should().Be("""{"limit":50}""");
        Json(planner.OnPage(true, "p2", null, 1).Replay).Should().Be("""{"pass":{"kind":"full","parents_done":0}}""");
    }

    [Fact]
    public void Scope_IsSentWithEveryRequestOfThePass()
    {
        var planner = new PassPlanner(StreamCatalog.ByName["candidate_notes"], SyncMode.FullRefresh, new PassSettings(50, null), null, new RequestScope("candidateId", "c-1"));

        Text(planner.BeginPass()).Should().Be("""{"candidateId":"c-1","limit":50}""");
        Text(planner.OnPage(true, "n2", null, 1).NextRequest).Should().Be("""{"candidateId":"c-1","limit":50,"cursor":"n2"}""");
    }

    [Fact]
    public void IncrementalPass_SendsTheStoredTokenOnEveryPageAndStoresTheNewOneOnlyAtTheEnd()
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "old" });

        Text(planner.BeginPass()).Should().Be("""{"limit":50,"syncToken":"old"}""");
        var first = planner.OnPage(true, "p2", "ignored-mid-pass", recordCount: 1);
        Text(first.NextRequest).Should().Be("""{"limit":50,"syncToken":"old","cursor":"p2"}""");
        Json(first.Checkpoint).Should().Be("""{"sync_token":"old","pass":{"kind":"incremental","cursor":"p2"}}""");

        Json(planner.OnPage(false, null, "new", recordCount: 1).Checkpoint).Should().Be("""{"sync_token":"new"}""");
    }

    [Fact]
    public void IncrementalPass_EndingWithoutAToken_KeepsTheOldOneAndWarns()
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "old" });
        planner.BeginPass();

        var last = planner.OnPage(false, null, null, recordCount: 1);

        Json(last.Checkpoint).Should().Be("""{"sync_token":"old"}""");
        last.Note.Should().Be(new PassNote(LogLevel.Warn, "Stream candidates: Ashby ended the pass without a sync token; the next sync reads the whole table again."));
    }

    [Fact]
    public void StartDate_IsSentAsCreatedAfterAndKeptInEveryCheckpoint()
    {
        var planner = Planner(SyncMode.Incremental, startDate: StartDate);

        Text(planner.BeginPass()).Should().Be("""{"createdAfter":1704067200000,"limit":50}""");
        Json(planner.OnPage(true, "p2", null, recordCount: 1).Checkpoint).Should().Be("""{"created_after":1704067200000,"pass":{"kind":"full","cursor":"p2"}}""");
        Json(planner.OnPage(false, null, "t", recordCount: 1).Checkpoint).Should().Be("""{"sync_token":"t","created_after":1704067200000}""");
    }

    [Theory]
    [InlineData(PassCheckpoint.Full, null, """{"limit":50,"cursor":"c9"}""", "Stream candidates: resuming the interrupted full pass from its last checkpoint.")]
    [InlineData(PassCheckpoint.Incremental, "tok", """{"limit":50,"syncToken":"tok","cursor":"c9"}""", "Stream candidates: resuming the interrupted incremental pass from its last checkpoint.")]
    public void InterruptedPass_ResumesFromItsCursorOnceAndSaysSo(string kind, string? token, string firstBody, string note)
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = token, Pass = new PassCheckpoint { Kind = kind, Cursor = "c9" } });

        planner.Opening.Should().Equal(new PassNote(LogLevel.Info, note));
        Text(planner.BeginPass()).Should().Be(firstBody);
        planner.Cursor.Should().Be("c9");
    }

    [Fact]
    public void ChangedStartDate_DiscardsTheStoredStateWithAWarning()
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "tok", CreatedAfter = 1, Pass = new PassCheckpoint { Kind = PassCheckpoint.Incremental, Cursor = "c9" } }, StartDate);

        planner.Opening.Single().Level.Should().Be(LogLevel.Warn);
        planner.Token.Should().BeNull();
        Text(planner.BeginPass()).Should().Be("""{"createdAfter":1704067200000,"limit":50}""");
    }

    [Fact]
    public void FullRefresh_IgnoresAStoredSyncToken()
    {
        var planner = Planner(SyncMode.FullRefresh, new StreamCheckpoint { SyncToken = "tok" });

        Text(planner.BeginPass()).Should().Be("""{"limit":50}""");
        planner.Opening.Should().BeEmpty();
    }

    [Fact]
    public void RefusedToken_IsDroppedAndTheNextPassReadsTheWholeTable()
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "tok" });
        planner.BeginPass();

        var recovery = planner.Recover(Refusal("sync_token_expired"));

        planner.Token.Should().BeNull();
        recovery!.Message.Should().StartWith("Stream candidates: Ashby refused the stored sync token (sync_token_expired).");
        Text(planner.BeginPass()).Should().Be("""{"limit":50}""");
        Json(planner.OnPage(false, null, "fresh", recordCount: 1).Checkpoint).Should().Be("""{"sync_token":"fresh"}""");
        planner.Recover(Refusal("sync_token_expired")).Should().BeNull("a full pass has no token to drop");
    }

    [Fact]
    public void RefusedCursor_RestartsThePassFromItsFirstPageAtMostThreeTimes()
    {
        var planner = Planner(SyncMode.FullRefresh, new StreamCheckpoint { Pass = new PassCheckpoint { Kind = PassCheckpoint.Full, Cursor = "resume" } });

        for (var restart = 1; restart <= PassPlanner.MaxPassRestarts; restart++)
        {
            planner.BeginPass();
            planner.OnPage(true, $"p{restart}", null, recordCount: 1);
            planner.Recover(Refusal("next_cursor_expired"))!.Message.Should().Contain($"(restart {restart} of 3)");
            Text(planner.BeginPass()).Should().Be("""{"limit":50}""", "a restart begins at the first page, not at the resumed cursor");
        }

        planner.OnPage(true, "p9", null, recordCount: 1);
        planner.Recover(Refusal("next_cursor_expired")).Should().BeNull();
    }

    [Fact]
    public void RefusedCursor_OnTheFirstPage_IsNotRecovered()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();

        planner.Recover(Refusal("invalid_next_cursor")).Should().BeNull();
    }

    [Theory]
    [InlineData(401, null)]
    [InlineData(200, "invalid_input")]
    [InlineData(503, null)]
    public void OtherFailures_AreNotRecoveredByTheStream(int status, string? code)
    {
        var planner = Planner(SyncMode.Incremental, new StreamCheckpoint { SyncToken = "tok" });
        planner.BeginPass();
        planner.OnPage(true, "p2", null, recordCount: 1);

        planner.Recover(AshbyErrorClassifier.Resolve("candidate.list", (HttpStatusCode)status, code, null)).Should().BeNull();
    }

    [Fact]
    public void RepeatedCursor_StopsInsteadOfLooping()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();
        planner.OnPage(true, "same", null, recordCount: 1);

        var act = () => planner.OnPage(true, "same", null, recordCount: 1);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.SystemError).WithMessage("*already used*");
    }

    [Fact]
    public void CursorCycleOverSeveralPages_IsDetected()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();
        planner.OnPage(true, "a", null, recordCount: 1);
        planner.OnPage(true, "b", null, recordCount: 1);

        var act = () => planner.OnPage(true, "a", null, recordCount: 1);

        act.Should().Throw<ConnectorException>().WithMessage("*already used*");
    }

    [Fact]
    public void ResumedCursorSentBackAsTheNextOne_IsARepeat()
    {
        var planner = Planner(SyncMode.FullRefresh, new StreamCheckpoint { Pass = new PassCheckpoint { Kind = PassCheckpoint.Full, Cursor = "c9" } });
        planner.BeginPass();

        var act = () => planner.OnPage(true, "c9", null, recordCount: 1);

        act.Should().Throw<ConnectorException>().WithMessage("*already used*");
    }

    [Fact]
    public void CursorsSeenInAnEarlierPass_MayComeAgainAfterARestart()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();
        planner.OnPage(true, "p2", null, recordCount: 1);
        planner.Recover(Refusal("next_cursor_expired"));
        planner.BeginPass();

        planner.OnPage(true, "p2", null, recordCount: 1).NextRequest.Should().NotBeNull();
    }

    [Fact]
    public void MoreDataWithoutACursor_FailsLoudly()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();

        var act = () => planner.OnPage(true, null, null, recordCount: 1);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.SystemError).WithMessage("*has more data but sent no cursor*");
    }

    [Fact]
    public void SnapshotEndpoint_SendsNoPagingFieldsAndEndsAfterOneAnswer()
    {
        var planner = new PassPlanner(StreamCatalog.ByName["job_postings"], SyncMode.FullRefresh, new PassSettings(50, StartDate), null);

        Text(planner.BeginPass()).Should().Be("""{"includeUnpublishedJobPostings":true,"expand":["customFields","jobCustomFields","locationDetail"]}""");
        var step = planner.OnPage(moreDataAvailable: false, nextCursor: "ignored", syncToken: null, recordCount: 1);

        step.NextRequest.Should().BeNull();
        Json(step.Checkpoint).Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public void InfoEndpoint_SendsItsParentKeyAndNoPagingFieldsAndEndsAfterOneAnswer()
    {
        var planner = new PassPlanner(StreamCatalog.ByName["offer_versions"], SyncMode.FullRefresh, new PassSettings(50, StartDate), null, new RequestScope("offerId", "o1"));

        Text(planner.BeginPass()).Should().Be("""{"excludeFormDefinition":true,"offerId":"o1"}""");
        var step = planner.OnPage(moreDataAvailable: false, nextCursor: null, syncToken: null, recordCount: 1);

        step.NextRequest.Should().BeNull();
        Json(step.Checkpoint).Should().Be("""{"__ab_full_refresh_sync_complete":true}""");
    }

    [Fact]
    public void SnapshotEndpointSayingMoreDataIsAvailable_FollowsItsCursor()
    {
        // closeReason.list and others answer in Ashby's paged envelope although they take no limit: rows after the
        // first answer are asked for with the cursor rather than left behind.
        var planner = new PassPlanner(StreamCatalog.ByName["close_reasons"], SyncMode.FullRefresh, new PassSettings(50, StartDate), null);
        Text(planner.BeginPass()).Should().Be("""{"includeArchived":true}""");

        var step = planner.OnPage(moreDataAvailable: true, nextCursor: "c2", syncToken: null, recordCount: 7);

        Text(step.NextRequest!).Should().Be("""{"includeArchived":true,"cursor":"c2"}""");
        planner.OnPage(moreDataAvailable: false, nextCursor: null, syncToken: null, recordCount: 1).NextRequest.Should().BeNull();
    }

    [Fact]
    public void SnapshotEndpointSayingMoreDataWithoutACursor_FailsLoudly()
    {
        var planner = new PassPlanner(StreamCatalog.ByName["job_postings"], SyncMode.FullRefresh, new PassSettings(50, StartDate), null);
        planner.BeginPass();

        var act = () => planner.OnPage(moreDataAvailable: true, nextCursor: null, syncToken: null, recordCount: 7);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.SystemError).WithMessage("*jobPosting.list has more data*after these 7*");
    }

    [Fact]
    public void EmptyPagesInARow_FailAtTheBoundAndAPageWithRowsResetsTheCount()
    {
        var planner = Planner(SyncMode.FullRefresh);
        planner.BeginPass();
        for (var i = 0; i < PassPlanner.MaxConsecutiveEmptyPages - 1; i++)
        {
            planner.OnPage(true, $"e{i}", null, recordCount: 0);
        }

        planner.OnPage(true, "rows", null, recordCount: 3).NextRequest.Should().NotBeNull("a page with rows ends the run of empty ones");
        for (var i = 0; i < PassPlanner.MaxConsecutiveEmptyPages - 1; i++)
        {
            planner.OnPage(true, $"f{i}", null, recordCount: 0);
        }

        var act = () => planner.OnPage(true, "last", null, recordCount: 0);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.SystemError).WithMessage($"*{PassPlanner.MaxConsecutiveEmptyPages:N0} empty pages of candidate.list in a row*confidential*");
    }

    [Fact]
    public void CompletedFullRefresh_HasNothingToReadButAnIncrementalStreamStartsOver()
    {
        var done = new StreamCheckpoint { FullRefreshComplete = true };

        Planner(SyncMode.FullRefresh, done).CompletedEarlier.Should().Be(done);
        Planner(SyncMode.Incremental, done).CompletedEarlier.Should().BeNull();
    }

    private static PassPlanner Planner(SyncMode mode, StreamCheckpoint? stored = null, DateTimeOffset? startDate = null) =>
        new(StreamCatalog.ByName["candidates"], mode, new PassSettings(50, startDate), stored);

    private static ErrorResolution Refusal(string code) =>
        AshbyErrorClassifier.Resolve("candidate.list", HttpStatusCode.OK, code, null);

    private static string? Text(byte[]? body) => body is null ? null : Encoding.UTF8.GetString(body);

    private static string Json(StreamCheckpoint checkpoint) =>
        JsonSerializer.Serialize(checkpoint, CheckpointJsonContext.Default.StreamCheckpoint);
}
