using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace AshbyAnalytics;

/// <summary>One model of analytics/: its name, SQL, the stream tables it reads (its <c>-- streams:</c> line) and the models it reads.</summary>
public sealed record AnalyticsModel(string Name, string Sql, IReadOnlyList<string> Streams, IReadOnlyList<string> Models);

/// <summary>
/// What running one model gave: its rows, or, when it was not run, what it needs that the warehouse lacks (stream
/// tables, or <c>analytics.&lt;model&gt;</c> for a model that was not run either).
/// </summary>
public sealed record ModelResult(string Name, long? Rows, IReadOnlyList<string> Missing)
{
    public ModelResult(string name, long rows)
        : this(name, rows, [])
    {
    }
}

/// <summary>
/// Runs the SQL models of analytics/ (one <c>SELECT</c> per file, the file name is the model's name) as tables in
/// the schema <c>analytics</c>, next to the stream tables. A model reads other models as
/// <c>analytics.&lt;model&gt;</c>, so each runs after the models it names, and declares the stream tables it reads
/// in a line <c>-- streams: a, b</c>: a model whose streams were not synced (a key without offersRead has no offer
/// tables) is not run, and says so, while the others are.
/// </summary>
public static partial class AnalyticsModels
{
    public const string Schema = "analytics";

    /// <summary>The models in <paramref name="folder"/>, each after the models it reads.</summary>
    public static IReadOnlyList<AnalyticsModel> Ordered(string folder)
    {
        var files = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no models (*.sql) in {folder}");
        }

        var names = files.Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal);
        var models = files.Select(file => Parse(file, names)).ToList();
        var ordered = new List<AnalyticsModel>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < models.Count)
        {
            var ready = models.Where(m => !done.Contains(m.Name) && m.Models.All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"models that read one another in a circle: {string.Join(", ", models.Select(m => m.Name).Where(m => !done.Contains(m)))}");
            }

            ordered.AddRange(ready);
            done.UnionWith(ready.Select(m => m.Name));
        }

        return ordered;
    }

    /// <summary>
    /// Creates (or replaces) the table of every model whose streams are all in the warehouse, in
    /// <see cref="Schema"/>, and returns, in order, each model's rows or what it lacked.
    /// </summary>
    public static IReadOnlyList<ModelResult> Run(DuckDBConnection connection, string folder)
    {
        Sql.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {Schema}");
        var tables = Sql.Rows(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            .Select(row => (string)row["table_name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var results = new List<ModelResult>();
        var notRun = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in Ordered(folder))
        {
            var missing = model.Streams.Where(s => !tables.Contains(s)).Concat(model.Models.Where(notRun.Contains).Select(m => $"{Schema}.{m}")).ToList();
            if (missing.Count > 0)
            {
                notRun.Add(model.Name);
                results.Add(new ModelResult(model.Name, null, missing));
                continue;
            }

            var table = $"{Schema}.{Sql.Identifier(model.Name)}";
            try
            {
                Sql.Execute(connection, $"CREATE OR REPLACE TABLE {table} AS\n{model.Sql}");
            }
            catch (DuckDBException ex)
            {
                throw new InvalidOperationException($"model {model.Name} ({Path.Combine(folder, model.Name + ".sql")}) failed: {ex.Message}", ex);
            }

            results.Add(new ModelResult(model.Name, Sql.Scalar<long>(connection, $"SELECT count(*) FROM {table}")));
        }

        return results;
    }

    private static AnalyticsModel Parse(string file, HashSet<string> modelNames)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var sql = File.ReadAllText(file);
        var streams = StreamsLine().Match(sql) is { Success: true } line
            ? line.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : throw new InvalidOperationException($"model {name} ({file}) names no stream tables: it needs a line '-- streams: a, b' listing those it reads");
        var models = ModelReference().Matches(sql).Select(r => r.Groups[1].Value).Where(r => r != name && modelNames.Contains(r)).Distinct(StringComparer.Ordinal).ToList();
        return new AnalyticsModel(name, sql, streams, models);
    }

    [GeneratedRegex(@"^--[ \t]*streams:[ \t]*(.*?)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex StreamsLine();

    [GeneratedRegex(@"\banalytics\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ModelReference();
}
