namespace AshbySource.Protocol;

/// <summary>Log lines as protocol LOG messages, written right away (and redacted) by the message writer.</summary>
internal sealed class ConnectorLog(MessageWriter writer)
{
    public void Info(string message) => writer.Log(LogLevel.Info, message);

    public void Warn(string message) => writer.Log(LogLevel.Warn, message);

    public void Error(string message) => writer.Log(LogLevel.Error, message);

    public void Write(LogLevel level, string message) => writer.Log(level, message);
}
