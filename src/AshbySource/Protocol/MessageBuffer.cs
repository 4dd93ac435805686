using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace AshbySource.Protocol;

/// <summary>
/// Builds protocol messages, one compact JSON object per line, into memory. A stream's emitter fills its own
/// buffer with a page of records and the state that covers them, then hands it to <see cref="MessageWriter"/>
/// in one piece, so parallel streams never interleave inside a line and each STATE follows its records.
/// </summary>
internal sealed class MessageBuffer : IDisposable
{
    // The relaxed encoder keeps quotes and apostrophes readable in messages; it still escapes what JSON requires.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly byte[] EmittedAtName = ",\"emitted_at\":"u8.ToArray();

    /// <summary>The most <see cref="WriteRecordEnd"/> writes: the name, a long's 20 characters, <c>}}</c> and the newline.</summary>
    private static readonly int RecordEndLength = EmittedAtName.Length + 20 + 3;

    private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private string? _prefixStream;
    private byte[] _prefix = [];

    public MessageBuffer(SecretRedactor redactor, TimeProvider time)
    {
        _redactor = redactor;
        _time = time;
        _json = new Utf8JsonWriter(_bytes, WriterOptions);
    }

    /// <summary>Number of whole lines waiting in the buffer.</summary>
    public int LineCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.WrittenMemory;

    public void Clear()
    {
        _bytes.ResetWrittenCount();
        LineCount = 0;
    }

    /// <summary>
    /// Writes a RECORD whose <c>data</c> is the raw JSON of the object exactly as Ashby sent it, so numbers
    /// and strings are never re-encoded (no precision lost, no <c>1</c> turned into <c>1.0</c>).
    /// </summary>
    /// <remarks>
    /// A record is most of what a sync writes, so it is put together from bytes: the stream's prefix (made once by
    /// the same JSON writer as every other message, so the stream name is escaped alike), the raw data, and the
    /// <c>emitted_at</c> ending, which is what <see cref="Utf8JsonWriter"/> writes for that call sequence byte for byte.
    /// </remarks>
    public void Record(string stream, ReadOnlySpan<byte> rawData)
    {
        var emittedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (rawData.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            // A pretty-printed answer would break the one-message-per-line rule: re-write it compactly.
            RecordRewritten(stream, rawData, emittedAt);
            return;
        }

        // Raw JSON from a validated page: a line break can only be insignificant whitespace, and none is here.
        var prefix = RecordPrefix(stream);
        var line = _bytes.GetSpan(prefix.Length + rawData.Length + RecordEndLength);
        prefix.CopyTo(line);
        rawData.CopyTo(line[prefix.Length..]);
        var length = prefix.Length + rawData.Length;
        length += WriteRecordEnd(line[length..], emittedAt);
        _bytes.Advance(length);
        LineCount++;
    }

