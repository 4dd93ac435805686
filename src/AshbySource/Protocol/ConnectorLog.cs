namespace AshbySource.Protocol;

/// <summary>Log lines as protocol LOG messages (redacted by the writer); silent until a writer is attached.</summary>
internal sealed class ConnectorLog(MessageWriter writer)
{
    public void Info(string message) => writer.Log("INFO", message);

    public void Warn(string message) => writer.Log("WARN", message);

    public void Error(string message) => writer.Log("ERROR", message);
}
