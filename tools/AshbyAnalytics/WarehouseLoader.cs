using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace AshbyAnalytics;

/// <summary>
/// Loads a connector's output into DuckDB the way an Airbyte destination lays it out: one table per configured
/// stream, named after it, with one column per top-level field (<see cref="StreamTable"/>) and nested values as
/// JSON. Like the <c>overwrite</c> and <c>append_dedup</c> modes, a table keeps one row per primary key: the copy
/// read last. A stream with no records still gets its (empty) table, so models over it run.
/// </summary>
public static class WarehouseLoader
{
    private const string SequenceColumn = "_load_sequence";

    /// <summary>
    /// Replaces the tables of every stream in <paramref name="configuredCatalog"/> (a configured catalog file) with
    /// the records in <paramref name="messageFiles"/> (connector stdout, one Airbyte message per line, read in
    /// order) and returns the rows of each table. Lines other than RECORD are skipped; a line that is not JSON, or
    /// a record of a stream the catalog does not configure, is an error, as a value of the wrong type is.
    /// </summary>
    public static IReadOnlyDictionary<string, long> Load(DuckDBConnection connection, string configuredCatalog, IEnumerable<string> messageFiles)
    {
        var tables = ReadCatalog(configuredCatalog);
        var folder = Directory.CreateTempSubdirectory("ashby-load-");
        try
        {
            // Records go to one newline-delimited file per stream, then DuckDB parses each file with the table's
            // column types: memory stays flat however large the read.
            var staged = Stage(tables, messageFiles, folder.FullName);
            var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in tables.Values)
            {
                rows[table.Name] = LoadTable(connection, table, staged.GetValueOrDefault(table.Name));
            }

            return rows;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Dictionary<string, StreamTable> ReadCatalog(string path)
    {
        using var catalog = JsonDocument.Parse(File.ReadAllBytes(path));
        return catalog.RootElement.GetProperty("streams").EnumerateArray()
            .Select(StreamTable.FromConfiguredStream)
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Writes each record's data, with Airbyte's columns and its place in the read, to its stream's file.</summary>
    private static Dictionary<string, string> Stage(Dictionary<string, StreamTable> tables, IEnumerable<string> messageFiles, string folder)
    {
        var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        long sequence = 0;
        try
        {
            foreach (var messageFile in messageFiles)
            {
                var lineNumber = 0;
                foreach (var line in File.ReadLines(messageFile))
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    using var message = Parse(line, messageFile, lineNumber);
                    var root = message.RootElement;
                    if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "RECORD")
                    {
                        continue;
                    }

                    var record = root.GetProperty("record");
                    var stream = record.GetProperty("stream").GetString()!;
                    if (!tables.ContainsKey(stream))
                    {
                        throw new InvalidDataException($"{messageFile}:{lineNumber}: a record of stream {stream}, which the configured catalog does not list");
                    }

                    if (!writers.TryGetValue(stream, out var writer))
                    {
                        files[stream] = Path.Combine(folder, stream + ".jsonl");
                        writer = writers[stream] = new StreamWriter(files[stream], append: false, new UTF8Encoding(false));
                    }

                    WriteStagedRow(writer, record, ++sequence, $"{messageFile}:{lineNumber}");
                }
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }

        return files;
    }

    private static JsonDocument Parse(string line, string file, int lineNumber)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}:{lineNumber}: not an Airbyte message ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// <c>{"_airbyte_raw_id":…,"_airbyte_extracted_at":…,"_load_sequence":n,</c> followed by the record's own
    /// fields, as the connector sent them.
    /// </summary>
    private static void WriteStagedRow(StreamWriter writer, JsonElement record, long sequence, string where)
    {
        var data = record.GetProperty("data");
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: the record's data is not a JSON object");
        }

        var extractedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)record.GetProperty("emitted_at").GetDouble());
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{{\"{StreamTable.RawIdColumn}\":\"{Guid.NewGuid()}\",\"{StreamTable.ExtractedAtColumn}\":\"{extractedAt:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"{SequenceColumn}\":{sequence}"));
        var fields = data.GetRawText().AsSpan(1).TrimStart();
        if (fields[0] != '}')
        {
            writer.Write(',');
        }

        writer.WriteLine(fields);
    }

    private static long LoadTable(DuckDBConnection connection, StreamTable table, string? staged)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"{Sql.Identifier(c.Name)} {c.SqlType}"));
        Sql.Execute(connection, $"DROP TABLE IF EXISTS {Sql.Identifier(table.Name)}; CREATE TABLE {Sql.Identifier(table.Name)} ({columns})");
        if (staged is null)
        {
            return 0;
        }

        var types = string.Join(", ", table.Columns.Append(new TableColumn(SequenceColumn, "BIGINT")).Select(c => $"{Sql.Literal(c.Name)}: {Sql.Literal(c.SqlType)}"));
        var names = string.Join(", ", table.Columns.Select(c => Sql.Identifier(c.Name)));
        var newestCopy = table.PrimaryKey.Count == 0
            ? string.Empty
            : $" QUALIFY row_number() OVER (PARTITION BY {string.Join(", ", table.PrimaryKey.Select(Sql.Identifier))} ORDER BY {SequenceColumn} DESC) = 1";
        try
        {
            Sql.Execute(connection, $$"""
                INSERT INTO {{Sql.Identifier(table.Name)}} ({{names}})
                SELECT {{names}} FROM read_json({{Sql.Literal(staged)}}, format = 'newline_delimited', columns = { {{types}} }){{newestCopy}}
                """);
        }
        catch (DuckDBException ex)
        {
            throw new InvalidDataException($"stream {table.Name}: its records do not fit its table ({ex.Message})", ex);
        }

        return Sql.Scalar<long>(connection, $"SELECT count(*) FROM {Sql.Identifier(table.Name)}");
    }
}
