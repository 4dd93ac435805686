using System.Net;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Tests.Http;

public class AshbyErrorClassifierTests
{
    [Theory]
    // Codes of the table; a code says more than the status it came with.
    [InlineData(200, "missing_endpoint_permission", nameof(AshbyErrorKind.MissingPermission), nameof(ResponseAction.Fail))]
    [InlineData(403, "missing_endpoint_permission", nameof(AshbyErrorKind.MissingPermission), nameof(ResponseAction.Fail))]
    [InlineData(200, "sync_token_expired", nameof(AshbyErrorKind.SyncTokenUnusable), nameof(ResponseAction.DropToken))]
    [InlineData(200, "sync_token_invalid", nameof(AshbyErrorKind.SyncTokenUnusable), nameof(ResponseAction.DropToken))]
    [InlineData(500, "sync_token_expired", nameof(AshbyErrorKind.SyncTokenUnusable), nameof(ResponseAction.DropToken))]
    [InlineData(400, "incremental_sync_too_large", nameof(AshbyErrorKind.SyncTokenUnusable), nameof(ResponseAction.DropToken))]
    [InlineData(200, "next_cursor_expired", nameof(AshbyErrorKind.CursorUnusable), nameof(ResponseAction.RestartPass))]
    [InlineData(200, "invalid_next_cursor", nameof(AshbyErrorKind.CursorUnusable), nameof(ResponseAction.RestartPass))]
    [InlineData(200, "rate_limit_exceeded", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(503, "rate_limit_exceeded", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(429, "concurrent_limit_exceeded", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(503, "concurrent_limit_exceeded", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(200, "internal_error", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(200, "service_unavailable", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(200, "invalid_input", nameof(AshbyErrorKind.InvalidRequest), nameof(ResponseAction.Fail))]
    [InlineData(500, "invalid_input", nameof(AshbyErrorKind.InvalidRequest), nameof(ResponseAction.Fail))]
    [InlineData(403, "invalid_api_key", nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(200, "unauthenticated", nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(401, "unauthorized", nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(403, "forbidden", nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    // Codes known by their pattern: <object>_not_found, and any code that names the API version, however it is spelt
    // (that code is not documented).
    [InlineData(200, "application_not_found", nameof(AshbyErrorKind.ObjectGone), nameof(ResponseAction.Fail))]
    [InlineData(200, "candidate_not_found", nameof(AshbyErrorKind.ObjectGone), nameof(ResponseAction.Fail))]
    [InlineData(404, "application_not_found", nameof(AshbyErrorKind.ObjectGone), nameof(ResponseAction.Fail))]
    [InlineData(400, "api_version_removed", nameof(AshbyErrorKind.VersionRefused), nameof(ResponseAction.Fail))]
    [InlineData(400, "invalid_api_version", nameof(AshbyErrorKind.VersionRefused), nameof(ResponseAction.Fail))]
    [InlineData(400, "ApiVersionNotSupported", nameof(AshbyErrorKind.VersionRefused), nameof(ResponseAction.Fail))]
    // Codes the table does not know: the status decides, but an unknown code on a 400 is Ashby refusing something it
    // did not explain, not a bad request of ours.
    [InlineData(404, "not_found", nameof(AshbyErrorKind.UnknownEndpoint), nameof(ResponseAction.Fail))]
    [InlineData(200, "feature_not_enabled", nameof(AshbyErrorKind.Unexpected), nameof(ResponseAction.Fail))]
    [InlineData(400, "feature_not_enabled", nameof(AshbyErrorKind.Unexpected), nameof(ResponseAction.Fail))]
    [InlineData(401, "whatever", nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(429, "whatever", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(502, "whatever", nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    // No code: the status alone.
    [InlineData(200, null, nameof(AshbyErrorKind.Unexpected), nameof(ResponseAction.Fail))]
    [InlineData(401, null, nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(403, null, nameof(AshbyErrorKind.BadCredentials), nameof(ResponseAction.Fail))]
    [InlineData(408, null, nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(429, null, nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Throttle))]
    [InlineData(500, null, nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(503, null, nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(504, null, nameof(AshbyErrorKind.Transient), nameof(ResponseAction.Retry))]
    [InlineData(400, null, nameof(AshbyErrorKind.InvalidRequest), nameof(ResponseAction.Fail))]
    [InlineData(418, null, nameof(AshbyErrorKind.InvalidRequest), nameof(ResponseAction.Fail))]
    [InlineData(404, null, nameof(AshbyErrorKind.UnknownEndpoint), nameof(ResponseAction.Fail))]
    public void Resolve_MapsStatusAndCode_ToAKindAndAnAction(int status, string? code, string kind, string action)
    {
        var resolution = Resolve(status, code);

        resolution.Kind.ToString().Should().Be(kind);
        resolution.Action.ToString().Should().Be(action);
    }

    [Theory]
    [InlineData(nameof(AttemptFault.Timeout), "timeout")]
    [InlineData(nameof(AttemptFault.Network), "network_error")]
    [InlineData(nameof(AttemptFault.UnreadableBody), "unreadable_response")]
    public void Resolve_AttemptFaultsAreRetriedAndNamedInTheMessage(string fault, string named)
    {
        var resolution = AshbyErrorClassifier.Resolve("candidate.list", Enum.Parse<AttemptFault>(fault));

        resolution.Action.Should().Be(ResponseAction.Retry);
        resolution.FailureType.Should().Be(FailureType.TransientError);
        resolution.Message.Should().Be($"Ashby did not answer candidate.list successfully after several retries ({named}). This is usually temporary; the next attempt resumes from the last checkpoint.");
    }

    [Fact]
    public void Resolve_SuccessWithoutAnEnvelope_FailsAsASystemError()
    {
        var resolution = AshbyErrorClassifier.Resolve("candidate.list", AttemptFault.NotAnEnvelope);

        resolution.Action.Should().Be(ResponseAction.Fail);
        resolution.FailureType.Should().Be(FailureType.SystemError);
        resolution.Message.Should().Be("Ashby answered candidate.list with JSON that is not an Ashby answer (no 'success' field). If base_url points to a proxy, check what it returns.");
    }

    [Fact]
    public void Resolve_UnknownCode_QuotesAshbyAndSaysWhatToDoWithoutCallingItABug()
    {
        var resolution = AshbyErrorClassifier.Resolve("application.listCriteriaEvaluations", HttpStatusCode.OK, "feature_not_enabled", "AI Application Review is not enabled", "01JREQ");

        resolution.FailureType.Should().Be(FailureType.SystemError);
        resolution.Message.Should().Contain("application.listCriteriaEvaluations").And.Contain("feature_not_enabled")
            .And.Contain("AI Application Review is not enabled").And.Contain("01JREQ").And.Contain("deselect the stream")
            .And.NotContain("connector bug");
        AshbyErrorClassifier.IsRefusal(resolution).Should().BeTrue();
    }

    [Fact]
    public void Resolve_InvalidInput_IsAConnectorBugWithTheRequestId()
    {
        var resolution = AshbyErrorClassifier.Resolve("candidate.list", HttpStatusCode.OK, "invalid_input", "limit must be at most 100", "01JREQ");

        resolution.Message.Should().Contain("connector bug").And.Contain("limit must be at most 100").And.Contain("01JREQ");
    }

    [Fact]
    public void Resolve_RefusedVersion_IsAConfigErrorAskingForAnUpgrade()
    {
        var resolution = AshbyErrorClassifier.Resolve("candidate.list", HttpStatusCode.BadRequest, "api_version_removed", "API version 2026-01-01 has been removed", "01JREQ");

        resolution.FailureType.Should().Be(FailureType.ConfigError);
        resolution.Message.Should().Contain("Upgrade the connector").And.Contain("api_version_removed").And.Contain("01JREQ");
    }

    [Theory]
    [InlineData(typeof(Polly.Timeout.TimeoutRejectedException), nameof(AttemptFault.Timeout))]
    [InlineData(typeof(HttpRequestException), nameof(AttemptFault.Network))]
    [InlineData(typeof(IOException), nameof(AttemptFault.Network))]
    [InlineData(typeof(OperationCanceledException), null)]
    [InlineData(typeof(InvalidOperationException), null)]
    public void FaultOf_KnowsOnlyTheExceptionsAshbyAnswersFor(Type exception, string? expected) =>
        (AshbyErrorClassifier.FaultOf((Exception)Activator.CreateInstance(exception)!)?.ToString()).Should().Be(expected);

    [Theory]
    [InlineData(nameof(AshbyErrorKind.BadCredentials), FailureType.ConfigError)]
    [InlineData(nameof(AshbyErrorKind.MissingPermission), FailureType.ConfigError)]
    [InlineData(nameof(AshbyErrorKind.Transient), FailureType.TransientError)]
    [InlineData(nameof(AshbyErrorKind.InvalidRequest), FailureType.SystemError)]
    [InlineData(nameof(AshbyErrorKind.Unexpected), FailureType.SystemError)]
    public void ToFailureType_FollowsTheProtocol(string kind, FailureType expected) =>
        AshbyErrorClassifier.ToFailureType(Enum.Parse<AshbyErrorKind>(kind)).Should().Be(expected);

    private static ErrorResolution Resolve(int status, string? code) =>
        AshbyErrorClassifier.Resolve("candidate.list", (HttpStatusCode)status, code, "message");
}
