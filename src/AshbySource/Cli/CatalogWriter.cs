using System.Text.Json;
using AshbySource.Streams;

namespace AshbySource.Cli;

/// <summary>Writes the CATALOG payload: one AirbyteStream per readable row of the stream table.</summary>
internal static class CatalogWriter
{
    public static void Write(Utf8JsonWriter json, IEnumerable<StreamDefinition> streams)
    {
        json.WriteStartObject();
        json.WriteStartArray("streams"u8);
        foreach (var stream in streams)
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
                json.WriteStartArray("default_cursor_field"u8);
                foreach (var part in cursor)
                {
                    json.WriteStringValue(part);
                }

                json.WriteEndArray();
            }

            // One path per key field: [["applicationId"],["id"]] is a composite key of two top-level fields.
            json.WriteStartArray("source_defined_primary_key"u8);
            foreach (var part in stream.PrimaryKey)
            {
                json.WriteStartArray();
                json.WriteStringValue(part);
                json.WriteEndArray();
            }

            json.WriteEndArray();

            // A paged stream resumes a full refresh from its last page checkpoint, a child stream from its last parent.
            json.WriteBoolean("is_resumable"u8, stream.IsResumable);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
