using System.Text.Json;
using DuckDB.NET.Data;

namespace AshbyAnalytics.Tests;

/// <summary>The loader's rules on hand-written messages: types, missing fields, copies of a key, and what it refuses.</summary>
public sealed class LoaderRulesTests : IDisposable
{
    private const string Catalog = """
        {"streams":[
          {"stream":{"name":"things","json_schema":{"type":"object","properties":{
             "id":{"type":"string"},"seenAt":{"type":["null","string"],"format":"date-time"},"bornOn":{"type":"string","format":"date"},
             "visits":{"type":["null","integer"]},"ratio":{"type":"number"},"ok":{"type":"boolean"},
             "nested":{"type":["null","object"]},"list":{"type":"array"},"either":{"type":["string","integer"]},"anything":{}}},
           "supported_sync_modes":["full_refresh"],"source_defined_primary_key":[["id"]]},
           "sync_mode":"full_refresh","destination_sync_mode":"overwrite"},
          {"stream":{"name":"empty","json_schema":{"type":"object","properties":{"id":{"type":"string"}}},"supported_sync_modes":["full_refresh"]},
           "sync_mode":"full_refresh","destination_sync_mode":"overwrite","primary_key":[["id"]]}
        ]}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ashby-loader-").FullName;
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public LoaderRulesTests() => _connection.Open();

    [Theory]
    [InlineData("""{"type":"string"}""", "VARCHAR")]
    [InlineData("""{"type":["null","string"],"format":"date-time"}""", "TIMESTAMPTZ")]
    [InlineData("""{"type":"string","format":"date"}""", "DATE")]
    [InlineData("""{"type":["null","integer"]}""", "BIGINT")]
    [InlineData("""{"type":"number"}""", "DOUBLE")]
    [InlineData("""{"type":["boolean","null"]}""", "BOOLEAN")]
    [InlineData("""{"type":["null","object"],"properties":{"a":{"type":"string"}}}""", "JSON")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "JSON")]
    [InlineData("""{"type":["null","string","integer"]}""", "JSON")]
    [InlineData("""{}""", "JSON")]
    public void SqlTypeOf_FollowsTheSchema(string property, string expected)
    {
        using var json = JsonDocument.Parse(property);

        StreamTable.SqlTypeOf(json.RootElement).Should().Be(expected);
    }

    [Fact]
    public void Values_AreTyped_NestedValuesKeptAsJson_AndAbsentFieldsNull()
    {
        var rows = Load(Record("things", """{"id":"a","seenAt":"2025-03-04T05:06:07.089Z","bornOn":"2025-03-04","visits":7,"ratio":0.5,"ok":true,"nested":{"k":[1,"x"]},"list":[],"either":3,"anything":"text","extra":1}"""),
            Record("things", """{"id":"b"}"""));

        rows.Should().Equal(new Dictionary<string, long> { ["empty"] = 0, ["things"] = 2 });
        var a = Sql.Rows(_connection, "select * exclude (_airbyte_raw_id), typeof(seenAt) as seen_at_type from things where id = 'a'").Single();
        a["seenAt"].Should().Be(new DateTime(2025, 3, 4, 5, 6, 7, 89));
        a["seen_at_type"].Should().Be("TIMESTAMP WITH TIME ZONE");
        a["bornOn"].Should().Be(new DateOnly(2025, 3, 4));
        a["visits"].Should().Be(7L);
        a["ratio"].Should().Be(0.5);
        a["ok"].Should().Be(true);
        a["nested"].Should().Be("""{"k":[1,"x"]}""");
        a["list"].Should().Be("[]");
        a["either"].Should().Be("3");
        a["_airbyte_extracted_at"].Should().Be(new DateTime(2025, 1, 1, 0, 0, 1));
        a.Should().NotContainKey("extra", "a field the schema does not name gets no column");
        Sql.Rows(_connection, "select * exclude (_airbyte_raw_id, _airbyte_extracted_at, id) from things where id = 'b'").Single().Values.Should().AllSatisfy(v => v.Should().BeNull());
        Sql.Scalar<long>(_connection, "select count(distinct _airbyte_raw_id) from things").Should().Be(2);
    }

    [Fact]
    public void ACopyOfAKeyReadLater_ReplacesTheEarlierOne_AsAnAppendDedupDestinationDoes()
    {
        var rows = Load(Record("things", """{"id":"a","visits":1}"""), Record("things", """{"id":"b","visits":1}"""), Record("things", """{"id":"a","visits":2}"""));

        rows["things"].Should().Be(2);
        Sql.Scalar<long>(_connection, "select visits from things where id = 'a'").Should().Be(2);
    }

    [Fact]
    public void AStreamWithoutRecords_IsAnEmptyTable_AndOtherMessagesAreSkipped()
    {
        var rows = Load("""{"type":"LOG","log":{"level":"INFO","message":"hello"}}""", """{"type":"STATE","state":{"type":"STREAM"}}""");

        rows.Should().Equal(new Dictionary<string, long> { ["empty"] = 0, ["things"] = 0 });
        Sql.Scalar<long>(_connection, "select count(*) from information_schema.columns where table_name = 'empty'").Should().Be(3);
    }

    [Fact]
    public void ARecordOfAStreamTheCatalogDoesNotList_IsAnError()
    {
        var load = () => Load(Record("strangers", """{"id":"a"}"""));

        load.Should().Throw<InvalidDataException>().WithMessage("*:1: a record of stream strangers, which the configured catalog does not list");
    }

    [Fact]
    public void AValueThatDoesNotFitItsColumn_IsAnErrorNamingTheStream()
    {
        var load = () => Load(Record("things", """{"id":"a","seenAt":"yesterday"}"""));

        load.Should().Throw<InvalidDataException>().WithMessage("stream things: its records do not fit its table*");
    }

    [Fact]
    public void ALineThatIsNotJson_IsAnErrorNamingItsLine()
    {
        var load = () => Load(Record("things", """{"id":"a"}"""), "not json");

        load.Should().Throw<InvalidDataException>().WithMessage("*messages.jsonl:2: not an Airbyte message*");
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Record(string stream, string data) =>
        $$$"""{"type":"RECORD","record":{"stream":"{{{stream}}}","data":{{{data}}},"emitted_at":1735689601000}}""";

    private IReadOnlyDictionary<string, long> Load(params string[] lines)
    {
        var catalog = Path.Combine(_folder, "catalog.json");
        var messages = Path.Combine(_folder, "messages.jsonl");
        File.WriteAllText(catalog, Catalog);
        File.WriteAllLines(messages, lines);
        return WarehouseLoader.Load(_connection, catalog, [messages]);
    }
}
