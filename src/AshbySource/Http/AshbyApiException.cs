using System.Globalization;
using System.Net;
using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>An Ashby answer that the sync cannot use as data, with the table's resolution of it.</summary>
internal sealed class AshbyApiException : ConnectorException
{
    public AshbyApiException(ErrorResolution resolution, string endpoint, HttpStatusCode? status, string? ashbyMessage, string? requestId, Exception? inner = null)
        : base(
            resolution.Message,
            resolution.FailureType,
            $"{endpoint}: HTTP {(status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "-")}, code {resolution.Code ?? "-"}, message {ashbyMessage ?? "-"}, requestId {requestId ?? "-"}",
            inner)
    {
        Resolution = resolution;
    }

    public ErrorResolution Resolution { get; }

    public AshbyErrorKind Kind => Resolution.Kind;
}
