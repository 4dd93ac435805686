using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace AshbySource.Http;

/// <summary>
/// Finds the records of a <c>results</c> array and checks that each is JSON, in one pass over its bytes and several
/// times faster than <see cref="Utf8JsonReader"/>, whose per-token bookkeeping was nearly half the connector's CPU on a
/// full read. It takes only JSON that the reader, with <see cref="AshbyEnvelope.ReaderOptions"/>, takes as well:
/// anything else, whether invalid or merely unusual (nesting deeper than <see cref="MaxDepth"/>, a comment-like
/// <c>/</c>), stops the scan at the last record boundary, and the reader goes on from there and decides. So a
/// malformed page still fails the way the reader makes it fail, and no record is ever located differently.
/// </summary>
/// <remarks>
/// Rules held to, as the reader applies them (https://www.rfc-editor.org/rfc/rfc8259): whitespace is space, tab,
/// LF and CR only; property names are strings followed by <c>:</c>; no trailing commas; strings hold no byte below
/// 0x20 and only the escapes <c>\" \\ \/ \b \f \n \r \t \uXXXX</c>; numbers are
/// <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>; literals are <c>true</c>, <c>false</c>, <c>null</c>; a value
/// is followed by whitespace, <c>,</c>, <c>}</c> or <c>]</c>. Like the reader, it passes bytes of 0x80 and above
/// inside strings through: UTF-8 is checked when a record is written (see <c>StreamEmitter</c>).
/// </remarks>
internal static class RecordScanner
{
    /// <summary>
    /// Nesting (the record itself is level 1) beyond which the reader takes over. The reader allows 64 levels in
    /// all, of which the answer object and the array take two; staying well below keeps the two from ever disagreeing.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The reader state just after a record of a <c>results</c> array: a record ends with the same state whatever
    /// it holds (the reader keeps only the nesting and the last token), but for the line and column its error
    /// messages would name, which is why <see cref="AshbyEnvelope"/> reads a failing answer again from its first byte.
    /// </summary>
    internal static readonly JsonReaderState AfterRecord = StateAfter("""{"results":[{}"""u8);

    // What the helpers below return instead of an index when they cannot go on.
    private const int NeedMoreData = -1;
    private const int LeftToReader = -2;

    /// <summary>What ended a scan of a record.</summary>
    public enum RecordEnd
    {
        /// <summary>The record is complete and valid; its end is known.</summary>
        Complete,

        /// <summary>The bytes ran out before the record ended; everything up to there was valid.</summary>
        NeedMoreData,

        /// <summary>Something this scanner does not take: the reader decides whether it is valid.</summary>
        LeftToReader,
    }

    /// <summary>Where a scan of a <c>results</c> array's items stopped.</summary>
    public enum ItemsStop
    {
        /// <summary>At the <c>]</c> that closes the array.</summary>
        ArrayEnd,

        /// <summary>The bytes ran out.</summary>
        NeedMoreData,

        /// <summary>At an item that does not start with <c>{</c> (a number, a string, or not JSON at all).</summary>
        NotAnObject,

        /// <summary>At an item or separator this scanner does not take: the reader decides.</summary>
        LeftToReader,
    }

    /// <summary>
    /// Scans the items of a <c>results</c> array from <paramref name="boundary"/>, which is just after the <c>[</c>
    /// or, when <paramref name="afterItem"/>, just after an item. Each complete record is added to
    /// <paramref name="records"/> (start and length within <paramref name="body"/>), and <paramref name="boundary"/>
    /// moves to its end; a stop leaves it at the last record's end, where a reader can go on.
    /// </summary>
    public static ItemsStop ScanItems(ReadOnlySpan<byte> body, ref int boundary, bool afterItem, List<(int Start, int Length)> records)
    {
        var i = boundary;
        while (true)
        {
            if (!SkipWhitespace(body, ref i))
            {
                return ItemsStop.NeedMoreData;
            }

            if (body[i] == (byte)']')
            {
                return ItemsStop.ArrayEnd;
            }

            if (afterItem)
            {
                if (body[i] != (byte)',')
                {
                    return ItemsStop.LeftToReader;
                }

                i++;
                if (!SkipWhitespace(body, ref i))
                {
                    return ItemsStop.NeedMoreData;
                }
            }

            if (body[i] != (byte)'{')
            {
                // After a comma, ']' is a trailing comma: the reader reports it.
                return body[i] == (byte)']' ? ItemsStop.LeftToReader : ItemsStop.NotAnObject;
            }

            switch (FindObjectEnd(body, i, out var end))
            {
                case RecordEnd.Complete:
                    records.Add((i, end - i));
                    boundary = end;
                    afterItem = true;
                    i = end;
                    break;
                case RecordEnd.NeedMoreData:
                    return ItemsStop.NeedMoreData;
                default:
                    return ItemsStop.LeftToReader;
            }
        }
    }

