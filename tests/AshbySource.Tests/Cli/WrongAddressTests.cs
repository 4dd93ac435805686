using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.Cli;

/// <summary>
/// A base_url that is not Ashby's API (refused, unresolvable, untrusted TLS, a web page, a 404, a redirect) is
/// reported within 30 s, naming the address and what happened; redirects are never followed.
/// </summary>
public sealed class WrongAddressTests(ITestOutputHelper output)
{
    private const string Canary = TestClient.Canary;

    /// <summary>Runs a command with the production retry settings on the real clock: no waits are expected.</summary>
    private async Task<RunResult> RunWithin30Seconds(string baseUrl, params string[] command)
    {
        using var run = new ConnectorRun(time: TimeProvider.System) { TuneHttp = o => o };
        var args = command.Concat(["--config", run.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary, baseUrl: baseUrl))]);
        if (command[0] == "read")
        {
            args = args.Concat(["--catalog", run.WriteFile("catalog.json", ConnectorRun.Catalog(("candidates", "full_refresh")))]);
        }

        var clock = Stopwatch.StartNew();
        var task = run.RunAsync([.. args]);
        (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(task, "a wrong address is reported within 30 s");
        var result = await task;
        output.WriteLine($"{string.Join(' ', command)} took {clock.Elapsed} (wall), exit {result.ExitCode}: {(result.Lines.Count > 0 ? result.Lines[^1] : "")}");
        return result;
    }

    private static string FailedCheck(RunResult result)
    {
        result.ExitCode.Should().Be(0);
        (result.Stdout + result.Stderr).Should().NotContain(Canary);
        var status = result.OfType("CONNECTION_STATUS").Single()["connectionStatus"]!;
        ((string?)status["status"]).Should().Be("FAILED");
        return (string)status["message"]!;
    }

    private static int FreePortThatRefuses()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Check_ConnectionRefused_FailsAtOnceNamingTheAddress()
    {
        var port = FreePortThatRefuses();

        var result = await RunWithin30Seconds($"http://127.0.0.1:{port}/", "check");

        FailedCheck(result).Should().Contain($"127.0.0.1:{port}").And.Contain("refused").And.Contain("base_url");
    }

    [Fact]
    public async Task Check_PathWithoutAshby_Http404_FailsNamingTheAddressNotABug()
    {
        await using var server = LoopbackServer.Answering(LoopbackServer.Response("404 Not Found", "<html>Not Found</html>", "text/html"));

        var result = await RunWithin30Seconds(server.BaseUrl + "v1/", "check");

        FailedCheck(result).Should().Contain($"127.0.0.1:{server.Port}/v1/apiKey.info").And.Contain("404").And.Contain("base_url").And.NotContain("connector bug");
    }

    [Fact]
    public async Task Check_ServerThatIsNotAshby_WebPage_FailsAtOnce()
    {
        await using var server = LoopbackServer.Answering(LoopbackServer.Response("200 OK", "<!doctype html><html>Welcome</html>", "text/html"));

        var result = await RunWithin30Seconds(server.BaseUrl, "check");

        FailedCheck(result).Should().Contain($"127.0.0.1:{server.Port}").And.Contain("not JSON").And.Contain("base_url");
        server.Requests.Should().Be(1);
    }

    [Fact]
    public async Task Check_UntrustedTlsCertificate_FailsAtOnce()
    {
        await using var server = new LoopbackServer((_, _, _) => Task.CompletedTask, LoopbackServer.SelfSignedCertificate());

        var result = await RunWithin30Seconds(server.BaseUrl, "check");

        FailedCheck(result).Should().Contain($"https://127.0.0.1:{server.Port}").And.Contain("TLS").And.Contain("not trusted");
        server.Requests.Should().Be(0, "nothing is sent over a connection the connector does not trust");
    }

    [Fact]
    public async Task Check_NameThatDoesNotResolve_FailsAtOnce()
    {
        // A real lookup of a bogus name would query the resolver, which is not loopback: the handler throws what a failed lookup throws.
        using var handler = new AsyncHandler((_, _) => throw new HttpRequestException(
            HttpRequestError.NameResolutionError, "Name or service not known (ashby.invalid:443)", new SocketException((int)SocketError.HostNotFound)));
        var time = new FakeClock();
        using var run = new ConnectorRun(handler, time) { TuneHttp = o => o with { Randomizer = () => 0.5 } };
        var start = time.GetUtcNow();

        var result = await run.RunAsync("check", "--config", run.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary, baseUrl: "https://ashby.invalid/")));

        output.WriteLine($"took {time.GetUtcNow() - start} on the fake clock, {handler.Requests} attempts: {(result.Lines.Count > 0 ? result.Lines[^1] : "")}");
        (time.GetUtcNow() - start).Should().BeLessThan(TimeSpan.FromSeconds(30));
        FailedCheck(result).Should().Contain("https://ashby.invalid/apiKey.info").And.Contain("DNS");
        handler.Requests.Should().Be(1);
    }

    [Fact]
    public async Task Check_AddressThatNeverAnswers_GivesUpWithin30SecondsOfTheClock()
    {
        using var handler = new AsyncHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null!;
        });
        var time = new FakeClock();
        using var run = new ConnectorRun(handler, time) { TuneHttp = o => o with { Randomizer = () => 0.5 } };
        var start = time.GetUtcNow();

        var result = await run.RunAsync("check", "--config", run.WriteFile("config.json", ConnectorRun.Config(apiKey: Canary)));

        output.WriteLine($"took {time.GetUtcNow() - start} on the fake clock, {handler.Requests} attempts: {(result.Lines.Count > 0 ? result.Lines[^1] : "")}");
        (time.GetUtcNow() - start).Should().BeLessThan(TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0);
        result.Errors.Should().BeEmpty("check answers with a status, not a crash");
        FailedCheck(result).Should().Contain("apiKey.info").And.Contain("no complete answer");
        (result.Stdout + result.Stderr).Should().NotContain(Canary);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(307)]
    public async Task Check_RedirectToAnotherHost_IsNotFollowed_AndNamesTheLocation(int status)
    {
        await using var elsewhere = LoopbackServer.Answering(LoopbackServer.Response("401 Unauthorized", "Unauthorized", "text/plain"));
        var location = elsewhere.BaseUrl + "apiKey.info";
        await using var server = LoopbackServer.Answering($"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n");

        var result = await RunWithin30Seconds(server.BaseUrl, "check");

        FailedCheck(result).Should().Contain(location).And.Contain("redirect").And.Contain("base_url").And.NotContain("rejected the API key");
        elsewhere.Requests.Should().Be(0, "the API key is not sent to wherever a redirect points");
    }

    public static TheoryData<string> ReadFailures => new() { "refused", "404", "not JSON" };

    [Theory]
    [MemberData(nameof(ReadFailures))]
    public async Task Read_FirstRequestToAWrongAddress_FailsNamingTheAddress(string failure)
    {
        await using var server = failure == "404"
            ? LoopbackServer.Answering(LoopbackServer.Response("404 Not Found", "Not Found", "text/plain"))
            : LoopbackServer.Answering(LoopbackServer.Response("200 OK", "<html>proxy login</html>", "text/html"));
        var baseUrl = failure == "refused" ? $"http://127.0.0.1:{FreePortThatRefuses()}/" : server.BaseUrl;

        var result = await RunWithin30Seconds(baseUrl, "read");

        result.ExitCode.Should().Be(1);
        (result.Stdout + result.Stderr).Should().NotContain(Canary);
        result.Errors.Should().NotBeEmpty().And.OnlyContain(e => (string?)e["failure_type"] == "config_error");
        ((string?)result.Errors.First()["message"]).Should().Contain(baseUrl + "candidate.list").And.Contain(failure).And.Contain("base_url");
    }
}
