using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// Reads and extends a record's raw JSON without parsing it into objects: the parent key of a child stream, the
/// objects of a derived stream's array, and the parent key written in front of a child row.
/// </summary>
internal static class RawRecord
{
    /// <summary>The string value of top-level <paramref name="field"/>; null when absent or not a string.</summary>
    public static string? TopLevelString(ReadOnlySpan<byte> record, string field)
    {
        var reader = new Utf8JsonReader(record);
        if (!FindTopLevel(ref reader, field))
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>Where the value of top-level <paramref name="field"/> starts and what it is; null when the field is absent.</summary>
    public static (int Start, JsonTokenType Token)? TopLevelValue(ReadOnlySpan<byte> record, string field)
    {
        var reader = new Utf8JsonReader(record);
        return FindTopLevel(ref reader, field) ? ((int)reader.TokenStartIndex, reader.TokenType) : null;
    }

    /// <summary>
    /// Adds the objects of top-level array <paramref name="field"/> to <paramref name="slices"/> as (start, length)
    /// within the record. An absent, null or empty array has none: Ashby leaves optional keys out rather than
    /// sending null (recorded answers omit <c>archivedAt</c>, <c>location</c>, <c>customFields</c>; the OpenAPI
    /// does not require <c>interviewEvents</c>), so "absent" is no reason to fail. Returns the number of objects.
    /// Throws when the value is something other than an array of objects: those rows could not be read.
    /// </summary>
    public static int ArrayObjects(ReadOnlySpan<byte> record, string field, List<(int Start, int Length)> slices)
    {
        var reader = new Utf8JsonReader(record);
        if (!FindTopLevel(ref reader, field) || reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ConnectorException($"Ashby sent '{field}' as something other than an array; its rows cannot be read.", FailureType.SystemError);
        }

        var found = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConnectorException($"Ashby sent an item of '{field}' that is not an object; its rows cannot be read.", FailureType.SystemError);
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            slices.Add((start, (int)reader.BytesConsumed - start));
            found++;
        }

        return found;
    }

    /// <summary>
    /// The record with <paramref name="field"/> set to <paramref name="key"/>, every other byte of Ashby's row kept
    /// as it came: where the row has the field as null (<paramref name="nullAt"/>, the offset of that null), the
    /// null is replaced in place, so the object never holds the name twice; where it lacks the field, the field is
    /// written first (<see cref="WithFieldFirst"/>).
    /// </summary>
    public static ReadOnlySpan<byte> WithParentKey(ReadOnlySpan<byte> record, string field, string key, int nullAt, ArrayBufferWriter<byte> scratch)
    {
        if (nullAt < 0)
        {
            return WithFieldFirst(record, field, key, scratch);
        }

        scratch.ResetWrittenCount();
        scratch.Write(record[..nullAt]);
        using (var json = new Utf8JsonWriter(scratch, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStringValue(key);
        }

        scratch.Write(record[(nullAt + "null".Length)..]);
        return scratch.WrittenSpan;
    }

    /// <summary>
    /// Writes <c>{"field":"key",</c> followed by the rest of <paramref name="record"/> after its opening brace
    /// (no comma when the object is empty): every byte of Ashby's row is kept as it came.
    /// </summary>
    public static ReadOnlySpan<byte> WithFieldFirst(ReadOnlySpan<byte> record, string field, string key, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(scratch, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString(field, key);
        }

        // The writer left "{"field":"key"" (it closes objects only when asked); the row's own fields follow.
        var rest = record[1..];
        if (rest.TrimStart(" \t\r\n"u8) is not [(byte)'}', ..])
        {
            scratch.Write(","u8);
        }

        scratch.Write(rest);
        return scratch.WrittenSpan;
    }

    /// <summary>Moves the reader onto the value of top-level <paramref name="field"/>; false when it is absent.</summary>
    private static bool FindTopLevel(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(field);
            reader.Read();
            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