    /// <summary>
    /// Finds the end of the object that opens at <paramref name="start"/> (a <c>{</c>) and checks it on the way;
    /// <paramref name="end"/> is the index just after its <c>}</c> when it is <see cref="RecordEnd.Complete"/>.
    /// </summary>
    public static RecordEnd FindObjectEnd(ReadOnlySpan<byte> data, int start, out int end)
    {
        end = start;
        var i = start + 1;
        var depth = 1;

        // Bit (level - 1) is set when that level is an array, clear when an object.
        var arrays = 0UL;
        byte c;

    // After '{': a property name or '}'.
    ObjectOpened:
        if (!SkipWhitespace(data, ref i))
        {
            return RecordEnd.NeedMoreData;
        }

        c = data[i];
        if (c == (byte)'}')
        {
            goto Close;
        }

    // At the byte that must open a property name.
    PropertyName:
        if (c != (byte)'"')
        {
            return RecordEnd.LeftToReader;
        }

        i = SkipString(data, i + 1);
        if (i < 0)
        {
            return Failure(i);
        }

        if (!SkipWhitespace(data, ref i))
        {
            return RecordEnd.NeedMoreData;
        }

        if (data[i] != (byte)':')
        {
            return RecordEnd.LeftToReader;
        }

        i++;
        if (!SkipWhitespace(data, ref i))
        {
            return RecordEnd.NeedMoreData;
        }

        c = data[i];

    // At the first byte of a value.
    Value:
        switch (c)
        {
            case (byte)'"':
                i = SkipString(data, i + 1);
                if (i < 0)
                {
                    return Failure(i);
                }

                break;
            case (byte)'{':
                if (depth == MaxDepth)
                {
                    return RecordEnd.LeftToReader;
                }

                arrays &= ~(1UL << depth);
                depth++;
                i++;
                goto ObjectOpened;
            case (byte)'[':
                if (depth == MaxDepth)
                {
                    return RecordEnd.LeftToReader;
                }

                arrays |= 1UL << depth;
                depth++;
                i++;
                if (!SkipWhitespace(data, ref i))
                {
                    return RecordEnd.NeedMoreData;
                }

                c = data[i];
                if (c == (byte)']')
                {
                    goto Close;
                }

                goto Value;
            case (byte)'t':
                i = SkipLiteral(data, i, "true"u8);
                if (i < 0)
                {
                    return Failure(i);
                }

                break;
            case (byte)'f':
                i = SkipLiteral(data, i, "false"u8);
                if (i < 0)
                {
                    return Failure(i);
                }

                break;
            case (byte)'n':
                i = SkipLiteral(data, i, "null"u8);
                if (i < 0)
                {
                    return Failure(i);
                }

                break;
            default:
                i = SkipNumber(data, i);
                if (i < 0)
                {
                    return Failure(i);
                }

                break;
        }

    // After a value: ',' or the end of the innermost object or array.
    AfterValue:
        if (!SkipWhitespace(data, ref i))
        {
            return RecordEnd.NeedMoreData;
        }

        c = data[i];
        if (c == (byte)',')
        {
            i++;
            if (!SkipWhitespace(data, ref i))
            {
                return RecordEnd.NeedMoreData;
            }

            c = data[i];
            if ((arrays & (1UL << (depth - 1))) == 0)
            {
                goto PropertyName;
            }

            if (c == (byte)']')
            {
                // A trailing comma: the reader reports it.
                return RecordEnd.LeftToReader;
            }

            goto Value;
        }

        if (c is not ((byte)'}' or (byte)']'))
        {
            return RecordEnd.LeftToReader;
        }

    // At '}' or ']', which must close the innermost level.
    Close:
        if ((c == (byte)']') != ((arrays & (1UL << (depth - 1))) != 0))
        {
            return RecordEnd.LeftToReader;
        }

        i++;
        depth--;
        if (depth > 0)
        {
            goto AfterValue;
        }

        end = i;
        return RecordEnd.Complete;
    }

    private static RecordEnd Failure(int code) => code == NeedMoreData ? RecordEnd.NeedMoreData : RecordEnd.LeftToReader;

