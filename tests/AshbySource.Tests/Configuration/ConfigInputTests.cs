using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.Configuration;
using AshbySource.Protocol;

namespace AshbySource.Tests.Configuration;

/// <summary>Configs as users and tools really write them, and the messages a user gets for a wrong one.</summary>
public class ConfigInputTests
{
    private static SourceConfig Parse(string json) => SourceConfig.Parse(JsonDocument.Parse(json).RootElement, new SecretRedactor());

    private static string ErrorFor(string json)
    {
        var act = () => Parse(json);
        return act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.ConfigError).Which.Message;
    }

    [Fact]
    public void Parse_IntegersWrittenWithAFraction_AreReadAsIntegers()
    {
        // JSON Schema counts 100.0 as an integer, and some JSON writers (JavaScript, Python's float) write it so.
        var config = Parse("""{"api_key":"k","page_size":100.0,"requests_per_minute":6e2,"max_concurrent_streams":2.00}""");

        config.PageSize.Should().Be(100);
        config.RequestsPerMinute.Should().Be(600);
        config.MaxConcurrentStreams.Should().Be(2);
    }

    [Theory]
    [InlineData("page_size", "100.5")]
    [InlineData("requests_per_minute", "59.9")]
    [InlineData("max_concurrent_streams", "1.5")]
    public void Parse_AFraction_IsAConfigErrorNamingTheField(string field, string value)
    {
        ErrorFor($$"""{"api_key":"k","{{field}}":{{value}}}""").Should().Be($"The configuration is invalid: {field} must be a whole number, not a fraction.");
    }

    [Theory]
    [InlineData("""{"api_key":"k","base_url":"","start_date":""}""")]
    [InlineData("""{"api_key":"k","base_url":"  ","start_date":" "}""")]
    [InlineData("""{"api_key":"k","base_url":null,"start_date":null}""")]
    public void Parse_EmptyOptionalStrings_MeanNotSet(string json)
    {
        var config = Parse(json);

        config.BaseUrl.Should().Be(new Uri("https://api.ashbyhq.com/"));
        config.StartDate.Should().BeNull();
    }

    [Theory]
    [InlineData("""{}""", "api_key is missing: add \"api_key\" with your Ashby API key")]
    [InlineData("""{"base_url":""}""", "api_key is missing: add \"api_key\" with your Ashby API key")]
    [InlineData("""{"api_key":""}""", "api_key is empty: paste an Ashby API key")]
    [InlineData("""{"api_key":42}""", "api_key must be text in quotes, not a number")]
    [InlineData("""{"api_key":"k","page_size":"100"}""", "page_size must be a whole number, not text")]
    [InlineData("""{"api_key":"k","page_size":true}""", "page_size must be a whole number, not true/false")]
    [InlineData("""{"api_key":"k","page_size":0}""", "page_size must be between 1 and 100")]
    [InlineData("""{"api_key":"k","page_size":101}""", "page_size must be between 1 and 100")]
    [InlineData("""{"api_key":"k","requests_per_minute":0}""", "requests_per_minute must be between 1 and 1000000")]
    [InlineData("""{"api_key":"k","max_concurrent_streams":17}""", "max_concurrent_streams must be between 1 and 16")]
    [InlineData("""{"api_key":"k","start_date":"2022-10-25"}""", "start_date must be a UTC date-time like 2024-01-01T00:00:00Z")]
    [InlineData("""{"api_key":"k","start_date":["2024"]}""", "start_date must be text in quotes, not a list")]
    [InlineData("""{"api_key":"k","base_url":"ftp://x"}""", "base_url must look like https://api.ashbyhq.com")]
    [InlineData("""{"api_key":"k","base_url":{}}""", "base_url must be text in quotes, not an object")]
    public void Parse_SchemaViolations_ReadAsEnglish(string json, string expected)
    {
        ErrorFor(json).Should().Be($"The configuration is invalid: {expected}.");
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllNamed()
    {
        ErrorFor("""{"page_size":0,"max_concurrent_streams":"4"}""").Should().Be(
            "The configuration is invalid: api_key is missing: add \"api_key\" with your Ashby API key; "
            + "page_size must be between 1 and 100; max_concurrent_streams must be a whole number, not text.");
    }

    public static TheoryData<string, string> EveryConstraintOfTheSpec()
    {
        // One violation per constraint the spec declares, so a constraint added later is covered automatically.
        var data = new TheoryData<string, string>();
        var properties = JsonNode.Parse(SpecDocument.Json.ToArray())!["connectionSpecification"]!["properties"]!.AsObject();
        foreach (var (name, schema) in properties)
        {
            var wrongType = (string?)schema!["type"] == "string" ? "5" : "\"x\"";
            data.Add(name, $"{{\"{name}\":{wrongType}}}");
            if (schema["minimum"] is { } minimum)
            {
                data.Add(name, $"{{\"{name}\":{(long)minimum - 1}}}");
            }

            if (schema["maximum"] is { } maximum)
            {
                data.Add(name, $"{{\"{name}\":{(long)maximum + 1}}}");
            }

            if (schema["pattern"] is not null || schema["format"] is not null)
            {
                data.Add(name, $"{{\"{name}\":\"not-like-that\"}}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryConstraintOfTheSpec))]
    public void Parse_EveryConstraintOfTheSpec_GetsAnEnglishMessageNamingTheField(string field, string violation)
    {
        var json = violation.Replace("{", field == "api_key" ? "{" : "{\"api_key\":\"k\",", StringComparison.Ordinal);

        var message = ErrorFor(json);

        message.Should().Contain($"{field} ");
        foreach (var internals in new[] { "[", "]", "should", "Value is", "Required properties", "not present", "Expected", "JsonElement", "System." })
        {
            message.Should().NotContain(internals, $"the message for {json} is for a person, not a schema library");
        }
    }
}
