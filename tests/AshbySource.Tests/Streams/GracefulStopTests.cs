using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Cli;
using AshbySource.Http;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Streams;

public sealed class GracefulStopTests : IDisposable
{
    private readonly FakeAshbyHandler _ashby = new();
    private readonly ConnectorRun _files = new();

    [Fact]
    public async Task Stop_MidStream_EndsWithWholeLinesTheLastStateAndANonZeroExit()
    {
        using var stop = new CancellationTokenSource();
        var pages = 0;
        _ashby.Fallback = request =>
        {
            if (Interlocked.Increment(ref pages) == 3)
            {
                // The orchestrator sends SIGTERM while the third page is in flight.
                stop.Cancel();
            }

            var page = request.Body["cursor"] is { } c ? int.Parse(((string)c!)[1..], System.Globalization.CultureInfo.InvariantCulture) : 1;
            return FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 10, page * 10), more: true, nextCursor: $"p{page + 1}"));
        };
        using var stdout = new MemoryStream();
        var app = new ConnectorApp(stdout, TextWriter.Null, TimeProvider.System, new AshbyHttpOptions { Time = TimeProvider.System, PrimaryHandler = _ashby, MaxRetries = 1 });
        var config = _files.WriteFile("config.json", ConnectorRun.Config(extra: ""","requests_per_minute":6000"""));
        var catalog = _files.WriteFile("catalog.json", ConnectorRun.Catalog(("candidates", "incremental")));

        var exit = await app.RunAsync(["read", "--config", config, "--catalog", catalog], stop.Token);

        var text = Encoding.UTF8.GetString(stdout.ToArray());
        exit.Should().NotBe(0, text);
        text.Should().Contain("\"STATE\"", text);
        text.Should().EndWith("\n");
        var messages = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var lastState = messages.Last(m => (string?)m["type"] == "STATE")["state"]!["stream"]!["stream_state"]!;
        var recordsBeforeLastState = messages.TakeWhile(m => !ReferenceEquals(m["state"]?["stream"]?["stream_state"], lastState)).Count(m => (string?)m["type"] == "RECORD");
        ((string?)lastState["pass"]!["cursor"]).Should().Be($"p{(recordsBeforeLastState / 10) + 1}", "the last state points at the page after the last records emitted");
        messages.Where(m => (string?)m["type"] == "RECORD").Should().HaveCount(recordsBeforeLastState, "no record is emitted after the last state");
        messages.Select(m => (string?)m["trace"]?["stream_status"]?["status"]).Should().Contain("INCOMPLETE");
        messages.Select(m => (string?)m["trace"]?["error"]?["failure_type"]).Should().Contain("transient_error");
    }

    public void Dispose()
    {
        _files.Dispose();
        _ashby.Dispose();
    }
}