    /// <summary>Moves past JSON whitespace; false when the data ends first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SkipWhitespace(ReadOnlySpan<byte> data, ref int i)
    {
        while ((uint)i < (uint)data.Length)
        {
            if (data[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    /// <summary>
    /// Moves past the rest of a string whose opening quote is just before <paramref name="i"/>: the index after
    /// its closing quote, or <see cref="NeedMoreData"/> or <see cref="LeftToReader"/>.
    /// </summary>
    private static int SkipString(ReadOnlySpan<byte> data, int i)
    {
        while (true)
        {
            i = IndexOfQuoteBackslashOrControl(data, i);
            if (i < 0)
            {
                return NeedMoreData;
            }

            var c = data[i];
            if (c == (byte)'"')
            {
                return i + 1;
            }

            if (c != (byte)'\\')
            {
                // A raw control character: the reader rejects it.
                return LeftToReader;
            }

            if (i + 1 >= data.Length)
            {
                return NeedMoreData;
            }

            switch (data[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    for (var k = i + 2; k < i + 6; k++)
                    {
                        if (k >= data.Length)
                        {
                            return NeedMoreData;
                        }

                        if (!char.IsAsciiHexDigit((char)data[k]))
                        {
                            return LeftToReader;
                        }
                    }

                    i += 6;
                    break;
                default:
                    return LeftToReader;
            }
        }
    }

    /// <summary>
    /// The index of the first <c>"</c>, <c>\</c> or byte below 0x20 at or after <paramref name="i"/>, or -1. Most
    /// strings of a record are short, so this looks at 16 bytes at a time without a call into a general search.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfQuoteBackslashOrControl(ReadOnlySpan<byte> data, int i)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var belowSpace = Vector128.Create((byte)0x1F);
            while (i <= data.Length - Vector128<byte>.Count)
            {
                var bytes = Vector128.Create(data.Slice(i, Vector128<byte>.Count));
                var hits = Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) | Vector128.Equals(Vector128.Min(bytes, belowSpace), bytes);
                var mask = hits.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                }

                i += Vector128<byte>.Count;
            }
        }

        for (; i < data.Length; i++)
        {
            if (data[i] is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Moves past <paramref name="literal"/> at <paramref name="i"/>: the index after it, or <see cref="NeedMoreData"/> or <see cref="LeftToReader"/>.</summary>
    private static int SkipLiteral(ReadOnlySpan<byte> data, int i, ReadOnlySpan<byte> literal)
    {
        var available = data[i..];
        if (available.Length < literal.Length)
        {
            return literal.StartsWith(available) ? NeedMoreData : LeftToReader;
        }

        return available.StartsWith(literal) ? i + literal.Length : LeftToReader;
    }

    /// <summary>
    /// Moves past a number at <paramref name="i"/>: the index after it, or <see cref="NeedMoreData"/> or <see cref="LeftToReader"/>. A number
    /// that reaches the end of the data may go on in bytes still to come.
    /// </summary>
    private static int SkipNumber(ReadOnlySpan<byte> data, int i)
    {
        if (data[i] == (byte)'-')
        {
            i++;
        }

        if (i >= data.Length)
        {
            return NeedMoreData;
        }

        if (data[i] == (byte)'0')
        {
            i++;
        }
        else if (char.IsAsciiDigit((char)data[i]))
        {
            i = SkipDigits(data, i + 1);
        }
        else
        {
            return LeftToReader;
        }

        if (i < data.Length && data[i] == (byte)'.')
        {
            i = SkipRequiredDigits(data, i + 1);
            if (i < 0)
            {
                return i;
            }
        }

        if (i < data.Length && data[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < data.Length && data[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            i = SkipRequiredDigits(data, i);
            if (i < 0)
            {
                return i;
            }
        }

        // What follows is checked by the caller (whitespace, ',', '}' or ']'); the end of the data may be mid-number.
        return i < data.Length ? i : NeedMoreData;
    }

    /// <summary>One digit or more at <paramref name="i"/>: the index after them, or <see cref="NeedMoreData"/> or <see cref="LeftToReader"/>.</summary>
    private static int SkipRequiredDigits(ReadOnlySpan<byte> data, int i)
    {
        if (i >= data.Length)
        {
            return NeedMoreData;
        }

        return char.IsAsciiDigit((char)data[i]) ? SkipDigits(data, i + 1) : LeftToReader;
    }

    private static int SkipDigits(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && char.IsAsciiDigit((char)data[i]))
        {
            i++;
        }

        return i;
    }

    private static JsonReaderState StateAfter(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: false, new JsonReaderState(AshbyEnvelope.ReaderOptions));
        while (reader.Read())
        {
        }

        return reader.CurrentState;
    }
}
