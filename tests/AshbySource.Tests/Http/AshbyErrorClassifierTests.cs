using System.Net;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Tests.Http;

public class AshbyErrorClassifierTests
{
    [Theory]
    [InlineData(200, "missing_endpoint_permission", AshbyErrorKind.MissingPermission)]
    [InlineData(403, "missing_endpoint_permission", AshbyErrorKind.MissingPermission)]
    [InlineData(200, "sync_token_expired", AshbyErrorKind.SyncTokenUnusable)]
    [InlineData(200, "sync_token_invalid", AshbyErrorKind.SyncTokenUnusable)]
    [InlineData(400, "incremental_sync_too_large", AshbyErrorKind.SyncTokenUnusable)]
    [InlineData(200, "next_cursor_expired", AshbyErrorKind.CursorUnusable)]
    [InlineData(200, "invalid_next_cursor", AshbyErrorKind.CursorUnusable)]
    [InlineData(200, "rate_limit_exceeded", AshbyErrorKind.Transient)]
    [InlineData(429, "concurrent_limit_exceeded", AshbyErrorKind.Transient)]
    [InlineData(200, "invalid_input", AshbyErrorKind.InvalidRequest)]
    [InlineData(200, "application_not_found", AshbyErrorKind.Unexpected)]
    [InlineData(200, null, AshbyErrorKind.Unexpected)]
    [InlineData(401, null, AshbyErrorKind.BadCredentials)]
    [InlineData(403, null, AshbyErrorKind.BadCredentials)]
    [InlineData(403, "invalid_api_key", AshbyErrorKind.BadCredentials)]
    [InlineData(408, null, AshbyErrorKind.Transient)]
    [InlineData(429, null, AshbyErrorKind.Transient)]
    [InlineData(500, null, AshbyErrorKind.Transient)]
    [InlineData(502, "whatever", AshbyErrorKind.Transient)]
    [InlineData(503, null, AshbyErrorKind.Transient)]
    [InlineData(504, null, AshbyErrorKind.Transient)]
    [InlineData(400, null, AshbyErrorKind.InvalidRequest)]
    [InlineData(404, null, AshbyErrorKind.InvalidRequest)]
    public void Classify_MapsStatusAndCode(int status, string? code, AshbyErrorKind expected) =>
        AshbyErrorClassifier.Classify((HttpStatusCode)status, code).Should().Be(expected);

    [Theory]
    [InlineData(AshbyErrorKind.BadCredentials, FailureType.ConfigError)]
    [InlineData(AshbyErrorKind.MissingPermission, FailureType.ConfigError)]
    [InlineData(AshbyErrorKind.Transient, FailureType.TransientError)]
    [InlineData(AshbyErrorKind.InvalidRequest, FailureType.SystemError)]
    [InlineData(AshbyErrorKind.Unexpected, FailureType.SystemError)]
    public void ToFailureType_FollowsTheProtocol(AshbyErrorKind kind, FailureType expected) =>
        AshbyErrorClassifier.ToFailureType(kind).Should().Be(expected);
}
