using System.Buffers;
using System.Text.Json;

namespace AshbySource.Http;

/// <summary>
/// One parsed Ashby answer. The body stays in a pooled buffer; records are slices of it, so a page is
/// parsed once and its records are copied to stdout byte for byte.
/// </summary>
/// <remarks>
/// Ashby answers <c>{"success":true,"results":…,"moreDataAvailable":…,"nextCursor":…,"syncToken":…}</c>, and
/// logic errors as <c>{"success":false,"errors":[…],"errorInfo":{"code","message","requestId"}}</c>, often with
/// HTTP 200 (https://developers.ashbyhq.com/docs/responses). <c>errors</c> items may be strings or objects.
/// </remarks>
internal sealed class AshbyEnvelope : IDisposable
{
    internal static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    private byte[]? _buffer;
    private readonly int _length;
    private readonly List<(int Start, int Length)> _records = [];
    private (int Start, int Length)? _resultsObject;
    private string? _fieldProblem;
    private string? _resultsProblem = "it has no 'results'";

    /// <summary>Every record is read by the reader itself, without <see cref="RecordScanner"/>.</summary>
    private bool _readerOnly;

    private AshbyEnvelope(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public bool? Success { get; private set; }

    public bool MoreDataAvailable { get; private set; }

    public string? NextCursor { get; private set; }

    public string? SyncToken { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string? RequestId { get; private set; }

    /// <summary>
    /// Why a success answer cannot be read as a list page: <c>results</c> missing or not an array, or a paging
    /// field of the wrong type. Null when it can. A caller that pages must not take such an answer for an empty one.
    /// </summary>
    public string? ListProblem => _fieldProblem ?? _resultsProblem;

    /// <summary>
    /// Why a success answer of an <c>.info</c> endpoint cannot be read as its one object: <c>results</c> missing or
    /// not an object. Null when it can; the object is then the answer's one record.
    /// </summary>
    public string? ObjectProblem { get; private set; } = "it has no 'results'";

    public int RecordCount => _records.Count;

    /// <summary>The raw JSON of record <paramref name="index"/> of <c>results</c>; an object <c>results</c> is record 0.</summary>
    public ReadOnlySpan<byte> RecordAt(int index)
    {
        var (start, length) = _records[index];
        return _buffer.AsSpan(start, length);
    }

    /// <summary>The raw JSON of <c>results</c> when it is an object (e.g. <c>apiKey.info</c>).</summary>
    public ReadOnlySpan<byte> ResultsObject => _resultsObject is { } r ? _buffer.AsSpan(r.Start, r.Length) : default;

    /// <summary>
    /// Parses a body that was rented from <see cref="ArrayPool{T}.Shared"/>; on success the envelope owns the
    /// buffer. Throws <see cref="JsonException"/> when the body is not one complete JSON object (for example cut
    /// off mid-way), which callers treat as a transient fault; the buffer then stays the caller's.
    /// <paramref name="scan"/> holds the records already located while the body arrived (see <see cref="PageScan"/>).
    /// </summary>
    public static AshbyEnvelope Parse(byte[] pooledBuffer, int length, PageScan? scan = null)
    {
        var envelope = new AshbyEnvelope(pooledBuffer, length);
        try
        {
            envelope.ParseBody(scan is { Usable: true } ? scan : null);
        }
        catch (JsonException)
        {
            // The reader went on from a record boundary the scanner found, where its idea of line and column is
            // not the body's: read it again from the first byte, record by record, for the error as it really is.
            envelope = new AshbyEnvelope(pooledBuffer, length) { _readerOnly = true };
            envelope.ParseBody(scan: null);
        }

        return envelope;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ParseBody(PageScan? scan)
    {
        var body = _buffer.AsSpan(0, _length);
        var reader = new Utf8JsonReader(body, ReaderOptions);

        // Where the reader's input starts in the body: it moves when the reader goes on from the scan's state.
        var offset = 0;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the answer is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                Success = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("results"u8))
            {
                reader.Read();
                _resultsProblem = reader.TokenType == JsonTokenType.StartArray ? null : $"'results' is {Describe(reader.TokenType)}, not an array of records";
                ObjectProblem = reader.TokenType == JsonTokenType.StartObject ? null : $"'results' is {Describe(reader.TokenType)}, not an object";
                if (scan is not null && reader.TokenType == JsonTokenType.StartArray && offset + (int)reader.TokenStartIndex == scan.ArrayStart)
                {
                    // The records up to scan.Offset were located while the body arrived: go on after them.
                    _records.AddRange(scan.Records);
                    var located = scan.Records.Count > 0;
                    offset = scan.Offset;
                    reader = new Utf8JsonReader(body[offset..], isFinalBlock: true, scan.State);
                    scan = null;
                    ReadRecords(body, ref reader, ref offset, located);
                }
                else
                {
                    ReadResults(body, ref reader, ref offset);
                }
            }
            else if (reader.ValueTextEquals("moreDataAvailable"u8))
            {
                reader.Read();
                MoreDataAvailable = reader.TokenType == JsonTokenType.True;
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    _fieldProblem ??= $"'moreDataAvailable' is {Describe(reader.TokenType)}, not true or false";
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("nextCursor"u8))
            {
                reader.Read();
                NextCursor = ReadOptionalString(ref reader, "nextCursor");
            }
            else if (reader.ValueTextEquals("syncToken"u8))
            {
                reader.Read();
                SyncToken = ReadOptionalString(ref reader, "syncToken");
            }
            else if (reader.ValueTextEquals("errorInfo"u8))
            {
                reader.Read();
                ReadErrorInfo(ref reader);
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                reader.Read();
                ReadErrors(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("the answer ended before its closing brace");
        }

        // Nothing but whitespace may follow the object.
        if (reader.Read())
        {
            throw new JsonException("unexpected data after the answer");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>A string field that may be null or absent; any other value is noted as a problem of the answer.</summary>
    private string? ReadOptionalString(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                _fieldProblem ??= $"'{field}' is {Describe(reader.TokenType)}, not a string";
                reader.Skip();
                return null;
        }
    }

    private void ReadResults(ReadOnlySpan<byte> body, ref Utf8JsonReader reader, ref int offset)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadRecords(body, ref reader, ref offset, afterItem: false);
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            _resultsObject = (offset + start, (int)reader.BytesConsumed - start);
            _records.Add(_resultsObject.Value);
        }
        else
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// The records of a <c>results</c> array, from after its <c>[</c> (or after an item, when <paramref name="afterItem"/>)
    /// to its <c>]</c>, where <paramref name="reader"/> is left for the rest of the answer; <paramref name="offset"/> is
    /// where the reader's input starts in the body. <see cref="RecordScanner"/> finds the records; what it leaves to
    /// the reader, the reader reads, one item at a time, and the scanner goes on after it. An item that is not an
    /// object is complete, valid JSON that no retry would change: it is noted as a problem of the list (every item
    /// shape Ashby documents is an object), not taken for a cut-off answer.
    /// </summary>
    private void ReadRecords(ReadOnlySpan<byte> body, ref Utf8JsonReader reader, ref int offset, bool afterItem)
    {
        while (true)
        {
            if (!_readerOnly)
            {
                var boundary = offset + (int)reader.BytesConsumed;
                var before = _records.Count;
                RecordScanner.ScanItems(body, ref boundary, afterItem, _records);
                if (_records.Count > before)
                {
                    offset = boundary;
                    reader = new Utf8JsonReader(body[offset..], isFinalBlock: true, RecordScanner.AfterRecord);
                }
            }

            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                _resultsProblem ??= $"item {_records.Count + 1} of 'results' is {Describe(reader.TokenType)}, not an object";
                reader.Skip();
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _records.Add((offset + start, (int)reader.BytesConsumed - start));
            }

            afterItem = true;
        }
    }

    private void ReadErrorInfo(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
            switch (name)
            {
                case "code":
                    ErrorCode = value ?? ErrorCode;
                    break;
                case "message":
                    ErrorMessage = value ?? ErrorMessage;
                    break;
                case "requestId":
                    RequestId = value;
                    break;
            }
        }
    }

    private void ReadErrors(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        // The deprecated errors array holds codes as strings, or {message, parameter} objects in some answers.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                ErrorCode ??= reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isMessage = reader.ValueTextEquals("message"u8);
                    reader.Read();
                    if (isMessage && reader.TokenType == JsonTokenType.String)
                    {
                        ErrorMessage ??= reader.GetString();
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
