namespace AshbySource.Protocol;

/// <summary>
/// The only writer of protocol output. Whole buffers of complete lines are appended under a lock and
/// flushed, so stdout never holds a partial line or a message from two writers at once. When the output
/// fails (the reader closed the pipe: <c>read … | head -1</c>), nothing can be written any more: the writer
/// says so through <see cref="Closed"/>, which stops every stream, and drops what it is given afterwards.
/// </summary>
internal sealed class MessageWriter : IDisposable
{
    private readonly Stream _output;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly MessageBuffer _scratch;
    private readonly CancellationTokenSource _closed = new();
    private bool _broken;

    public MessageWriter(Stream output, SecretRedactor redactor, TimeProvider time)
    {
        _output = output;
        _redactor = redactor;
        _time = time;
        _scratch = new MessageBuffer(redactor, time);
    }

    /// <summary>Cancelled once the output fails: nothing more can be written, so nothing more is to be read.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Whether the output failed; the run then ends non-zero.</summary>
    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>A fresh buffer for one producer (one stream's emitter).</summary>
    public MessageBuffer CreateBuffer() => new(_redactor, _time);

    /// <summary>Appends the buffer's lines to the output, flushes, and empties the buffer.</summary>
    public void Commit(MessageBuffer buffer)
    {
        if (buffer.LineCount == 0)
        {
            return;
        }

        try
        {
            lock (_gate)
            {
                Send(buffer.WrittenMemory.Span);
            }
        }
        finally
        {
            buffer.Clear();
        }

        StopIfBroken();
    }

    /// <summary>Writes a single message built by <paramref name="build"/> right away.</summary>
    public void Write(Action<MessageBuffer> build)
    {
        lock (_gate)
        {
            build(_scratch);
            try
            {
                Send(_scratch.WrittenMemory.Span);
            }
            finally
            {
                _scratch.Clear();
            }
        }

        StopIfBroken();
    }

    public void Log(LogLevel level, string message) => Write(b => b.Log(level, message));

    public void Dispose()
    {
        _scratch.Dispose();
        _closed.Dispose();
    }

    /// <summary>Writes and flushes under the lock; after a failed write, drops everything.</summary>
    private void Send(ReadOnlySpan<byte> lines)
    {
        if (_broken)
        {
            return;
        }

        try
        {
            _output.Write(lines);
            _output.Flush();
        }
        catch (IOException)
        {
            // EPIPE and the like: the reader is gone. The exception is not rethrown, because whoever is writing
            // could only try to write about it; Closed stops the streams instead.
            _broken = true;
        }
    }

    /// <summary>Cancels <see cref="Closed"/> outside the lock, so the streams it stops can never wait on it.</summary>
    private void StopIfBroken()
    {
        if (Volatile.Read(ref _broken) && !_closed.IsCancellationRequested)
        {
            _closed.Cancel();
        }
    }
}
