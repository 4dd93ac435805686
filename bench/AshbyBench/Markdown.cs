using System.Globalization;
using System.Text;

namespace AshbyBench;

/// <summary>Builds the markdown report.</summary>
internal sealed class Markdown
{
    private readonly StringBuilder _text = new();

    public Markdown Line(string line = "")
    {
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>A table; columns whose header starts with '&gt;' are right-aligned (the marker is dropped).</summary>
    public Markdown Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _text.Append("| ").AppendJoin(" | ", headers.Select(h => h.TrimStart('>'))).Append(" |\n");
        _text.Append('|').AppendJoin('|', headers.Select(h => h.StartsWith('>') ? " ---: " : " --- ")).Append("|\n");
        foreach (var row in rows)
        {
            _text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        }

        return Line();
    }

    public override string ToString() => _text.ToString();

    public static string F0(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string F1(double value) => value.ToString("#,0.0", CultureInfo.InvariantCulture);

    public static string F2(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " ×";

    public static string Verdict(bool pass) => pass ? "**PASS**" : "**MISS**";

    public static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");
}
