using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static AshbyAnalytics.Tests.Figures;

namespace AshbyAnalytics.Tests;

/// <summary>The loader on a real read of every stream: the tables a destination would have, with every row Ashby has.</summary>
public sealed class WarehouseLoaderTests(SyncedWarehouse warehouse, ITestOutputHelper output) : SyncedWarehouseTests
{
    [Fact]
    public void EveryConfiguredStream_IsATable_WithAirbytesColumnsThenOneColumnPerTopLevelProperty()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllBytes(warehouse.CatalogFile));
        foreach (var configured in catalog.RootElement.GetProperty("streams").EnumerateArray())
        {
            var stream = configured.GetProperty("stream");
            var name = stream.GetProperty("name").GetString()!;
            var properties = stream.GetProperty("json_schema").GetProperty("properties").EnumerateObject().Select(p => p.Name);

            var columns = Sql.Rows(warehouse.Connection, $"select column_name from information_schema.columns where table_schema = 'main' and table_name = '{name}' order by ordinal_position")
                .Select(r => (string)r["column_name"]!);

            columns.Should().Equal(["_airbyte_raw_id", "_airbyte_extracted_at", .. properties], name);
        }
    }

    [Theory]
    [InlineData("applications", "createdAt", "TIMESTAMP WITH TIME ZONE")]
    [InlineData("applications", "status", "VARCHAR")]
    [InlineData("applications", "candidate", "JSON")]
    [InlineData("applications", "hiringTeam", "JSON")]
    [InlineData("application_history", "stageNumber", "BIGINT")]
    [InlineData("interview_plans", "isArchived", "BOOLEAN")]
    [InlineData("jobs", "interviewPlanIds", "JSON")]
    public void Columns_AreTypedFromTheSchema(string table, string column, string type)
    {
        Sql.Scalar<string>(warehouse.Connection, $"select data_type from information_schema.columns where table_name = '{table}' and column_name = '{column}'").Should().Be(type);
    }

    [Fact]
    public async Task EveryTable_HoldsEveryRowAshbyHas_OncePerKey()
    {
        foreach (var (stream, keys) in warehouse.KeysRead)
        {
            // The emulator lists a stream's ids: its rows' id, or the key of a stream without one (job_interview_plans: jobId).
            var id = warehouse.PrimaryKeys[stream].Contains("id") ? "id" : warehouse.PrimaryKeys[stream].Single();
            var ids = Sql.Rows(warehouse.Connection, $"select distinct {Sql.Identifier(id)} as id from {Sql.Identifier(stream)}").Select(r => (string)r["id"]!);

            ids.ShouldBeTheSameIdsAs(await warehouse.Emulator.Admin.IdsAsync(stream), $"ids of {stream}");
            warehouse.LoadedRows[stream].Should().Be(keys.Count, $"{stream} has one row per key read");
        }

        warehouse.LoadedRows.Values.Sum().Should().BeGreaterThan(warehouse.KeysRead.Count);
        output.WriteLine($"{SyncedWarehouse.Scale:N0} candidates: read {warehouse.RecordsRead:N0} records of {warehouse.KeysRead.Count} streams in {warehouse.ReadTime.TotalSeconds:0.0} s, "
            + $"loaded {warehouse.LoadedRows.Values.Sum():N0} rows in {warehouse.LoadTime.TotalSeconds:0.0} s, ran {warehouse.Models.Count} models in {warehouse.ModelsTime.TotalSeconds:0.0} s "
            + $"({string.Join(", ", warehouse.Models.Select(m => m.Rows is { } rows ? $"{m.Name} {rows:N0} rows" : $"{m.Name} not run, no {string.Join(", ", m.Missing)}"))})");
    }

    [Fact]
    public void NestedFields_AreTheRecordsJson_AndTimesTheirInstants()
    {
        var expected = warehouse.Rows("applications").ToDictionary(a => At(a, "id")!, a => new object?[] { Compact(a["candidate"]), Compact(a["openings"]), Time(a, "createdAt"), Time(a, "archivedAt") });

        var actual = Of(warehouse, "select id, candidate::varchar as candidate, openings::varchar as openings, createdAt, archivedAt from applications", row => (string)row["id"]!, "candidate", "openings", "createdAt", "archivedAt");

        actual.ToDictionary(a => a.Key, a => a.Value.Select(v => v is string json ? Compact(JsonNode.Parse(json)) : v).ToArray())
            .ShouldMatch(expected, "applications' nested fields and times");
    }

    /// <summary>JSON in one spelling (the same escapes, no white space), so that equal JSON is equal text.</summary>
    private static string? Compact(JsonNode? json) => json?.ToJsonString();
}
