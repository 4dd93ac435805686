namespace AshbySource.Protocol;

/// <summary>The <c>status</c> of a STREAM_STATUS trace.</summary>
internal enum StreamStatus
{
    Started,
    Running,
    Complete,
    Incomplete,
}

/// <summary>The <c>level</c> of a LOG message.</summary>
internal enum LogLevel
{
    Info,
    Warn,
    Error,
}

internal static class ProtocolEnumExtensions
{
    public static ReadOnlySpan<byte> ToWireName(this StreamStatus status) => status switch
    {
        StreamStatus.Started => "STARTED"u8,
        StreamStatus.Running => "RUNNING"u8,
        StreamStatus.Complete => "COMPLETE"u8,
        _ => "INCOMPLETE"u8,
    };

    public static ReadOnlySpan<byte> ToWireName(this LogLevel level) => level switch
    {
        LogLevel.Info => "INFO"u8,
        LogLevel.Warn => "WARN"u8,
        _ => "ERROR"u8,
    };
}
