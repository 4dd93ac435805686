using DuckDB.NET.Data;

namespace AshbyAnalytics.Tests;

/// <summary>How the model runner orders and runs the files of a models folder.</summary>
public sealed class AnalyticsModelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-models-").FullName;

    [Fact]
    public void Ordered_PutsEveryModelAfterTheModelsItReads()
    {
        Model("a_report", "select * from analytics.b_stages join analytics.c_base using (id) join things using (id)", "things");
        Model("b_stages", "select * from analytics.c_base");
        Model("c_base", "select 1 as id");

        var ordered = AnalyticsModels.Ordered(_folder);

        ordered.Select(m => m.Name).Should().Equal("c_base", "b_stages", "a_report");
        ordered[2].Models.Should().BeEquivalentTo("b_stages", "c_base");
        ordered[2].Streams.Should().Equal("things");
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
    public void Ordered_RefusesAModelThatDoesNotSayWhichStreamsItReads()
    {
        File.WriteAllText(Path.Combine(_folder, "silent.sql"), "select 1");

        var order = () => AnalyticsModels.Ordered(_folder);

        order.Should().Throw<InvalidOperationException>().WithMessage("model silent (*silent.sql) names no stream tables: it needs a line '-- streams: a, b'*");
    }

    [Fact]
    public void Run_LeavesOutAModelWhoseStreamsWereNotSynced_AndTheModelsReadingIt_AndRunsTheRest()
    {
        Model("offer_report", "select * from offer_versions join offers using (id)", "offer_versions, offers");
        Model("offer_summary", "select count(*) as n from analytics.offer_report");
        Model("numbers", "select * from range(2) as r(n)");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Sql.Execute(connection, "create table offers (id varchar)");

        var results = AnalyticsModels.Run(connection, _folder);

        results.Should().BeEquivalentTo(
            [new ModelResult("numbers", 2), new ModelResult("offer_report", null, ["offer_versions"]), new ModelResult("offer_summary", null, ["analytics.offer_report"])],
            o => o.WithStrictOrdering());
        Sql.Scalar<long>(connection, "select count(*) from information_schema.tables where table_schema = 'analytics'").Should().Be(1);
    }

    [Fact]
    public void Run_NamesTheModelThatFailed()
    {
        Model("broken", "select no_such_column from things", "things");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Sql.Execute(connection, "create table things (id varchar)");

        var run = () => AnalyticsModels.Run(connection, _folder);

        run.Should().Throw<InvalidOperationException>().WithMessage("model broken (*broken.sql) failed: *no_such_column*");
    }

    [Fact]
    public void Run_NamesTheModelThatFailed_WhenItReadsAStreamItDidNotDeclare()
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

        order.Should().Contain(["application_stages", "funnel", "scorecards", "offers"]);
        order.IndexOf("application_stages").Should().BeLessThan(order.IndexOf("funnel"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A model file: its <c>-- streams:</c> line, then its SQL.</summary>
    private void Model(string name, string sql, string streams = "") =>
        File.WriteAllText(Path.Combine(_folder, name + ".sql"), $"-- a model\n-- streams: {streams}\n{sql}");
}
