using System.Text.Json;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>What a stream's pager produces, in the order it is to be written out.</summary>
internal abstract record PassEvent;

/// <summary>
/// A page of records and the checkpoint that covers them: once the records are written, a sync that stops here
/// resumes from <paramref name="Checkpoint"/>; a child stream's pages in the middle of a parent's children have
/// none (a <see cref="Checkpointed"/> follows the parent). The page belongs to the stream's <see cref="PageOwner"/>:
/// a layer that changes the event makes a new one around the same page (<c>with</c>), and only the emitter releases it,
/// once written.
/// </summary>
internal sealed record PageRead(AshbyEnvelope Page, StreamCheckpoint? Checkpoint) : PassEvent
{
    /// <summary>The checkpoint that reads this page again (see <see cref="PageStep"/>); set by the pager.</summary>
    public StreamCheckpoint? Replay { get; init; }

    /// <summary>For a child or derived stream: the rows to write instead of the page's records as they are.</summary>
    public ParentRows? Rows { get; init; }

    public int RowCount => Rows?.Slices.Count ?? Page.RecordCount;
}

/// <summary>
/// The rows of a page that belong to a child or derived stream: slices of the page's records, each with the
/// parent key written first into it under <paramref name="AddedField"/> (null when Ashby's item has the field).
/// </summary>
internal sealed record ParentRows(string AddedField, IReadOnlyList<RowSlice> Slices);

/// <summary>
/// One row: bytes <paramref name="Start"/>..+<paramref name="Length"/> of record <paramref name="Record"/> of the
/// page, to be written with <paramref name="ParentKey"/> under the parent link's field when set; <paramref name="NullAt"/>
/// is where Ashby's row holds that field as null (-1 when it lacks it), so the key replaces the null.
/// </summary>
internal readonly record struct RowSlice(int Record, int Start, int Length, string? ParentKey, int NullAt = -1)
{
    /// <summary>The row at <paramref name="start"/> of record <paramref name="record"/>, given the parent key unless Ashby's row already has <paramref name="addedField"/> with a value.</summary>
    public static RowSlice Of(ReadOnlySpan<byte> recordBytes, int record, int start, int length, string addedField, string key) =>
        RawRecord.TopLevelValue(recordBytes.Slice(start, length), addedField) switch
        {
            null => new(record, start, length, key),
            { Token: JsonTokenType.Null } value => new(record, start, length, key, value.Start),
            _ => new(record, start, length, null),
        };
}

/// <summary>Everything before this point is written: the stream resumes from <paramref name="Checkpoint"/>.</summary>
internal sealed record Checkpointed(StreamCheckpoint Checkpoint) : PassEvent;

/// <summary>The stream's next request waits for the rate limit until <paramref name="ResumeAt"/>.</summary>
internal sealed record RateLimited(DateTimeOffset ResumeAt) : PassEvent;

/// <summary>A line for the log: where a pass starts, a recovery, the summary of a pass.</summary>
internal sealed record PassNote(LogLevel Level, string Message) : PassEvent;

/// <summary>
/// The stream has nothing to read in this attempt (an earlier one completed it): only <paramref name="Checkpoint"/>
/// is written, so the platform keeps it.
/// </summary>
internal sealed record NothingToRead(StreamCheckpoint Checkpoint) : PassEvent;
