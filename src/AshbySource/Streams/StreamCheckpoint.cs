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
/// Where a full pass read in creation-time windows stands: <paramref name="Count"/> windows cut the span
/// <paramref name="From"/>..<paramref name="To"/> (Unix ms) into equal parts, the first open below and the last open
/// above; windows below <paramref name="Next"/> are begun, and those of them in <paramref name="Open"/> not finished:
/// each maps to the cursor of its next page ("" for its first).
/// </summary>
internal sealed record WindowsCheckpoint(
    [property: JsonPropertyName("from")] long From,
    [property: JsonPropertyName("to")] long To,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("next")] int Next = 0,
    [property: JsonPropertyName("open")] Dictionary<string, string>? Open = null);

/// <summary>
/// Where a child stream's rolling refresh stands (<see cref="ChildRefresh"/>). A cycle re-reads the children of every
/// parent once, a slice per sync; the parents are a ring from 0 to 1: their creation times from
/// <paramref name="RangeStart"/> to <paramref name="CycleStarted"/> where the parent endpoint takes <c>createdBefore</c>,
/// else a hash of their keys.
/// </summary>
/// <param name="CycleStarted">When the cycle began (Unix ms); it is to end within the refresh period.</param>
/// <param name="RangeStart">Where the creation-time ring of the cycle begins (Unix ms); unset for a ring of key hashes.</param>
/// <param name="Done">How far round the ring the cycle has come: the parents up to here have had their children re-read.</param>
/// <param name="LastSync">When a sync last sized a slice (Unix ms): the next slice covers the time since.</param>
/// <param name="Parents">The parents of the last whole cycle (or of the full read that began this one): a slice has at least a page of them.</param>
/// <param name="Counted">Parents re-read so far in this cycle.</param>
/// <param name="FirstCreated">The earliest parent creation time seen (Unix ms): where the next cycle's ring begins.</param>
/// <param name="SliceEnd">Present while a slice is read: it ends here.</param>
/// <param name="Pass">Present while a slice is read: where the listing of its parents resumes.</param>
internal sealed record RefreshCheckpoint(
    [property: JsonPropertyName("cycle_started")] long CycleStarted,
    [property: JsonPropertyName("range_start")] long? RangeStart,
    [property: JsonPropertyName("done")] double Done,
    [property: JsonPropertyName("last_sync")] long LastSync,
    [property: JsonPropertyName("parents")] long? Parents,
    [property: JsonPropertyName("counted")] long Counted = 0,
    [property: JsonPropertyName("first_created")] long? FirstCreated = null,
    [property: JsonPropertyName("slice_end")] double? SliceEnd = null,
    [property: JsonPropertyName("pass")] PassCheckpoint? Pass = null);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(StreamCheckpoint))]
[JsonSerializable(typeof(WindowsCheckpoint))]
[JsonSerializable(typeof(RefreshCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
