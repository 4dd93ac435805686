using System.Text.Json;
using AshbySource.Streams;

namespace AshbySource.Cli;

/// <summary>
/// Writes the CATALOG payload (one AirbyteStream per readable row of the stream table) and the configured catalog
/// that selects all of them.
/// </summary>
internal static class CatalogWriter
{
    public static void Write(Utf8JsonWriter json, IEnumerable<StreamDefinition> streams)
    {
        json.WriteStartObject();
        json.WriteStartArray("streams"u8);
        foreach (var stream in streams)
        {
            WriteStream(json, stream);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// A configured catalog of every stream: incremental with <c>append_dedup</c> where the stream supports it
    /// (a restarted pass may repeat rows, see README "Recovery"), otherwise full refresh with <c>overwrite</c>.
    /// </summary>
    public static void WriteConfigured(Utf8JsonWriter json, IEnumerable<StreamDefinition> streams)
    {
        json.WriteStartObject();
        json.WriteStartArray("streams"u8);
        foreach (var stream in streams)
        {
            json.WriteStartObject();
            json.WritePropertyName("stream"u8);
            WriteStream(json, stream);
            json.WriteString("sync_mode"u8, stream.SupportsIncremental ? "incremental"u8 : "full_refresh"u8);
            json.WriteString("destination_sync_mode"u8, stream.SupportsIncremental ? "append_dedup"u8 : "overwrite"u8);
            if (stream.CursorField is { } cursor)
            {
                json.WritePropertyName("cursor_field"u8);
                WriteStrings(json, cursor);
            }

            json.WritePropertyName("primary_key"u8);
            WritePrimaryKey(json, stream);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStream(Utf8JsonWriter json, StreamDefinition stream)
    {
        json.WriteStartObject();
        json.WriteString("name"u8, stream.Name);
        json.WritePropertyName("json_schema"u8);
        SchemaStore.Get(stream.Name).WriteTo(json);
        json.WriteStartArray("supported_sync_modes"u8);

        // full_refresh first: harnesses take the first mode as the default.
        json.WriteStringValue("full_refresh"u8);
        if (stream.SupportsIncremental)
        {
            json.WriteStringValue("incremental"u8);
        }

        json.WriteEndArray();
        if (stream.CursorField is { } cursor)
        {
            json.WriteBoolean("source_defined_cursor"u8, true);
            json.WritePropertyName("default_cursor_field"u8);
            WriteStrings(json, cursor);
        }

        json.WritePropertyName("source_defined_primary_key"u8);
        WritePrimaryKey(json, stream);

        // A paged stream resumes a full refresh from its last page checkpoint, a child stream from its last parent.
        json.WriteBoolean("is_resumable"u8, stream.IsResumable);
        json.WriteEndObject();
    }

    /// <summary>One path per key field: <c>[["applicationId"],["id"]]</c> is a composite key of two top-level fields.</summary>
    private static void WritePrimaryKey(Utf8JsonWriter json, StreamDefinition stream)
    {
        json.WriteStartArray();
        foreach (var field in stream.PrimaryKey)
        {
            WriteStrings(json, [field]);
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string[] parts)
    {
        json.WriteStartArray();
        foreach (var part in parts)
        {
            json.WriteStringValue(part);
        }

        json.WriteEndArray();
    }
}
