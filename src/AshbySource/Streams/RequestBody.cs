using System.Buffers;
using System.Text.Json;

namespace AshbySource.Streams;

/// <summary>Builds the JSON body of one list request.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body of one page: the stream's body fields, then paging fields. An incremental pass resends the same
    /// filters with its token on every page, as Ashby's own examples do
    /// (https://developers.ashbyhq.com/docs/pagination-and-incremental-sync).
    /// </summary>
    public static byte[] Build(StreamDefinition stream, int? limit, string? cursor, string? syncToken, long? createdAfter, RequestScope? scope = null, long? createdBefore = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in stream.Body)
            {
                json.WritePropertyName(name);
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    value.WriteTo(json);
                }
            }

            if (scope is { } scoped)
            {
                json.WriteString(scoped.Parameter, scoped.Value);
            }

            if (createdAfter is { } after)
            {
                json.WriteNumber("createdAfter"u8, after);
            }

            if (createdBefore is { } before)
            {
                json.WriteNumber("createdBefore"u8, before);
            }

            if (limit is { } pageSize)
            {
                json.WriteNumber("limit"u8, pageSize);
            }

            if (syncToken is not null)
            {
                json.WriteString("syncToken"u8, syncToken);
            }

            if (cursor is not null)
            {
                json.WriteString("cursor"u8, cursor);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
