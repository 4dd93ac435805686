using System.Net;
using System.Text;

namespace AshbyEmulator.Tests;

public sealed class AuthTests(SharedEmulator emulator) : SlowTests, IClassFixture<SharedEmulator>
{
    private readonly AshbyClient _client = emulator.Client;

    [Fact]
    public async Task Missing_or_garbled_credentials_are_401_unauthenticated()
    {
        var missing = await new AshbyClient(emulator.BaseUrl, apiKey: null).PostAsync("candidate.list");
        missing.Status.Should().Be(HttpStatusCode.Unauthorized);
        missing.ErrorCode.Should().Be("unauthenticated");

        using var request = new HttpRequestMessage(HttpMethod.Post, "candidate.list") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
        using var garbled = await _client.Http.SendAsync(request);
        garbled.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_key_is_403_invalid_api_key()
    {
        var reply = await _client.PostAsync("candidate.list", "{}", key: "no-such-key");
        reply.Status.Should().Be(HttpStatusCode.Forbidden);
        reply.ErrorCode.Should().Be("invalid_api_key");
        reply.Success.Should().BeFalse();
    }

    [Theory]
    [InlineData(DemoKeys.NoOffers, "offer.list", "offersRead")]
    [InlineData(DemoKeys.NoApiKeys, "apiKey.info", "apiKeysRead")]
    [InlineData(DemoKeys.JobsOnly, "candidate.list", "candidatesRead")]
    [InlineData(DemoKeys.JobsOnly, "apiKey.info", "apiKeysRead")]
    [InlineData(DemoKeys.Nothing, "job.list", "jobsRead")]
    [InlineData(DemoKeys.Nothing, "user.list", "organizationRead")]
    [InlineData(DemoKeys.Nothing, "source.list", "hiringProcessMetadataRead")]
    [InlineData(DemoKeys.Nothing, "interview.list", "interviewsRead")]
    public async Task Missing_scope_is_403_missing_endpoint_permission_naming_the_permission(string key, string endpoint, string permission)
    {
        var reply = await _client.PostAsync(endpoint, "{}", key);
        reply.Status.Should().Be(HttpStatusCode.Forbidden);
        reply.ErrorCode.Should().Be("missing_endpoint_permission");
        reply.Json.GetProperty("errors")[0].GetString().Should().Be("missing_endpoint_permission");
        reply.Json.GetProperty("errorInfo").GetProperty("message").GetString().Should().Contain(permission);
    }

    [Theory]
    [InlineData(DemoKeys.JobsOnly, "job.list")]
    [InlineData(DemoKeys.JobsOnly, "jobPosting.list")]
    [InlineData(DemoKeys.JobsOnly, "opening.list")]
    [InlineData(DemoKeys.NoOffers, "candidate.list")]
    [InlineData(DemoKeys.NoApiKeys, "offer.list")]
    public async Task Keys_with_the_scope_are_served(string key, string endpoint) =>
        (await _client.PostAsync(endpoint, "{}", key)).Success.Should().BeTrue();

    [Fact]
    public async Task Api_key_info_reports_title_created_at_and_scopes()
    {
        var reply = await _client.PostAsync("apiKey.info", "{}");
        var results = reply.Json.GetProperty("results");
        results.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        results.GetProperty("createdAt").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        results.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Should().Contain(["candidates:read", "offers:read", "apiKeys:read"]);

        var noOffers = await _client.PostAsync("apiKey.info", "{}", DemoKeys.NoOffers);
        noOffers.Json.GetProperty("results").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Should().NotContain("offers:read");
    }

    [Fact]
    public async Task Transport_rules_content_type_body_method_and_path()
    {
        (await _client.PostAsync("candidate.list", "{}", contentType: "text/plain")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await _client.PostAsync("candidate.list", "{}", contentType: "application/json; charset=utf-8")).Success.Should().BeTrue();
        foreach (var body in new[] { "", "[]", "null", "{", "42" })
        {
            var reply = await _client.PostAsync("candidate.list", body);
            reply.Status.Should().Be(HttpStatusCode.OK, body);
            reply.ErrorCode.Should().Be("invalid_input", body);
        }
        using var get = await _client.Http.GetAsync("candidate.list");
        get.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        var unknown = await _client.PostAsync("candidate.explode", "{}");
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.Success.Should().BeFalse();
    }

    [Fact]
    public async Task Wrongly_typed_parameters_are_invalid_input()
    {
        (await _client.PostAsync("department.list", "{\"includeArchived\":\"yes\"}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("candidate.list", "{\"createdAfter\":\"2024-01-01\"}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("job.list", "{\"status\":[\"Sleeping\"]}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("offer.list", "{\"acceptanceStatus\":[]}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("application.list", "{\"jobId\":\"nope\"}")).ErrorCode.Should().Be("invalid_input");
        (await _client.PostAsync("candidate.list", "{\"someUnknownField\":1}")).Success.Should().BeTrue("unknown fields are ignored");
    }
}
