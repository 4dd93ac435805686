using System.Text.Json;

namespace AshbySource.Http;

/// <summary>
/// Locates the records of a list page while its body is still arriving, so that the work of finding them is
/// done while Ashby is still sending the rest and not all at once after the last byte. Only complete records
/// count; the reader state after the last of them lets <see cref="AshbyEnvelope"/> go on from there as if it had
/// read the body from the start (see <see cref="RecordScanner.AfterRecord"/>). The records are found by
/// <see cref="RecordScanner"/>; where it stops short of the end of the array, the envelope parser goes on from the
/// last record. Anything unexpected before the array (no <c>results</c> array, invalid JSON) or an item that is not
/// an object makes the scan give up, and the envelope is then parsed from the first byte as usual.
/// </summary>
internal sealed class PageScan
{
    /// <summary>
    /// How far into a body the scan looks for <c>results</c>. Ashby's envelope opens with it or with a short member
    /// before it; a body that has not reached it by here (whitespace, a decompression bomb, a proxy's page) is left
    /// to the envelope parser, which reads it once, instead of being read again from its first byte at every step.
    /// </summary>
    public const int MaxBytesBeforeResults = 64 * 1024;

    /// <summary>
    /// The most a record still arriving may hold before the scan stops at the last whole record. A record is
    /// scanned again from its start at every step until it is whole, so a record of many steps would cost the
    /// square of its length; a real one stays below 50 KiB, and the envelope parser reads a larger one once.
    /// </summary>
    public const int MaxPendingRecordBytes = 256 * 1024;

    private readonly List<(int Start, int Length)> _records = [];
    private bool _gaveUp;
    private bool _inResults;
    private bool _done;
    private int _arrayStart;
    private int _offset;
    private JsonReaderState _arrayState;

    /// <summary>Offset of the <c>[</c> that opens <c>results</c>, once found.</summary>
    public int ArrayStart => _arrayStart;

    /// <summary>Where the records located so far end: the reader goes on from here.</summary>
    public int Offset => _offset;

    /// <summary>The reader state at <see cref="Offset"/>.</summary>
    public JsonReaderState State => _records.Count == 0 ? _arrayState : RecordScanner.AfterRecord;

    /// <summary>Records located so far (start and length within the body).</summary>
    public IReadOnlyList<(int Start, int Length)> Records => _records;

    /// <summary>True when the records located so far can be used.</summary>
    public bool Usable => _inResults && !_gaveUp;

    /// <summary>Bytes the scan has read so far, counting a byte once for every time it is read: the work it did.</summary>
    public long BytesExamined { get; private set; }

    /// <summary>Scans what has arrived so far; <paramref name="received"/> is the body from its first byte.</summary>
    public void Advance(ReadOnlySpan<byte> received)
    {
        if (_gaveUp || _done)
        {
            return;
        }

        try
        {
            if (!_inResults)
            {
                var found = FindResults(received);
                BytesExamined += found ? _offset : received.Length;
                if (!found)
                {
                    _gaveUp |= received.Length >= MaxBytesBeforeResults;
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The envelope parser reads the body from its first byte and reports what is wrong with it.
            _gaveUp = true;
            return;
        }

        BytesExamined += received.Length - _offset;
        switch (RecordScanner.ScanItems(received, ref _offset, afterItem: _records.Count > 0, _records))
        {
            case RecordScanner.ItemsStop.NeedMoreData:
                // The record that has not fully arrived is scanned again from its start next time, unless it is
                // already so large that the envelope parser had better read it, and the rest, once.
                _done = received.Length - _offset > MaxPendingRecordBytes;
                break;
            case RecordScanner.ItemsStop.NotAnObject:
                // The envelope parser reports it.
                _gaveUp = true;
                break;
            default:
                // The end of the array, or something the envelope parser's reader is to judge: it goes on from here.
                _done = true;
                break;
        }
    }

    /// <summary>Finds the <c>[</c> of the top-level <c>results</c>; false while it has not arrived.</summary>
    private bool FindResults(ReadOnlySpan<byte> received)
    {
        var reader = new Utf8JsonReader(received, isFinalBlock: false, new JsonReaderState(AshbyEnvelope.ReaderOptions));
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            _gaveUp = true;
            return false;
        }

        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                _gaveUp = true;
                return false;
            }

            var isResults = reader.ValueTextEquals("results"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isResults)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    _gaveUp = true;
                    return false;
                }

                _arrayStart = (int)reader.TokenStartIndex;
                _offset = (int)reader.BytesConsumed;
                _arrayState = reader.CurrentState;
                _inResults = true;
                return true;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }
}
