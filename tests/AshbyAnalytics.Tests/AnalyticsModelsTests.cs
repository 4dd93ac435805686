using DuckDB.NET.Data;

namespace AshbyAnalytics.Tests;

/// <summary>How the model runner orders and runs the files of a models folder.</summary>
public sealed class AnalyticsModelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-models-").FullName;

    [Fact]
    public void Ordered_PutsEveryModelAfterTheModelsItReads()
    {
        Model("a_report", "select * from analytics.b_stages join analytics.c_base using (id)");
        Model("b_stages", "select * from analytics.c_base");
        Model("c_base", "select 1 as id");

        AnalyticsModels.Ordered(_folder).Select(m => m.Name).Should().Equal("c_base", "b_stages", "a_report");
    }

    [Fact]
    public void Ordered_RefusesModelsThatReadEachOther()
    {
        Model("a", "select * from analytics.b");
        Model("b", "select * from analytics.a");

        var order = () => AnalyticsModels.Ordered(_folder);

        order.Should().Throw<InvalidOperationException>().WithMessage("models that read one another in a circle: a, b");
    }

    [Fact]
    public void Run_CreatesATablePerModelInTheAnalyticsSchema()
    {
        Model("numbers", "select * from range(3) as r(n)");
        Model("doubled", "select n * 2 as n from analytics.numbers");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();

        var results = AnalyticsModels.Run(connection, _folder);

        results.Should().Equal(new ModelResult("numbers", 3), new ModelResult("doubled", 3));
        Sql.Scalar<long>(connection, "select sum(n)::bigint from analytics.doubled").Should().Be(6);
    }

    [Fact]
    public void Run_NamesTheModelThatFailed()
    {
        Model("broken", "select * from a_stream_nobody_synced");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();

        var run = () => AnalyticsModels.Run(connection, _folder);

        run.Should().Throw<InvalidOperationException>().WithMessage("model broken (*broken.sql) failed: *a_stream_nobody_synced*");
    }

    [Fact]
    public void TheShippedModels_ReadNoModelOutsideTheFolder_AndStagesComeBeforeTheFunnel()
    {
        var order = AnalyticsModels.Ordered(RepoFiles.File("analytics")).Select(m => m.Name).ToList();

        order.Should().Contain(["application_stages", "funnel", "scorecards"]);
        order.IndexOf("application_stages").Should().BeLessThan(order.IndexOf("funnel"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Model(string name, string sql) => File.WriteAllText(Path.Combine(_folder, name + ".sql"), sql);
}
