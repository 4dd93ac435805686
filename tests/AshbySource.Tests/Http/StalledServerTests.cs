using System.Net;
using System.Text;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.Http;

/// <summary>A server that stops answering fails the request within 5 minutes of the injected clock, whatever shape the stall takes.</summary>
public sealed class StalledServerTests(ITestOutputHelper output) : FakeClockClientTest
{
    private static readonly byte[] HalfPage = Encoding.UTF8.GetBytes("""{"success":true,"results":[{"id":"c-0"},{"id":"c-1"},{"id":""");

    public enum Stall
    {
        NoAnswer,
        HalfBody,
        Trickle,
    }

    [Theory]
    [InlineData(Stall.NoAnswer)]
    [InlineData(Stall.HalfBody)]
    [InlineData(Stall.Trickle)]
    public async Task StalledServer_FailsTheRequestAsTransientWithinFiveMinutes(Stall stall)
    {
        using var handler = new AsyncHandler(async (_, ct) =>
        {
            if (stall == Stall.NoAnswer)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(HalfPage, Time, trickle: stall == Stall.Trickle)) };
        });
        using var client = Client(handler);

        var (error, elapsed) = await PostFailsAsync(client);

        output.WriteLine($"{stall}: failed after {elapsed} on the fake clock, {handler.Requests} attempts: {error.Message}");
        elapsed.Should().BeLessThan(TimeSpan.FromMinutes(5));
        handler.Requests.Should().BeGreaterThan(2, "a stall is retried a few times first");
        error.FailureType.Should().Be(FailureType.TransientError);
        error.Message.Should().Contain("candidate.list").And.NotContain(TestClient.Canary);
    }

    [Fact]
    public async Task FastFailures_AreStillRetriedEightTimes()
    {
        using var handler = new AsyncHandler((_, _) => Task.FromResult(FakeAshbyHandler.Text("down", HttpStatusCode.ServiceUnavailable)));
        using var client = Client(handler);

        (await PostFailsAsync(client)).Error.FailureType.Should().Be(FailureType.TransientError);
        handler.Requests.Should().Be(9);
    }
}
