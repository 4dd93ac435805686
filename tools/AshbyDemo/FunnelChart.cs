using System.Globalization;
using System.Security;
using System.Text;
using AshbyAnalytics;
using DuckDB.NET.Data;

namespace AshbyDemo;

/// <summary>One bar of the funnel: a stage group, the applications that reached it, the share of the previous step's, the median days in it.</summary>
internal sealed record FunnelStep(string Title, long Reached, double? Conversion, double? MedianDays);

/// <summary>The funnel model's overall completed-considerations funnel, drawn as text bars and as an SVG chart.</summary>
internal static class FunnelChart
{
    public const string Title = "Recruiting funnel: completed considerations (hired or archived), all jobs";

    private const int TextWidth = 40;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Eighths of a block, so that a bar's end shows its length to an eighth of a character.</summary>
    private static readonly string[] Eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

    public static IReadOnlyList<FunnelStep> Read(DuckDBConnection warehouse) =>
        Sql.Rows(warehouse, """
            select stage_group_title, applications_reached, conversion_from_previous, median_days_in_stage
            from analytics.funnel
            where cohort = 'completed' and breakdown = 'all'
            order by stage_group_order
            """)
            .Select(row => new FunnelStep((string)row["stage_group_title"]!, (long)row["applications_reached"]!, (double?)row["conversion_from_previous"], (double?)row["median_days_in_stage"]))
            .ToList();

    public static string Text(IReadOnlyList<FunnelStep> steps)
    {
        var text = new StringBuilder();
        var most = Math.Max(1, steps.Count == 0 ? 1 : steps.Max(s => s.Reached));
        var label = Math.Max(12, steps.Count == 0 ? 0 : steps.Max(s => s.Title.Length));
        text.AppendLine(string.Create(Invariant, $"  {"".PadRight(label)}  {"".PadRight(TextWidth)}  {"reached",7}  {"of previous",11}  median time in stage"));
        foreach (var step in steps)
        {
            text.AppendLine(string.Create(Invariant, $"  {step.Title.PadRight(label)}  {Bar(step.Reached, most).PadRight(TextWidth)}  {step.Reached,7:N0}  {Percent(step.Conversion),11}  {Days(step.MedianDays)}").TrimEnd());
        }

        return text.ToString();
    }

    public static string Svg(IReadOnlyList<FunnelStep> steps)
    {
        const int Left = 200, BarWidth = 420, Row = 44, Top = 56;
        var most = Math.Max(1, steps.Count == 0 ? 1 : steps.Max(s => s.Reached));
        var height = Top + (Row * steps.Count) + 16;
        var svg = new StringBuilder();
        svg.AppendLine(string.Create(Invariant, $"""<svg xmlns="http://www.w3.org/2000/svg" width="960" height="{height}" viewBox="0 0 960 {height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="14">"""));
        svg.AppendLine("""  <rect width="100%" height="100%" fill="#ffffff"/>""");
        svg.AppendLine(string.Create(Invariant, $"""  <text x="20" y="32" font-size="17" font-weight="600" fill="#111827">{SecurityElement.Escape(Title)}</text>"""));
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var y = Top + (i * Row);
            var width = Math.Max(step.Reached > 0 ? 1.0 : 0.0, (double)BarWidth * step.Reached / most);
            var facts = string.Join("  ·  ", new[] { step.Reached.ToString("N0", Invariant), step.Conversion is null ? null : Percent(step.Conversion) + " of previous", step.MedianDays is null ? null : "median " + Days(step.MedianDays) }.OfType<string>());
            svg.AppendLine(string.Create(Invariant, $"""  <text x="20" y="{y + 21}" fill="#111827">{SecurityElement.Escape(step.Title)}</text>"""));
            svg.AppendLine(string.Create(Invariant, $"""  <rect class="bar" x="{Left}" y="{y + 4}" width="{width:0.##}" height="26" rx="3" fill="#4f46e5"/>"""));
            svg.AppendLine(string.Create(Invariant, $"""  <text x="{Left + width + 10:0.##}" y="{y + 21}" fill="#374151">{SecurityElement.Escape(facts)}</text>"""));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>A bar of <see cref="TextWidth"/> characters for the largest count; a count above zero shows at least an eighth.</summary>
    private static string Bar(long reached, long most)
    {
        var eighths = (int)Math.Round(8.0 * TextWidth * reached / most);
        if (reached > 0 && eighths == 0)
        {
            eighths = 1;
        }

        return new string('█', eighths / 8) + Eighths[eighths % 8];
    }

    private static string Percent(double? conversion) => conversion is { } c ? (c * 100).ToString("0.0", Invariant) + "%" : "";

    private static string Days(double? days) => days is { } d ? d.ToString("0.0", Invariant) + " days" : "";
}
