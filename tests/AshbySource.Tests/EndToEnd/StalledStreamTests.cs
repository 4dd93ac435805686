using System.Net;
using System.Text;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.EndToEnd;

/// <summary>A stalled Ashby fails its stream within 5 minutes of the injected clock; other streams are not held up.</summary>
public sealed class StalledStreamTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StalledEndpoint_FailsOnlyItsStream_AndWritesNoRecordOfTheUnfinishedPage()
    {
        var time = new FakeClock();
        using var handler = new AsyncHandler((request, _) => Task.FromResult(request.RequestUri!.AbsolutePath == "/candidate.list"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(Encoding.UTF8.GetBytes("""{"success":true,"results":[{"id":"c-0"},{"id":"c-1"},{"""), time, trickle: false)) }
            : FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("j", 3), more: false))));
        using var run = new ConnectorRun(handler, time) { TuneHttp = o => o with { Randomizer = () => 0.5 } };
        var start = time.GetUtcNow();

        var result = await run.ReadAsync(ConnectorRun.Config(apiKey: TestClient.Canary), ConnectorRun.Catalog(("candidates", "full_refresh"), ("jobs", "full_refresh")));

        output.WriteLine($"finished after {time.GetUtcNow() - start} on the fake clock, exit {result.ExitCode}: {result.Errors.FirstOrDefault()?["message"]}");
        (time.GetUtcNow() - start).Should().BeLessThan(TimeSpan.FromMinutes(5));
        result.ExitCode.Should().NotBe(0);
        result.Statuses("candidates").Last().Should().Be("INCOMPLETE");
        result.Records("candidates").Should().BeEmpty("the page never arrived whole");
        result.Statuses("jobs").Last().Should().Be("COMPLETE");
        result.Records("jobs").Should().HaveCount(3);
        result.Errors.Should().Contain(e => (string?)e["failure_type"] == "transient_error");
        (result.Stdout + result.Stderr).Should().NotContain(TestClient.Canary);
    }

    public static TheoryData<string> LoopbackStalls => new() { "no answer", "half the headers" };

    [Theory]
    [MemberData(nameof(LoopbackStalls))]
    public async Task LoopbackServerThatStalls_FailsTheStreamWithinFiveMinutes(string stall)
    {
        await using var server = stall == "no answer"
            ? LoopbackServer.Silent()
            : new LoopbackServer(async (_, stream, ct) =>
            {
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: appli"u8.ToArray(), ct);
                await stream.FlushAsync(ct);
                await LoopbackServer.UntilTheClientLeavesAsync(stream, ct);
            });
        var time = new FakeClock();
        using var requests = new RequestsInFlight();

        // The clock moves once every request the connector sent is stalled at the server.
        using var run = new ConnectorRun(requests, time) { Busy = () => !requests.AllWaitingAtTheServer(server.Unanswered), TuneHttp = o => o with { Randomizer = () => 0.5 } };
        var start = time.GetUtcNow();

        var result = await run.ReadAsync(ConnectorRun.Config(apiKey: TestClient.Canary, baseUrl: server.BaseUrl), ConnectorRun.Catalog(("candidates", "full_refresh")));

        output.WriteLine($"{stall}: finished after {time.GetUtcNow() - start} on the fake clock, {server.Requests} attempts, exit {result.ExitCode}: {result.Errors.FirstOrDefault()?["message"]}");
        (time.GetUtcNow() - start).Should().BeLessThan(TimeSpan.FromMinutes(5));
        server.Requests.Should().BeGreaterThan(2, "a stall is retried a few times first");
        result.ExitCode.Should().NotBe(0);
        result.Statuses("candidates").Last().Should().Be("INCOMPLETE");
        result.Errors.Should().NotBeEmpty().And.OnlyContain(e => (string?)e["failure_type"] == "transient_error");
        (result.Stdout + result.Stderr).Should().NotContain(TestClient.Canary);
    }
}
