namespace AshbySource.Protocol;

/// <summary>The protocol's <c>failure_type</c> of an error trace: who has to act.</summary>
public enum FailureType
{
    /// <summary>The user must change the config, the key or its permissions.</summary>
    ConfigError,

    /// <summary>Worth retrying later: network, 5xx, throttling.</summary>
    TransientError,

    /// <summary>A bug or an answer the connector does not understand.</summary>
    SystemError,
}

internal static class FailureTypeExtensions
{
    public static string ToWireName(this FailureType type) => type switch
    {
        FailureType.ConfigError => "config_error",
        FailureType.TransientError => "transient_error",
        _ => "system_error",
    };
}
