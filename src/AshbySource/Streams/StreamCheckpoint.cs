using System.Text.Json;
using System.Text.Json.Serialization;

namespace AshbySource.Streams;

/// <summary>
/// The <c>stream_state</c> this connector writes and reads back (documented in the README).
/// <c>sync_token</c> is Ashby's token from the last complete pass; <c>pass</c> is present only mid-pass and
/// says where a killed sync resumes; <c>created_after</c> is the start-date filter the token was made with.
/// A child or derived stream's state is the state of its own pass over the parent endpoint, in the same shape;
/// a partitioned stream keeps one such state per partition value under <c>partitions</c>.
/// </summary>
internal sealed record StreamCheckpoint
{
    [JsonPropertyName("sync_token")]
    public string? SyncToken { get; init; }

    [JsonPropertyName("created_after")]
    public long? CreatedAfter { get; init; }

    [JsonPropertyName("pass")]
    public PassCheckpoint? Pass { get; init; }

    /// <summary>Written at the end of a full-refresh stream, as Airbyte's CDK does; the next sync starts over.</summary>
    [JsonPropertyName("__ab_full_refresh_sync_complete")]
    public bool? FullRefreshComplete { get; init; }

    /// <summary>A partitioned stream's state of each partition value read so far.</summary>
    [JsonPropertyName("partitions")]
    public Dictionary<string, StreamCheckpoint>? Partitions { get; init; }
}

/// <summary>
/// Where an interrupted pass goes on: the kind of pass and the cursor of its next page. For a child stream the
/// cursor may instead be that of a page whose parents were only partly done: <c>parents_done</c> of its parents
/// have every child row written (the cursor is absent when that page is the pass's first).
/// </summary>
internal sealed record PassCheckpoint
{
    public const string Full = "full";
    public const string Incremental = "incremental";

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("parents_done")]
    public int? ParentsDone { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(StreamCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
