using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AshbySource.Tests.Http;
using AshbySource.Tests.TestSupport;
using Xunit.Abstractions;

namespace AshbySource.Tests.EndToEnd;

/// <summary>The real executable against a loopback server that answers with a gzip bomb: memory stays bounded.</summary>
public sealed class GzipBombProcessTests(ITestOutputHelper output) : SlowTests
{
    [Fact]
    public async Task GzipBomb_FailsTheStream_AndPeakMemoryStaysUnder512MiB()
    {
        var bomb = GzipOfWhitespace(1024);
        await using var server = new LoopbackServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\n\r\n"), ct);
            await stream.WriteAsync(bomb, ct);
        });
        using var files = new ConnectorRun();
        var config = files.WriteFile("config.json", ConnectorRun.Config(apiKey: TestClient.Canary, baseUrl: server.BaseUrl));
        var catalog = files.WriteFile("catalog.json", ConnectorRun.Catalog(("candidates", "full_refresh")));
        using var process = ConnectorProcess.Start(["read", "--config", config, "--catalog", catalog]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peakKib = 0;
        while (!process.HasExited)
        {
            peakKib = Math.Max(peakKib, PeakResidentKib(process.Id));
            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        var result = new RunResult(process.ExitCode, await stdout, await stderr);

        output.WriteLine($"peak RSS {peakKib / 1024} MiB, {server.Requests} requests, exit {result.ExitCode}: {result.Errors.FirstOrDefault()?["message"]}");
        peakKib.Should().BeGreaterThan(0, "the child's memory was sampled");
        peakKib.Should().BeLessThan(512 * 1024, "the decompressed body is capped and its buffers are not kept");
        result.ExitCode.Should().Be(1);
        result.Statuses("candidates").Last().Should().Be("INCOMPLETE");
        result.Errors.Should().NotBeEmpty().And.OnlyContain(e => (string?)e["failure_type"] == "system_error");
        ((string?)result.Errors.First()["message"]).Should().Contain("candidate.list").And.Contain("MiB");
        (result.Stdout + result.Stderr).Should().NotContain(TestClient.Canary);
    }

    /// <summary>The high-water mark of the process's resident memory (VmHWM), or 0 once it is gone.</summary>
    private static long PeakResidentKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// <paramref name="mebibytes"/> MiB of spaces as gzip: one member of 1 MiB, repeated (a gzip stream may hold
    /// several members, which decompress one after the other), so the test builds a 1 GiB bomb in a millisecond.
    /// </summary>
    private static byte[] GzipOfWhitespace(int mebibytes)
    {
        using var member = new MemoryStream();
        using (var gzip = new GZipStream(member, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Enumerable.Repeat((byte)' ', 1 << 20).ToArray());
        }

        var one = member.ToArray();
        var bomb = new byte[one.Length * mebibytes];
        for (var i = 0; i < mebibytes; i++)
        {
            one.CopyTo(bomb, i * one.Length);
        }

        return bomb;
    }
}
