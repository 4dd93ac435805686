using System.Text.Json;

namespace AshbyAnalytics;

/// <summary>A column of a stream's table: a top-level field of its records, with the type a destination gives it.</summary>
public sealed record TableColumn(string Name, string SqlType);

/// <summary>
/// The table an Airbyte destination makes for one configured stream: named after the stream, Airbyte's two
/// bookkeeping columns, then one column per top-level property of the stream's JSON schema, typed from the schema
/// as destinations type them (https://docs.airbyte.com/platform/understanding-airbyte/supported-data-types): nested
/// objects, arrays and fields that may hold several types become JSON.
/// </summary>
public sealed record StreamTable(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<string> PrimaryKey)
{
    /// <summary>A UUID per record, as destinations give it.</summary>
    public const string RawIdColumn = "_airbyte_raw_id";

    /// <summary>When the record was read (its <c>emitted_at</c>).</summary>
    public const string ExtractedAtColumn = "_airbyte_extracted_at";

    public static IReadOnlyList<TableColumn> BookkeepingColumns { get; } =
        [new(RawIdColumn, "VARCHAR"), new(ExtractedAtColumn, "TIMESTAMPTZ")];

    /// <summary>
    /// The table of one entry of a configured catalog (<c>{"stream":{"name","json_schema",…},"primary_key",…}</c>).
    /// The key is the configured <c>primary_key</c>, else the stream's <c>source_defined_primary_key</c>; only
    /// top-level key fields are supported, as this connector's keys are.
    /// </summary>
    public static StreamTable FromConfiguredStream(JsonElement configured)
    {
        var stream = configured.GetProperty("stream");
        var name = stream.GetProperty("name").GetString() ?? throw new InvalidDataException("a configured stream has no name");
        var columns = new List<TableColumn>(BookkeepingColumns);
        if (stream.TryGetProperty("json_schema", out var schema) && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            columns.AddRange(properties.EnumerateObject().Select(p => new TableColumn(p.Name, SqlTypeOf(p.Value))));
        }

        var key = KeyOf(configured, "primary_key") ?? KeyOf(stream, "source_defined_primary_key") ?? [];
        var missing = key.Where(field => columns.All(c => c.Name != field)).ToList();
        return missing.Count == 0
            ? new StreamTable(name, columns, key)
            : throw new InvalidDataException($"stream {name}: primary key field {string.Join(", ", missing)} is not a property of its json_schema");
    }

    /// <summary>
    /// DuckDB's type for a property: string (date-time, date), integer, number and boolean map to their SQL types;
    /// objects, arrays, several types at once or no type at all are JSON.
    /// </summary>
    public static string SqlTypeOf(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return "JSON";
        }

        var types = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList()
            : [type.GetString()];
        if (types.Count != 1)
        {
            return "JSON";
        }

        var format = property.TryGetProperty("format", out var f) ? f.GetString() : null;
        return types[0] switch
        {
            "string" => format switch
            {
                "date-time" => "TIMESTAMPTZ",
                "date" => "DATE",
                _ => "VARCHAR",
            },
            "integer" => "BIGINT",
            "number" => "DOUBLE",
            "boolean" => "BOOLEAN",
            _ => "JSON",
        };
    }

    private static List<string>? KeyOf(JsonElement owner, string property)
    {
        if (!owner.TryGetProperty(property, out var key) || key.ValueKind != JsonValueKind.Array || key.GetArrayLength() == 0)
        {
            return null;
        }

        return key.EnumerateArray().Select(path => path.GetArrayLength() == 1
            ? path[0].GetString()!
            : throw new InvalidDataException($"{property} {path}: only top-level key fields are supported")).ToList();
    }
}
