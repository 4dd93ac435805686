using System.Net;
using System.Text;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Http;

public sealed class AshbyClientRetryTests : FakeClockClientTest
{
    private readonly FakeAshbyHandler _ashby = new();
    private readonly AshbyClient _client;

    public AshbyClientRetryTests() => _client = Client(_ashby, o => o with { MaxRetries = 4 });

    private static readonly string OkPage = FakeAshbyHandler.Page(FakeAshbyHandler.Rows("c", 2), more: false);

    private Task<AshbyEnvelope> Post(RateLimitNotices? notices = null) =>
        Time.RunAsync(() => _client.PostAsync("candidate.list", Encoding.UTF8.GetBytes("{}"), "candidates", notices, CancellationToken.None));

    [Fact]
    public async Task Post_SendsBasicAuthJsonAndUserAgent()
    {
        _ashby.On("candidate.list", OkPage);

        using var page = await Post();

        var request = _ashby.Requests.Single();
        request.Authorization.Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestClient.Canary + ":")));
        request.ContentType.Should().StartWith("application/json");
        request.UserAgent.Should().StartWith("source-ashby/");
        page.RecordCount.Should().Be(2);
    }

    [Fact]
    public async Task Post_TwoThrottlesThenSuccess_MakesThreeRequestsAndHonoursRetryAfter()
    {
        var start = Time.GetUtcNow();
        _ashby.On("candidate.list", _ => WithRetryAfter(FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), HttpStatusCode.TooManyRequests), 7))
              .On("candidate.list", _ => WithRetryAfter(FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), HttpStatusCode.TooManyRequests), 7))
              .On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.Requests.Should().HaveCount(3);
        (Time.GetUtcNow() - start).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(14));
        page.RecordCount.Should().Be(2);
    }

    [Fact]
    public async Task Post_LongRetryAfter_TellsTheStreamItIsRateLimited()
    {
        var notices = _client.CreateNotices();
        _ashby.On("candidate.list", _ => WithRetryAfter(FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), HttpStatusCode.TooManyRequests), 30))
              .On("candidate.list", OkPage);

        using var page = await Post(notices);

        notices.Arrived.IsCompleted.Should().BeTrue();
        var until = notices.Take();
        until.Should().NotBeNull();
        until!.Value.Should().BeOnOrAfter(FakeClock.Epoch.AddSeconds(29));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task Post_ServerFaultThenSuccess_Retries(int status)
    {
        _ashby.On("candidate.list", _ => FakeAshbyHandler.Text("upstream trouble", (HttpStatusCode)status))
              .On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":""")]
    [InlineData("<html>maintenance</html>")]
    public async Task Post_CutOffOrNonJsonBodyWithStatus200_Retries(string body)
    {
        await AshbyHasAnswered();
        _ashby.On("candidate.list", body).On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.RequestsTo("candidate.list").Should().HaveCount(2);
        page.RecordCount.Should().Be(2);
    }

    [Fact]
    public async Task Post_Http200WithTransientCode_Retries()
    {
        _ashby.On("candidate.list", FakeAshbyHandler.Error("rate_limit_exceeded")).On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Post_ConnectionErrors_AreRetried()
    {
        _ashby.On("candidate.list", _ => throw new HttpRequestException("connection reset"))
              .On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Post_ConnectionBrokenMidBody_IsRetried()
    {
        _ashby.On("candidate.list", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreaksAfter(Encoding.UTF8.GetBytes(OkPage)[..20])) })
              .On("candidate.list", OkPage);

        using var page = await Post();

        _ashby.Requests.Should().HaveCount(2);
        page.RecordCount.Should().Be(2);
        Encoding.UTF8.GetString(Logs.ToArray()).Should().Contain("the connection broke while Ashby's answer was being read");
    }

    [Theory]
    [InlineData(401, null, nameof(AshbyErrorKind.BadCredentials))]
    [InlineData(403, null, nameof(AshbyErrorKind.BadCredentials))]
    [InlineData(403, "missing_endpoint_permission", nameof(AshbyErrorKind.MissingPermission))]
    [InlineData(200, "invalid_input", nameof(AshbyErrorKind.InvalidRequest))]
    [InlineData(200, "sync_token_expired", nameof(AshbyErrorKind.SyncTokenUnusable))]
    [InlineData(200, "invalid_next_cursor", nameof(AshbyErrorKind.CursorUnusable))]
    public async Task Post_PermanentErrors_AreNotRetried(int status, string? code, string expected)
    {
        _ashby.On("candidate.list", _ => code is null ? FakeAshbyHandler.Text("Unauthorized", (HttpStatusCode)status) : FakeAshbyHandler.Json(FakeAshbyHandler.Error(code), (HttpStatusCode)status));

        var act = () => Post();

        (await act.Should().ThrowAsync<AshbyApiException>()).Which.Kind.ToString().Should().Be(expected);
        _ashby.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Post_PersistentServerFault_GivesUpAsTransientAfterTheRetryBudget()
    {
        _ashby.Fallback = _ => FakeAshbyHandler.Text("down", HttpStatusCode.ServiceUnavailable);

        var act = () => Post();

        var error = (await act.Should().ThrowAsync<AshbyApiException>()).Which;
        error.Kind.Should().Be(AshbyErrorKind.Transient);
        error.FailureType.Should().Be(FailureType.TransientError);
        _ashby.Requests.Should().HaveCount(5);
    }

    [Fact]
    public async Task Post_SuccessWithoutEnvelope_IsASystemError()
    {
        await AshbyHasAnswered();
        _ashby.On("candidate.list", """{"results":[]}""");

        var act = () => Post();

        (await act.Should().ThrowAsync<AshbyApiException>()).Which.FailureType.Should().Be(FailureType.SystemError);
    }

    [Fact]
    public async Task Post_Throttle_SlowsTheSharedBudget()
    {
        var budget = _client.Budget;
        _ashby.On("candidate.list", _ => WithPartnerScope(FakeAshbyHandler.Json(FakeAshbyHandler.Error("rate_limit_exceeded"), HttpStatusCode.TooManyRequests)))
              .On("candidate.list", OkPage);

        using var page = await Post();

        budget.Throttles.Should().Be(1);
        budget.RateFactor.Should().BeLessThan(0.5);
    }

    /// <summary>
    /// One answered request first: before Ashby has answered once, a web page or JSON that is not an envelope
    /// means a wrong base_url (see WrongAddressTests), not a hiccup of Ashby's.
    /// </summary>
    private async Task AshbyHasAnswered()
    {
        using var first = await _client.PostOnClockAsync(Time, "apiKey.info");
    }

    private static HttpResponseMessage WithRetryAfter(HttpResponseMessage response, int seconds)
    {
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    private static HttpResponseMessage WithPartnerScope(HttpResponseMessage response)
    {
        response.Headers.Add("X-RateLimit-Scope", "integration-partner");
        return response;
    }

    /// <summary>A body that arrives in part, then the connection resets.</summary>
    private sealed class BreaksAfter(byte[] start) : MemoryStream(start)
    {
        public override int Read(byte[] buffer, int offset, int count) => OrReset(base.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            OrReset(await base.ReadAsync(buffer, cancellationToken));

        private static int OrReset(int read) => read > 0 ? read : throw new IOException("connection reset by peer");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
            _ashby.Dispose();
        }

        base.Dispose(disposing);
    }
}