    /// <summary>
    /// Writes <c>,"emitted_at":N}}</c> and the newline, as <see cref="Utf8JsonWriter.WriteNumber(ReadOnlySpan{byte}, long)"/>
    /// and two ends of objects write them; returns the number of bytes.
    /// </summary>
    internal static int WriteRecordEnd(Span<byte> destination, long emittedAt)
    {
        EmittedAtName.CopyTo(destination);
        var length = EmittedAtName.Length;
        if (!emittedAt.TryFormat(destination[length..], out var digits, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The record's end does not fit the space reserved for it.");
        }

        length += digits;
        "}}\n"u8.CopyTo(destination[length..]);
        return length + 3;
    }

    /// <summary>
    /// <c>{"type":"RECORD","record":{"stream":NAME,"data":</c> for <paramref name="stream"/>, written by the message
    /// writer itself; kept for the stream's next record (a buffer serves one stream).
    /// </summary>
    internal byte[] RecordPrefix(string stream)
    {
        if (stream != _prefixStream)
        {
            var bytes = new ArrayBufferWriter<byte>(64);
            using (var json = new Utf8JsonWriter(bytes, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "RECORD"u8);
                json.WriteStartObject("record"u8);
                json.WriteString("stream"u8, stream);
                json.WritePropertyName("data"u8);
            }

            _prefix = bytes.WrittenSpan.ToArray();
            _prefixStream = stream;
        }

        return _prefix;
    }

    /// <summary>
    /// Writes a record whose raw JSON holds line breaks: the same prefix and ending, the data re-written compactly
    /// (JsonElement.WriteTo keeps each number's original text).
    /// </summary>
    private void RecordRewritten(string stream, ReadOnlySpan<byte> rawData, long emittedAt)
    {
        _bytes.Write(RecordPrefix(stream));
        using (var document = JsonDocument.Parse(rawData.ToArray()))
        using (var data = new Utf8JsonWriter(_bytes, WriterOptions))
        {
            document.RootElement.WriteTo(data);
        }

        _bytes.Advance(WriteRecordEnd(_bytes.GetSpan(RecordEndLength), emittedAt));
        LineCount++;
    }

    /// <summary>
    /// A per-stream STATE. <paramref name="recordCount"/> is the number of records of that stream since its
    /// previous STATE; the protocol types it as a number and its docs write it with a decimal point.
    /// </summary>
    public void StreamState(string stream, Action<Utf8JsonWriter> writeStreamState, long recordCount)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, "STATE"u8);
        _json.WriteStartObject("state"u8);
        _json.WriteString("type"u8, "STREAM"u8);
        _json.WriteStartObject("stream"u8);
        _json.WriteStartObject("stream_descriptor"u8);
        _json.WriteString("name"u8, stream);
        _json.WriteEndObject();
        _json.WritePropertyName("stream_state"u8);
        writeStreamState(_json);
        _json.WriteEndObject();
        _json.WriteStartObject("sourceStats"u8);
        _json.WritePropertyName("recordCount"u8);
        _json.WriteRawValue(recordCount.ToString(CultureInfo.InvariantCulture) + ".0", skipInputValidation: true);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
    }

    public void StreamStatus(string stream, StreamStatus status, long? rateLimitedUntilMs = null)
    {
        StartTrace("STREAM_STATUS"u8);
        _json.WriteStartObject("stream_status"u8);
        _json.WriteStartObject("stream_descriptor"u8);
        _json.WriteString("name"u8, stream);
        _json.WriteEndObject();
        _json.WriteString("status"u8, status.ToWireName());
        if (rateLimitedUntilMs is { } resetAt)
        {
            _json.WriteStartArray("reasons"u8);
            _json.WriteStartObject();
            _json.WriteString("type"u8, "RATE_LIMITED"u8);
            _json.WriteStartObject("rate_limited"u8);
            _json.WriteNumber("quota_reset"u8, resetAt);
            _json.WriteEndObject();
            _json.WriteEndObject();
            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        EndTrace();
    }

    public void Error(string message, FailureType failureType, string? internalMessage = null, string? stream = null)
    {
        StartTrace("ERROR"u8);
        _json.WriteStartObject("error"u8);
        _json.WriteString("message"u8, _redactor.Redact(message));
        if (internalMessage is not null)
        {
            _json.WriteString("internal_message"u8, _redactor.Redact(internalMessage));
        }

        _json.WriteString("failure_type"u8, failureType.ToWireName());
        if (stream is not null)
        {
            _json.WriteStartObject("stream_descriptor"u8);
            _json.WriteString("name"u8, stream);
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        EndTrace();
    }

    public void Log(LogLevel level, string message)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, "LOG"u8);
        _json.WriteStartObject("log"u8);
        _json.WriteString("level"u8, level.ToWireName());
        _json.WriteString("message"u8, _redactor.Redact(message));
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
    }

    public void ConnectionStatus(bool succeeded, string? message)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, "CONNECTION_STATUS"u8);
        _json.WriteStartObject("connectionStatus"u8);
        _json.WriteString("status"u8, succeeded ? "SUCCEEDED"u8 : "FAILED"u8);
        if (message is not null)
        {
            _json.WriteString("message"u8, _redactor.Redact(message));
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>A message whose payload is a prepared JSON value, e.g. SPEC or CATALOG.</summary>
    public void Payload(string type, string member, Action<Utf8JsonWriter> writePayload)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, type);
        _json.WritePropertyName(member);
        writePayload(_json);
        _json.WriteEndObject();
        EndLine();
    }

    public void Dispose() => _json.Dispose();

    private void StartTrace(ReadOnlySpan<byte> traceType)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, "TRACE"u8);
        _json.WriteStartObject("trace"u8);
        _json.WriteString("type"u8, traceType);
        _json.WriteNumber("emitted_at"u8, _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private void EndTrace()
    {
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
    }

    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        _bytes.Write(NewLine);
        LineCount++;
    }
}
