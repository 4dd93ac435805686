using System.Text.Json;
using AshbySource.Configuration;
using AshbySource.Protocol;

namespace AshbySource.Tests.Configuration;

public class SourceConfigTests
{
    private static SourceConfig Parse(string json) => SourceConfig.Parse(JsonDocument.Parse(json).RootElement, new SecretRedactor());

    [Fact]
    public void Parse_MinimalConfig_UsesDefaults()
    {
        var config = Parse("""{"api_key":"abc-123"}""");

        config.ApiKey.Should().Be("abc-123");
        config.BaseUrl.Should().Be(new Uri("https://api.ashbyhq.com/"));
        config.PageSize.Should().Be(100);
        config.RequestsPerMinute.Should().Be(600);
        config.MaxConcurrentStreams.Should().Be(4);
        config.StartDate.Should().BeNull();
    }

    [Fact]
    public void Parse_FullConfig_ReadsEveryOption()
    {
        var config = Parse("""{"api_key":"k","start_date":"2024-02-03T04:05:06Z","base_url":"http://127.0.0.1:8080","page_size":25,"requests_per_minute":120,"max_concurrent_streams":2,"unknown":1}""");

        config.StartDate.Should().Be(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero));
        config.BaseUrl.Should().Be(new Uri("http://127.0.0.1:8080/"));
        config.PageSize.Should().Be(25);
        config.RequestsPerMinute.Should().Be(120);
        config.MaxConcurrentStreams.Should().Be(2);
    }

    [Theory]
    [InlineData("http://localhost:1234")]
    [InlineData("http://127.0.0.5")]
    [InlineData("http://[::1]:99/")]
    [InlineData("https://proxy.example.com/ashby/")]
    public void Parse_AllowedBaseUrls_AreAccepted(string baseUrl)
    {
        var config = Parse($$"""{"api_key":"k","base_url":"{{baseUrl}}"}""");

        config.BaseUrl.AbsoluteUri.Should().EndWith("/");
    }

    [Theory]
    [InlineData("""[]""", "must be a JSON object")]
    [InlineData("""{}""", "api_key")]
    [InlineData("""{"api_key":""}""", "api_key")]
    [InlineData("""{"api_key":"   "}""", "api_key is empty")]
    [InlineData("""{"api_key":42}""", "api_key")]
    [InlineData("""{"api_key":"k","start_date":"2022-10-25"}""", "start_date must be a UTC date-time")]
    [InlineData("""{"api_key":"k","start_date":"2024-13-45T00:00:00Z"}""", "start_date")]
    [InlineData("""{"api_key":"k","page_size":0}""", "page_size")]
    [InlineData("""{"api_key":"k","page_size":101}""", "page_size")]
    [InlineData("""{"api_key":"k","page_size":"100"}""", "page_size")]
    [InlineData("""{"api_key":"k","requests_per_minute":0}""", "requests_per_minute")]
    [InlineData("""{"api_key":"k","max_concurrent_streams":0}""", "max_concurrent_streams")]
    [InlineData("""{"api_key":"k","base_url":"http://api.ashbyhq.com"}""", "plain http to a non-loopback host")]
    [InlineData("""{"api_key":"k","base_url":"ftp://x"}""", "base_url")]
    [InlineData("""{"api_key":"k","base_url":"https://x.example/?a=1"}""", "query")]
    public void Parse_InvalidConfig_ThrowsConfigErrorNamingTheProblem(string json, string expected)
    {
        var act = () => Parse(json);

        act.Should().Throw<ConnectorException>()
            .Where(e => e.FailureType == FailureType.ConfigError)
            .WithMessage($"*{expected}*");
    }

    [Fact]
    public void Parse_InvalidConfig_NeverEchoesTheKey()
    {
        const string canary = "canary-key-7f3a9c";
        var act = () => Parse($$"""{"api_key":"{{canary}}","page_size":500,"start_date":"{{canary}}"}""");

        act.Should().Throw<ConnectorException>().Which.Message.Should().NotContain(canary);
    }
}
