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

    /// <summary>Present only in the middle of a full pass read in creation-time windows (<see cref="WindowedPass"/>).</summary>
    [JsonPropertyName("windows")]
    public WindowsCheckpoint? Windows { get; init; }

    /// <summary>A child stream's rolling refresh (<see cref="ChildRefresh"/>): where its re-reading of parents stands.</summary>
    [JsonPropertyName("refresh")]
    public RefreshCheckpoint? Refresh { get; init; }
}

/// <summary>
/// Where a full pass read in creation-time windows stands: <c>count</c> windows cut the span <c>from</c>..<c>to</c>
/// (Unix ms) into equal parts, the first open below and the last open above; windows below <c>next</c> are begun,
/// and those of them in <c>open</c> not finished: each maps to the cursor of its next page ("" for its first).
/// </summary>
internal sealed record WindowsCheckpoint
{
    [JsonPropertyName("from")]
    public required long From { get; init; }

    [JsonPropertyName("to")]
    public required long To { get; init; }

    [JsonPropertyName("count")]
    public required int Count { get; init; }

    [JsonPropertyName("next")]
    public int Next { get; init; }

    [JsonPropertyName("open")]
    public Dictionary<string, string>? Open { get; init; }
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

/// <summary>
/// Where a child stream's rolling refresh stands (<see cref="ChildRefresh"/>). A cycle re-reads the children of every
/// parent once, a slice per sync; the parents are a ring from 0 to 1: their creation times from <c>range_start</c>
/// to <c>cycle_started</c> where the parent endpoint takes <c>createdBefore</c>, else a hash of their keys.
/// </summary>
internal sealed record RefreshCheckpoint
{
    /// <summary>When the cycle began (Unix ms); it is to end within the refresh period.</summary>
    [JsonPropertyName("cycle_started")]
    public required long CycleStarted { get; init; }

    /// <summary>Where the creation-time ring of the cycle begins (Unix ms); unset for a ring of key hashes.</summary>
    [JsonPropertyName("range_start")]
    public long? RangeStart { get; init; }

    /// <summary>How far round the ring the cycle has come: the parents up to here have had their children re-read.</summary>
    [JsonPropertyName("done")]
    public double Done { get; init; }

    /// <summary>When a sync last sized a slice (Unix ms): the next slice covers the time since.</summary>
    [JsonPropertyName("last_sync")]
    public required long LastSync { get; init; }

    /// <summary>The parents of the last whole cycle (or of the full read that began this one): a slice has at least a page of them.</summary>
    [JsonPropertyName("parents")]
    public long? Parents { get; init; }

    /// <summary>Parents re-read so far in this cycle.</summary>
    [JsonPropertyName("counted")]
    public long Counted { get; init; }

    /// <summary>The earliest parent creation time seen (Unix ms): where the next cycle's ring begins.</summary>
    [JsonPropertyName("first_created")]
    public long? FirstCreated { get; init; }

    /// <summary>Present while a slice is read: it ends here.</summary>
    [JsonPropertyName("slice_end")]
    public double? SliceEnd { get; init; }

    /// <summary>Present while a slice is read: where the listing of its parents resumes.</summary>
    [JsonPropertyName("pass")]
    public PassCheckpoint? Pass { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(StreamCheckpoint))]
[JsonSerializable(typeof(WindowsCheckpoint))]
[JsonSerializable(typeof(RefreshCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
