using System.Net;
using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>An Ashby answer that the sync cannot use as data.</summary>
internal sealed class AshbyApiException : ConnectorException
{
    public AshbyApiException(AshbyErrorKind kind, string endpoint, HttpStatusCode? status, string? code, string? ashbyMessage, string? requestId, Exception? inner = null)
        : base(
            AshbyErrorClassifier.Describe(kind, endpoint, code, ashbyMessage),
            AshbyErrorClassifier.ToFailureType(kind),
            $"{endpoint}: HTTP {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}, code {code ?? "-"}, message {ashbyMessage ?? "-"}, requestId {requestId ?? "-"}",
            inner)
    {
        Kind = kind;
        Endpoint = endpoint;
        Code = code;
        StatusCode = status;
    }

    public AshbyErrorKind Kind { get; }

    public string Endpoint { get; }

    public string? Code { get; }

    public HttpStatusCode? StatusCode { get; }
}
