using System.Globalization;
using System.Text.Json.Nodes;
using AshbyAnalytics;

namespace AshbyAnalytics.Tests;

/// <summary>
/// Model rows against rows computed in C# from the records, a whole model at once, key by key.
/// </summary>
internal static class Figures
{
    /// <summary>null, a timestamp (UTC, to the microsecond), a number, a flag or a string.</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        DateTime time => new DateTime(time.Ticks, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    /// <summary>A model's rows, keyed by <paramref name="key"/>, each as the values of <paramref name="columns"/>.</summary>
    public static Dictionary<string, object?[]> Of(SyncedWarehouse warehouse, string sql, Func<Dictionary<string, object?>, string> key, params string[] columns)
    {
        var rows = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var row in Sql.Rows(warehouse.Connection, sql))
        {
            rows.Add(key(row), columns.Select(c => row[c]).ToArray());
        }

        return rows;
    }

    /// <summary>
    /// Fails with the first differences: keys missing, keys not expected, and rows that differ. Numbers are equal
    /// within a millionth (days computed in SQL and in C# take different roads), other values by their text.
    /// </summary>
    public static void ShouldMatch(this IReadOnlyDictionary<string, object?[]> actual, IReadOnlyDictionary<string, object?[]> expected, string what)
    {
        expected.Should().NotBeEmpty($"the expected {what} are not empty, or this test would prove nothing");
        var differences = expected.Where(e => !actual.ContainsKey(e.Key)).Select(e => $"missing {e.Key}: {Line(e.Value)}")
            .Concat(actual.Where(a => !expected.ContainsKey(a.Key)).Select(a => $"not expected {a.Key}: {Line(a.Value)}"))
            .Concat(expected.Where(e => actual.TryGetValue(e.Key, out var a) && !Same(a, e.Value)).Select(e => $"{e.Key}: got {Line(actual[e.Key])}, expected {Line(e.Value)}"))
            .Take(15)
            .ToList();
        differences.Should().BeEmpty($"every one of the {expected.Count} {what} matches");
    }

    /// <summary>
    /// The same ids, compared as sets (collection equivalence pairs every item with every other, too slow for the
    /// tens of thousands of rows of a large workspace); fails with the first ids missing and not expected.
    /// </summary>
    public static void ShouldBeTheSameIdsAs(this IEnumerable<string> actual, IReadOnlySet<string> expected, string what)
    {
        var seen = actual.ToHashSet(StringComparer.Ordinal);
        expected.Should().NotBeEmpty($"Ashby has {what}");
        var differences = expected.Where(id => !seen.Contains(id)).Select(id => $"missing {id}")
            .Concat(seen.Where(id => !expected.Contains(id)).Select(id => $"not expected {id}"))
            .Take(15)
            .ToList();
        differences.Should().BeEmpty($"the {expected.Count} {what} are all there, and nothing else");
    }

    public static string Line(object?[] values) => string.Join(" | ", values.Select(Text));

    private static bool Same(object?[] actual, object?[] expected) =>
        actual.Length == expected.Length && actual.Zip(expected).All(pair => pair switch
        {
            (double a, double e) => Math.Abs(a - e) < 1e-6,
            var (a, e) => Text(a) == Text(e),
        });

    /// <summary>The value at a dotted path of a record (<c>job.id</c>), as a string; null when absent or null.</summary>
    public static string? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node is JsonValue value ? value.ToString() : node?.ToJsonString();
    }

    public static DateTimeOffset? Time(JsonNode? node, string path) =>
        At(node, path) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    public static double Days(DateTimeOffset from, DateTimeOffset to) => (to - from).TotalDays;

    /// <summary>The middle value, or the mean of the two middle values; null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
