using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Protocol;
using AshbySource.Streams;
using AshbySource.Sync;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Sync;

/// <summary>The one writer of a stream's output, fed with pass events directly: no HTTP.</summary>
public sealed class StreamEmitterTests
{
    private static readonly StreamCheckpoint AtP2 = new() { Pass = new PassCheckpoint { Kind = PassCheckpoint.Full, Cursor = "p2" } };

    [Fact]
    public async Task Emit_WritesRecordsByteForByteThenAStateCountingThem()
    {
        const string raw = """{"id":"a","n":1.50,"big":123456789012345678901234567890}""";

        var lines = await EmitAsync(Page($$"""[{{raw}},{"id":"b"}]"""), AtP2);

        lines.Should().HaveCount(4);
        Type(lines[0]).Should().Be("TRACE");
        ((string?)JsonNode.Parse(lines[0])!["trace"]!["stream_status"]!["status"]).Should().Be("RUNNING");
        lines[1].Should().Contain($"\"data\":{raw},");
        lines[3].Should().Contain("\"stream_state\":{\"pass\":{\"kind\":\"full\",\"cursor\":\"p2\"}}},\"sourceStats\":{\"recordCount\":2.0}");
    }

    [Fact]
    public async Task Emit_SameStateTwice_WritesItOnceAndCountsItsRecordsTowardsTheNextState()
    {
        var done = new StreamCheckpoint { FullRefreshComplete = true };

        var lines = await EmitAsync(
            new PageRead(Page("""[{"id":"a"}]"""), AtP2),
            new PageRead(Page("""[{"id":"b"}]"""), AtP2),
            new PageRead(Page("""[{"id":"c"}]"""), done));

        var states = lines.Where(l => Type(l) == "STATE").Select(l => JsonNode.Parse(l)!["state"]!).ToList();
        states.Should().HaveCount(2);
        states.Select(s => (double)s["sourceStats"]!["recordCount"]!).Should().Equal(1, 2);
        lines.Count(l => l.Contains("\"RUNNING\"", StringComparison.Ordinal)).Should().Be(1, "RUNNING is reported once, with the first page");
    }

    [Fact]
    public async Task Emit_DisposesEachPageOnceWritten()
    {
        var page = Page("""[{"id":"a"}]""");

        await EmitAsync(new PageRead(page, AtP2));

        page.Invoking(p => p.RecordAt(0).ToArray()).Should().Throw<ArgumentException>("the page's buffer went back to the pool");
    }

    [Fact]
    public async Task Dispose_ReturnsThePagesOfTheStreamThatWereNeverWritten()
    {
        using var output = new MemoryStream();
        using var writer = new MessageWriter(output, new SecretRedactor(), new FakeClock());
        var emitter = new StreamEmitter("users", writer, new ConnectorLog(writer));
        var stranded = emitter.Pages.Take(Page("""[{"id":"a"}]"""));
        static async IAsyncEnumerable<PassEvent> Failing()
        {
            yield return new PassNote(LogLevel.Info, "a page is on its way");
            await Task.Yield();
            throw new ConnectorException("a layer failed while it held a page", FailureType.SystemError);
        }

        await emitter.Invoking(e => e.EmitAsync(Failing(), CancellationToken.None)).Should().ThrowAsync<ConnectorException>();
        stranded.RecordAt(0).ToArray().Should().NotBeEmpty("the stream has not ended yet");
        emitter.Dispose();

        stranded.Invoking(p => p.RecordAt(0).ToArray()).Should().Throw<ArgumentException>("the stream's end returned the page nobody wrote");
    }

    [Fact]
    public async Task Emit_RateLimitAndNotes_BecomeAStatusWithItsReasonAndLogLines()
    {
        var resumeAt = DateTimeOffset.FromUnixTimeMilliseconds(1767225660000);

        var lines = await EmitAsync(new PassNote(LogLevel.Warn, "careful"), new RateLimited(resumeAt));

        lines[0].Should().Be("""{"type":"LOG","log":{"level":"WARN","message":"careful"}}""");
        lines[1].Should().Contain("\"status\":\"RUNNING\",\"reasons\":[{\"type\":\"RATE_LIMITED\",\"rate_limited\":{\"quota_reset\":1767225660000}}]");
    }

    [Fact]
    public void Fail_DropsBufferedRecordsAndEndsIncompleteWithTheError()
    {
        using var output = new MemoryStream();
        using (var writer = new MessageWriter(output, new SecretRedactor(), new FakeClock()))
        using (var emitter = new StreamEmitter("users", writer, new ConnectorLog(writer)))
        {
            emitter.Fail(new ConnectorException("it broke", FailureType.TransientError));
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => (string?)JsonNode.Parse(l)!["trace"]!["type"]).Should().Equal("STREAM_STATUS", "ERROR");
        lines[0].Should().Contain("\"INCOMPLETE\"");
        lines[1].Should().Contain("\"failure_type\":\"transient_error\"").And.Contain("\"stream_descriptor\":{\"name\":\"users\"}");
    }

    private static Task<List<string>> EmitAsync(AshbySource.Http.AshbyEnvelope page, StreamCheckpoint checkpoint) =>
        EmitAsync(new PageRead(page, checkpoint));

    private static async Task<List<string>> EmitAsync(params PassEvent[] events)
    {
        using var output = new MemoryStream();
        using (var writer = new MessageWriter(output, new SecretRedactor(), new FakeClock()))
        using (var emitter = new StreamEmitter("users", writer, new ConnectorLog(writer)))
        {
            await emitter.EmitAsync(events.ToAsyncEnumerable(), CancellationToken.None);
        }

        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static AshbySource.Http.AshbyEnvelope Page(string results) =>
        AshbyEnvelopeTests.Parse($$"""{"success":true,"results":{{results}},"moreDataAvailable":false}""");

    private static string? Type(string line) => (string?)JsonNode.Parse(line)!["type"];
}
