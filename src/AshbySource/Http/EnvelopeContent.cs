using System.Net;

namespace AshbySource.Http;

/// <summary>A response body already read and parsed inside the attempt that received it.</summary>
internal sealed class EnvelopeContent : HttpContent
{
    public EnvelopeContent(AshbyEnvelope? envelope, string? unparsedText)
    {
        Envelope = envelope;
        UnparsedText = unparsedText;
    }

    /// <summary>The parsed answer, or null when the body was not a JSON object.</summary>
    public AshbyEnvelope? Envelope { get; private set; }

    /// <summary>The start of a body that was not JSON (a proxy page, "Unauthorized"), for messages.</summary>
    public string? UnparsedText { get; }

    /// <summary>Hands the envelope (and its buffer) to the caller; disposing the content no longer frees it.</summary>
    public AshbyEnvelope? TakeEnvelope()
    {
        var envelope = Envelope;
        Envelope = null;
        return envelope;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        throw new NotSupportedException("the body was consumed by the Ashby envelope parser");

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Envelope?.Dispose();
            Envelope = null;
        }

        base.Dispose(disposing);
    }
}
