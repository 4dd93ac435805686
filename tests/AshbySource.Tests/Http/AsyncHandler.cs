namespace AshbySource.Tests.Http;

/// <summary>A handler whose answers are written as async code: they may wait on the fake clock or never return.</summary>
internal sealed class AsyncHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return answer(request, cancellationToken);
    }
}

/// <summary>
/// A body that hands out <paramref name="start"/>, then either stops for good or goes on one byte per second of
/// the fake clock: a server that stalls or trickles mid-body.
/// </summary>
internal sealed class StallingStream(byte[] start, TimeProvider time, bool trickle) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < start.Length)
        {
            var count = Math.Min(buffer.Length, start.Length - _position);
            start.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (!trickle)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        buffer.Span[0] = (byte)' ';
        _position++;
        return 1;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
