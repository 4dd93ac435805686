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
        Endpoint = endpoint;
        AshbyMessage = ashbyMessage;
        RequestId = requestId;
    }

    public ErrorResolution Resolution { get; }

    public string Endpoint { get; }

    /// <summary>What Ashby's answer said, when it said anything.</summary>
    public string? AshbyMessage { get; }

    /// <summary>Ashby's id of the request, for its support.</summary>
    public string? RequestId { get; }

    public AshbyErrorKind Kind => Resolution.Kind;
}
