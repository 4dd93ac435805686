using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>What a stream's pager produces, in the order it is to be written out.</summary>
internal abstract record PassEvent;

/// <summary>
/// A page of records and the checkpoint that covers them: once the records are written, a sync that stops here
/// resumes from <paramref name="Checkpoint"/>. The consumer owns the page and disposes it after writing it.
/// </summary>
internal sealed record PageRead(AshbyEnvelope Page, StreamCheckpoint Checkpoint) : PassEvent;

/// <summary>The stream's next request waits for the rate limit until <paramref name="ResumeAt"/>.</summary>
internal sealed record RateLimited(DateTimeOffset ResumeAt) : PassEvent;

/// <summary>A line for the log: where a pass starts, a recovery, the summary of a pass.</summary>
internal sealed record PassNote(LogLevel Level, string Message) : PassEvent;

/// <summary>
/// The stream has nothing to read in this attempt (an earlier one completed it): only <paramref name="Checkpoint"/>
/// is written, so the platform keeps it.
/// </summary>
internal sealed record NothingToRead(StreamCheckpoint Checkpoint) : PassEvent;
