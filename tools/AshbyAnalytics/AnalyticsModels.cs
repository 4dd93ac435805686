using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace AshbyAnalytics;

/// <summary>What running one model gave.</summary>
public sealed record ModelResult(string Name, long Rows);

/// <summary>
/// Runs the SQL models of analytics/ (one <c>SELECT</c> per file, the file name is the model's name) as tables in
/// the schema <c>analytics</c>, next to the stream tables. A model reads the streams by their table names and other
/// models as <c>analytics.&lt;model&gt;</c>, so each runs after the models it names.
/// </summary>
public static partial class AnalyticsModels
{
    public const string Schema = "analytics";

    /// <summary>The models in <paramref name="folder"/>, each after the models it reads.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Ordered(string folder)
    {
        var models = Directory.GetFiles(folder, "*.sql")
            .Order(StringComparer.Ordinal)
            .ToDictionary(file => Path.GetFileNameWithoutExtension(file), File.ReadAllText, StringComparer.Ordinal);
        if (models.Count == 0)
        {
            throw new InvalidOperationException($"no models (*.sql) in {folder}");
        }

        var reads = models.ToDictionary(
            m => m.Key,
            m => ModelReference().Matches(m.Value).Select(r => r.Groups[1].Value).Where(r => r != m.Key && models.ContainsKey(r)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ordered = new List<(string, string)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < models.Count)
        {
            var ready = models.Keys.Where(m => !done.Contains(m) && reads[m].IsSubsetOf(done)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"models that read one another in a circle: {string.Join(", ", models.Keys.Where(m => !done.Contains(m)))}");
            }

            foreach (var model in ready)
            {
                ordered.Add((model, models[model]));
                done.Add(model);
            }
        }

        return ordered;
    }

    /// <summary>Creates (or replaces) every model's table in <see cref="Schema"/> and returns their row counts, in the order run.</summary>
    public static IReadOnlyList<ModelResult> Run(DuckDBConnection connection, string folder)
    {
        Sql.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {Schema}");
        var results = new List<ModelResult>();
        foreach (var (name, sql) in Ordered(folder))
        {
            var table = $"{Schema}.{Sql.Identifier(name)}";
            try
            {
                Sql.Execute(connection, $"CREATE OR REPLACE TABLE {table} AS\n{sql}");
            }
            catch (DuckDBException ex)
            {
                throw new InvalidOperationException($"model {name} ({Path.Combine(folder, name + ".sql")}) failed: {ex.Message}", ex);
            }

            results.Add(new ModelResult(name, Sql.Scalar<long>(connection, $"SELECT count(*) FROM {table}")));
        }

        return results;
    }

    [GeneratedRegex(@"\banalytics\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ModelReference();
}
