using System.Net;
using AshbySource.Http;
using AshbySource.Protocol;
using Xunit.Abstractions;

namespace AshbySource.Tests.Http;

/// <summary>A body that never ends (a decompression bomb) is cut off at the cap and fails the request once, without retries.</summary>
public sealed class BodyCapTests(ITestOutputHelper output) : FakeClockClientTest
{
    [Fact]
    public async Task EndlessBody_FailsOnceAsASystemErrorNamingTheEndpointAndTheCap()
    {
        using var handler = new AsyncHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new Whitespace(2L << 30)) }));
        using var client = Client(handler);

        var error = (await PostFailsAsync(client)).Error;

        output.WriteLine($"{handler.Requests} attempts: {error.FailureType}: {error.Message}");
        error.FailureType.Should().Be(FailureType.SystemError);
        error.Message.Should().Contain("candidate.list").And.Contain("64 MiB").And.NotContain(TestClient.Canary);
        handler.Requests.Should().Be(1, "a body that is too large is too large again");
    }

    [Fact]
    public async Task DeclaredLengthAboveTheCap_IsNotRead()
    {
        var body = new Whitespace(1L << 30);
        using var handler = new AsyncHandler((_, _) =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = 1L << 30;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        using var client = Client(handler);

        (await PostFailsAsync(client)).Error.FailureType.Should().Be(FailureType.SystemError);
        body.Position.Should().Be(0);
    }

    /// <summary>A body of <paramref name="length"/> spaces, made up as it is read.</summary>
    private sealed class Whitespace(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
