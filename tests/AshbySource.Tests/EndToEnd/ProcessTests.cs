using System.Diagnostics;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.EndToEnd;

/// <summary>The real executable as an orchestrator starts it: stdout purity and the stop signal.</summary>
public sealed class ProcessTests
{
    private static readonly string Connector = Path.Combine(AppContext.BaseDirectory, "source-ashby.dll");

    [Fact]
    public async Task Spec_StdoutIsExactlyOneProtocolLine()
    {
        using var process = Start(["spec"]);
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
        var config = files.WriteFile("config.json", ashby.Config(extra: ""","page_size":20"""));
        var catalog = files.WriteFile("catalog.json", ReadAssertions.FullCatalog("incremental"));
        using var process = Start(["read", "--config", config, "--catalog", catalog]);
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

    private static Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Connector);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}
