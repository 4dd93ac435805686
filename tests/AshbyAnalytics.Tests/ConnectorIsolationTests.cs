namespace AshbyAnalytics.Tests;

/// <summary>The analytics side stays out of the connector: it is published NativeAOT, with no native database code.</summary>
public sealed class ConnectorIsolationTests
{
    [Fact]
    public void TheConnector_DependsOnNeitherDuckDbNorTheAnalyticsLibrary()
    {
        var dependencies = File.ReadAllText(RepoFiles.Built("src/AshbySource", "source-ashby.deps.json"));
        var project = RepoFiles.ReadText("src", "AshbySource", "AshbySource.csproj");

        dependencies.Should().Contain("\"source-ashby/", "this is the connector's dependency list").And.NotContain("DuckDB").And.NotContain("AshbyAnalytics");
        project.Should().NotContain("DuckDB").And.NotContain("AshbyAnalytics");
    }
}
