using System.Text.Json;
using AshbySource.Protocol;
using AshbySource.Sync;

namespace AshbySource.Tests.Sync;

public class ConfiguredCatalogTests
{
    private static IReadOnlyList<ConfiguredStream> Parse(string json) => ConfiguredCatalog.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Parse_ToleratesNullsAndUnknownFields()
    {
        var streams = Parse("""
            {"streams":[{"stream":{"name":"users","json_schema":{},"supported_sync_modes":["full_refresh"],"namespace":null},
              "sync_mode":"incremental","destination_sync_mode":"append_dedup","cursor_field":null,"primary_key":null,"generation_id":null,"x":1}]}
            """);

        streams.Should().ContainSingle().Which.SyncMode.Should().Be(SyncMode.Incremental);
    }

    [Theory]
    [InlineData("[]", "\"streams\" array")]
    [InlineData("""{"streams":{}}""", "\"streams\" array")]
    [InlineData("""{"streams":[]}""", "selects no streams")]
    [InlineData("""{"streams":[{"stream":{"name":"__AIRBYTE__stream_that_does_not_exist"},"sync_mode":"INVALID","destination_sync_mode":"INVALID"}]}""", "does not exist")]
    [InlineData("""{"streams":[{"stream":{"name":"users"},"sync_mode":"INVALID"}]}""", "sync_mode 'INVALID'")]
    [InlineData("""{"streams":[{"stream":{"name":"users"}}]}""", "sync_mode missing")]
    [InlineData("""{"streams":[{"stream":{"name":"sources"},"sync_mode":"incremental"}]}""", "supports only full_refresh")]
    [InlineData("""{"streams":[{"stream":{"name":"users"},"sync_mode":"full_refresh"},{"stream":{"name":"users"},"sync_mode":"full_refresh"}]}""", "listed twice")]
    [InlineData("""{"streams":[{"sync_mode":"full_refresh"}]}""", "no stream name")]
    public void Parse_BadCatalog_IsAConfigError(string json, string expected)
    {
        var act = () => Parse(json);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.ConfigError).WithMessage($"*{expected}*");
    }
}
