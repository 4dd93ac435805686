using AshbySource.Protocol;

namespace AshbySource.Http;

/// <summary>What the connector does about a failed attempt.</summary>
internal enum ResponseAction
{
    /// <summary>Send the same request again after a back-off.</summary>
    Retry,

    /// <summary>Ashby throttled us: slow the shared rate budget down, then send the same request again.</summary>
    Throttle,

    /// <summary>The page cursor cannot be used: start the pass again from its first page.</summary>
    RestartPass,

    /// <summary>The stored sync token cannot be used: drop it and read the table in full.</summary>
    DropToken,

    /// <summary>Nothing the connector can do: the stream fails with the message.</summary>
    Fail,
}

/// <summary>
/// One row of the error table: what a failure is, what the connector does about it, who has to act and what
/// the user is told. The shape of Airbyte CDK's <c>ErrorResolution</c>
/// (https://github.com/airbytehq/airbyte-python-cdk/blob/main/airbyte_cdk/sources/streams/http/error_handlers/default_error_mapping.py).
/// </summary>
/// <param name="Kind">What went wrong, for callers that tell failures of one action apart (a missing permission).</param>
/// <param name="Action">What the connector does about it.</param>
/// <param name="FailureType">Who has to act when the failure ends the stream.</param>
/// <param name="Message">What the user is told when the failure ends the stream.</param>
/// <param name="Code">Ashby's error code, or the name of the fault when Ashby sent none.</param>
internal sealed record ErrorResolution(AshbyErrorKind Kind, ResponseAction Action, FailureType FailureType, string Message, string? Code)
{
    /// <summary>Whether the same request is sent again.</summary>
    public bool IsRetried => Action is ResponseAction.Retry or ResponseAction.Throttle;
}
