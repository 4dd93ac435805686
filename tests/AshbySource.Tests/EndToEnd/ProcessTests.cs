using System.Diagnostics;
using Xunit.Abstractions;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>The real executable as an orchestrator starts it: stdout purity and the stop signal.</summary>
public sealed class ProcessTests(ITestOutputHelper output) : SlowTests
{
    [Fact]
    public async Task Spec_StdoutIsExactlyOneProtocolLine()
    {
        using var process = ConnectorProcess.Start(["spec"]);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle();
        ProtocolValidator.CheckLine(lines[0]).Should().BeEmpty();
        stdout.Should().EndWith("\n");
    }

    [Fact]
    public async Task Sigterm_MidSync_FinishesTheLineFlushesAndExitsNonZero()
    {
        await using var ashby = await EmulatorScope.StartAsync(scale: 3000, o => o.LatencyMs = 20);
        using var files = new ConnectorRun();
        using var process = StartLongRead(ashby, files, "incremental");
        var stderr = process.StandardError.ReadToEndAsync();

        var lines = new List<string>();
        var signalled = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (!signalled && lines.Count(l => l.Contains("\"type\":\"STATE\"", StringComparison.Ordinal)) >= 5)
            {
                signalled = true;
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                await kill.WaitForExitAsync();
            }
        }

        await process.WaitForExitAsync();
        await stderr;

        signalled.Should().BeTrue();
        process.ExitCode.Should().NotBe(0);
        lines.SelectMany(ProtocolValidator.CheckLine).Should().BeEmpty("every line, the last one included, is whole");
        var result = new RunResult(process.ExitCode, string.Join('\n', lines) + "\n", string.Empty);
        result.Errors.Should().Contain(e => (string?)e["failure_type"] == "transient_error");
        result.Records().Should().NotBeEmpty();
        result.Records().Count().Should().BeLessThan(5000, "the sync stopped early");
    }

    [Fact]
    public async Task ClosedStdout_StopsReadingAshbyAndExitsNonZero()
    {
        // .NET's console stream pretends a write to a closed pipe succeeded, so only a stdout that reports EPIPE
        // (the runtime ignores SIGPIPE) lets the connector notice that its reader is gone.
        await using var ashby = await EmulatorScope.StartAsync(scale: 3000, o => o.LatencyMs = 20);
        using var files = new ConnectorRun();
        using var process = StartLongRead(ashby, files, "full_refresh");
        var stderr = process.StandardError.ReadToEndAsync();

        // Close the pipe once rows flow, so requests are being sent when the reader goes away.
        while (await process.StandardOutput.ReadLineAsync() is { } line && !line.Contains("\"type\":\"RECORD\"", StringComparison.Ordinal))
        {
        }

        process.StandardOutput.Close();
        var closedAt = Stopwatch.StartNew();
        var requestsAtClose = (long)(await ashby.StatsAsync())["requests"]!;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        var stoppedAfter = closedAt.Elapsed;
        var requestsAtExit = (long)(await ashby.StatsAsync())["requests"]!;
        await stderr;

        output.WriteLine($"exit {(process.HasExited ? process.ExitCode : -1)} {stoppedAfter.TotalMilliseconds:0} ms after stdout closed; {requestsAtClose} requests when it closed, {requestsAtExit} in all");
        process.HasExited.Should().BeTrue();
        stoppedAfter.Should().BeLessThan(TimeSpan.FromSeconds(2), "a closed stdout stops the sync at once");
        requestsAtClose.Should().BePositive("rows were flowing when the pipe closed");
        requestsAtExit.Should().BeLessThan(100, "a whole sync of this dataset takes over 400 requests");
        process.ExitCode.Should().NotBe(0);
        ((long)(await ashby.StatsAsync())["requests"]!).Should().Be(requestsAtExit, "no request follows the exit");
    }

    /// <summary>A read of every stream in small pages, long enough to be interrupted.</summary>
    private static Process StartLongRead(EmulatorScope ashby, ConnectorRun files, string mode)
    {
        var config = files.WriteFile("config.json", ashby.Config(extra: ""","page_size":20"""));
        var catalog = files.WriteFile("catalog.json", ReadAssertions.FullCatalog(mode));
        return ConnectorProcess.Start(["read", "--config", config, "--catalog", catalog]);
    }
}
