namespace AshbySource.Http;

/// <summary>
/// A fault found while reading an answer inside one attempt (cut-off body, a connection reset mid-body, an
/// HTTP 200 carrying a throttling code), so the retry strategy treats it like a 5xx.
/// </summary>
internal sealed class AshbyTransientException(string message, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string? Code { get; } = code;
}
