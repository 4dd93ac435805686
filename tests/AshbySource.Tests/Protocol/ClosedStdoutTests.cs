using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Protocol;

/// <summary>
/// A reader that goes away (<c>read … | head -1</c>): once nothing can be written, nothing more is read.
/// The real process is covered in ProcessTests; here stdout is a stream that fails like a broken pipe.
/// </summary>
public sealed class ClosedStdoutTests : FakeAshbyTest
{
    [Fact]
    public async Task BrokenPipe_StopsEveryStreamAndExitsNonZero()
    {
        // Every stream pages on and on; the fake ends a stream only so that a connector that never stops still finishes.
        var served = 0;
        Ashby.Fallback = _ => FakeAshbyHandler.Json(FakeAshbyHandler.Page(FakeAshbyHandler.Rows("r", 5, served * 5), more: Interlocked.Increment(ref served) < 3_000, nextCursor: $"c{served}"));
        var stdout = new BrokenPipeStream(failAfterBytes: 4_000, onBreak: () => Ashby.Requests.Count);
        Connector.Stdout = () => stdout;
        var streams = new[] { "candidates", "users", "jobs", "applications" };

        var result = await Connector.ReadAsync(ConnectorRun.Config(extra: ""","max_concurrent_streams":4"""), ConnectorRun.Catalog(streams.Select(s => (s, "full_refresh")).ToArray()));

        result.ExitCode.Should().NotBe(0);
        stdout.RequestsAtBreak.Should().NotBeNull("the pipe broke during the sync");
        Ashby.Requests.Count.Should().BeLessThanOrEqualTo(stdout.RequestsAtBreak!.Value + streams.Length, "at most the request each stream had in flight is sent after the break");
        stdout.WritesAfterBreak.Should().Be(0, "nothing is written once the pipe is known to be closed");
    }

    /// <summary>Accepts <c>failAfterBytes</c>, then fails every write as a write to a closed pipe does (EPIPE).</summary>
    private sealed class BrokenPipeStream(int failAfterBytes, Func<int> onBreak) : MemoryStream
    {
        public int? RequestsAtBreak { get; private set; }

        public int WritesAfterBreak { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (RequestsAtBreak is not null)
            {
                WritesAfterBreak++;
                throw new IOException("Broken pipe");
            }

            if (Length + count > failAfterBytes)
            {
                RequestsAtBreak = onBreak();
                throw new IOException("Broken pipe");
            }

            base.Write(buffer, offset, count);
        }
    }
}
