namespace AshbySource.Protocol;

/// <summary>
/// A failure the connector understands: a message a user can act on, the protocol failure type, and an
/// internal message for the logs. Never put the API key into either message.
/// </summary>
internal class ConnectorException : Exception
{
    public ConnectorException(string message, FailureType failureType, string? internalMessage = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FailureType = failureType;
        InternalMessage = internalMessage;
    }

    public FailureType FailureType { get; }

    public string? InternalMessage { get; }
}
