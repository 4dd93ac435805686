namespace AshbySource.Protocol;

/// <summary>
/// The only writer of protocol output. Whole buffers of complete lines are appended under a lock and
/// flushed, so stdout never holds a partial line or a message from two writers at once.
/// </summary>
internal sealed class MessageWriter : IDisposable
{
    private readonly Stream _output;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly MessageBuffer _scratch;

    public MessageWriter(Stream output, SecretRedactor redactor, TimeProvider time)
    {
        _output = output;
        _redactor = redactor;
        _time = time;
        _scratch = new MessageBuffer(redactor, time);
    }

    /// <summary>A fresh buffer for one producer (one stream's emitter).</summary>
    public MessageBuffer CreateBuffer() => new(_redactor, _time);

    /// <summary>Appends the buffer's lines to the output, flushes, and empties the buffer.</summary>
    public void Commit(MessageBuffer buffer)
    {
        if (buffer.LineCount == 0)
        {
            return;
        }

        lock (_gate)
        {
            _output.Write(buffer.WrittenMemory.Span);
            _output.Flush();
        }

        buffer.Clear();
    }

    /// <summary>Writes a single message built by <paramref name="build"/> right away.</summary>
    public void Write(Action<MessageBuffer> build)
    {
        lock (_gate)
        {
            build(_scratch);
            _output.Write(_scratch.WrittenMemory.Span);
            _output.Flush();
            _scratch.Clear();
        }
    }

    public void Log(LogLevel level, string message) => Write(b => b.Log(level, message));

    public void Dispose() => _scratch.Dispose();
}
