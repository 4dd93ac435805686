using System.Globalization;
using System.Xml.Linq;
using DuckDB.NET.Data;

namespace AshbyDemo.Tests;

/// <summary>The demo's funnel chart: read from the funnel model's table, drawn as text bars and as SVG.</summary>
public class FunnelChartTests
{
    private static readonly FunnelStep[] Steps =
    [
        new("Lead", 800, null, 12.26),
        new("Application Review", 800, 1.0, 20),
        new("Interviews", 400, 0.5, 31.04),
        new("Offer", 50, 0.125, 7),
        new("Hired & Co", 1, 0.02, null),
    ];

    [Fact]
    public void Text_DrawsBarsInProportion_WithReachConversionAndMedianDays()
    {
        var lines = FunnelChart.Text(Steps).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(6);
        lines[1].Should().Be("  Lead                " + new string('█', 40) + "      800               12.3 days");
        lines[3].Should().Be("  Interviews          " + new string('█', 20) + new string(' ', 20) + "      400        50.0%  31.0 days");
        lines[4].Should().StartWith("  Offer               ██▌ ").And.EndWith("       50        12.5%  7.0 days");
        lines[5].Should().Be("  Hired & Co          ▏" + new string(' ', 39) + "        1         2.0%", "a step someone reached shows, and one nobody left has no median");
    }

    [Fact]
    public void Svg_IsOneBarPerStep_InProportion_WithItsLabels()
    {
        var svg = XDocument.Parse(FunnelChart.Svg(Steps));
        XNamespace ns = "http://www.w3.org/2000/svg";

        var bars = svg.Descendants(ns + "rect").Where(r => (string?)r.Attribute("class") == "bar").Select(r => double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)).ToList();
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();

        bars.Should().Equal(420, 420, 210, 26.25, 1);
        texts.Should().Contain(["Hired & Co", "400  ·  50.0% of previous  ·  median 31.0 days", "800  ·  median 12.3 days"]);
        texts[0].Should().Be(FunnelChart.Title);
    }

    [Fact]
    public void Read_TakesTheOverallCompletedFunnel_InStepOrder()
    {
        using var warehouse = new DuckDBConnection("Data Source=:memory:");
        warehouse.Open();
        using var command = warehouse.CreateCommand();
        command.CommandText = """
            create schema analytics;
            create table analytics.funnel as select cohort, breakdown, stage_group_order, stage_group_title, applications_reached,
                conversion_from_previous::double as conversion_from_previous, median_days_in_stage::double as median_days_in_stage
            from (values
                ('completed', 'all', 1, 'Review', 90::bigint, 0.9, 4.5),
                ('completed', 'all', 0, 'Lead', 100::bigint, null, 2.0),
                ('completed', 'job', 0, 'Lead', 7::bigint, null, 1.0),
                ('all', 'all', 0, 'Lead', 300::bigint, null, 3.0)
            ) as t(cohort, breakdown, stage_group_order, stage_group_title, applications_reached, conversion_from_previous, median_days_in_stage)
            """;
        command.ExecuteNonQuery();

        FunnelChart.Read(warehouse).Should().Equal(new FunnelStep("Lead", 100, null, 2.0), new FunnelStep("Review", 90, 0.9, 4.5));
    }
}
