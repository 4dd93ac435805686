using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Sync;

/// <summary>
/// Writes one stream's protocol output from what its pager yields: records byte for byte, a STATE after each
/// page with <c>sourceStats.recordCount</c>, stream statuses, and log lines. Everything goes through the stream's
/// own buffer, committed a page at a time, so lines of parallel streams never interleave and every STATE follows
/// the records it covers.
/// </summary>
internal sealed class StreamEmitter(string stream, MessageWriter writer, ConnectorLog log) : IDisposable
{
    private readonly MessageBuffer _buffer = writer.CreateBuffer();

    /// <summary>Where a child row is put together with its parent key in front.</summary>
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private long _recordsSinceState;
    private byte[]? _lastState;
    private bool _running;

    /// <summary>The owner of the stream's pooled pages: each goes back to the pool once written, the rest when the stream ends.</summary>
    public PageOwner Pages { get; } = new();

    public void Status(StreamStatus status)
    {
        _buffer.StreamStatus(stream, status);
        writer.Commit(_buffer);
    }

    /// <summary>Writes every event of the stream's passes; each page goes back to the pool once written.</summary>
    public async Task EmitAsync(IAsyncEnumerable<PassEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var passEvent in events.WithCancellation(cancellationToken))
        {
            switch (passEvent)
            {
                case PageRead read:
                    Page(read);
                    Pages.Release(read.Page);
                    break;
                case Checkpointed checkpointed:
                    Running();
                    State(checkpointed.Checkpoint);
                    writer.Commit(_buffer);
                    break;
                case NothingToRead nothing:
                    State(nothing.Checkpoint);
                    writer.Commit(_buffer);
                    break;
                case RateLimited limited:
                    _buffer.StreamStatus(stream, StreamStatus.Running, limited.ResumeAt.ToUnixTimeMilliseconds());
                    writer.Commit(_buffer);
                    break;
                case PassNote note:
                    writer.Commit(_buffer);
                    log.Write(note.Level, note.Message);
                    break;
            }
        }
    }

    /// <summary>
    /// Ends the stream as INCOMPLETE with its error. Records still buffered are covered by no state: they are
    /// dropped, and the next sync reads them again.
    /// </summary>
    public void Fail(ConnectorException error)
    {
        _buffer.Clear();
        _buffer.StreamStatus(stream, StreamStatus.Incomplete);
        _buffer.Error(error.Message, error.FailureType, error.InternalMessage, stream);
        writer.Commit(_buffer);
    }

    public void Dispose()
    {
        _buffer.Dispose();
        Pages.Dispose();
    }

    private void Running()
    {
        if (!_running)
        {
            _buffer.StreamStatus(stream, StreamStatus.Running);
            _running = true;
        }
    }

    /// <summary>
    /// Writes a page's rows and, when it has one, its checkpoint. A child stream's page without a checkpoint is
    /// committed too, so memory stays bounded however many rows one parent has; the checkpoint after the parent
    /// covers them.
    /// </summary>
    private void Page(PageRead read)
    {
        Running();
        var page = read.Page;
        if (read.Rows is { } rows)
        {
            foreach (var slice in rows.Slices)
            {
                var row = page.RecordAt(slice.Record).Slice(slice.Start, slice.Length);
                Record(slice.ParentKey is { } key ? RawRecord.WithParentKey(row, rows.AddedField, key, slice.NullAt, _row) : row);
            }
        }
        else
        {
            for (var i = 0; i < page.RecordCount; i++)
            {
                Record(page.RecordAt(i));
            }
        }

        _recordsSinceState += read.RowCount;
        if (read.Checkpoint is { } checkpoint)
        {
            State(checkpoint);
        }

        writer.Commit(_buffer);
    }

    private void Record(ReadOnlySpan<byte> record)
    {
        if (Utf8.IsValid(record))
        {
            _buffer.Record(stream, record);
        }
        else
        {
            Repair(record);
        }
    }

    /// <summary>
    /// Writes a record holding bytes that are not UTF-8 with each bad sequence replaced by U+FFFD, and says so.
    /// JSON parsers pass such bytes inside strings through untouched, but one of them on stdout makes every
    /// downstream reader reject the line. Decoding and encoding again keeps every valid byte as it was.
    /// </summary>
    private void Repair(ReadOnlySpan<byte> record)
    {
        var repaired = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(record));
        _buffer.Record(stream, repaired);
        _buffer.Log(LogLevel.Warn, $"Stream {stream}: record {RawRecord.TopLevelString(repaired, "id") ?? "without an id"} held bytes that are not valid UTF-8; they were replaced with U+FFFD.");
    }

    /// <summary>Writes a STATE unless it is identical to the previous one.</summary>
    private void State(StreamCheckpoint checkpoint)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.StreamCheckpoint);
        if (_lastState is not null && bytes.AsSpan().SequenceEqual(_lastState))
        {
            // The same state again would tell the platform nothing new; its records count towards the next one.
            return;
        }

        _lastState = bytes;
        _buffer.StreamState(stream, json => json.WriteRawValue(bytes, skipInputValidation: true), _recordsSinceState);
        _recordsSinceState = 0;
    }
}
