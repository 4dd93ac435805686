using System.Runtime.CompilerServices;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// Turns one configured stream into the events of its passes, by the shape of its table row: a plain stream is
/// one pass through the pager; a partitioned stream is one pass per partition value, each with its own state; a
/// derived stream takes its rows out of its parent's pages; a child stream fans out over its parent's rows
/// (<see cref="ChildFanOut"/>), and in incremental syncs also re-reads a rolling slice of them (<see cref="ChildRefresh"/>);
/// a full-refresh pass of an endpoint that takes <c>createdBefore</c> reads creation-time windows side by side
/// (<see cref="WindowedPass"/>). Made once per run: every pass it reads is planned with the run's <see cref="PassSettings"/>.
/// </summary>
internal sealed class StreamPasses(StreamPager pager, PassSettings settings)
{
    /// <summary>The events of <paramref name="stream"/>'s passes from <paramref name="stored"/>; its pages belong to <paramref name="pages"/>.</summary>
    public IAsyncEnumerable<PassEvent> ReadAsync(StreamDefinition stream, SyncMode mode, StreamCheckpoint? stored, PageOwner pages, CancellationToken cancellationToken)
    {
        if (stream.IsChild)
        {
            return mode == SyncMode.Incremental
                ? new ChildRefresh(this, stream, pages).ReadAsync(stored, cancellationToken)
                : new ChildFanOut(this, stream, pages).ReadAsync(ParentPassAsync(stream, mode, stored, pages, cancellationToken), cancellationToken);
        }

        if (stream.IsDerived)
        {
            return ReadDerivedAsync(stream, ParentPassAsync(stream, mode, stored, pages, cancellationToken), cancellationToken);
        }

        if (stream.Partitions is not null)
        {
            return ReadPartitionsAsync(stream, mode, stored, pages, cancellationToken);
        }

        if (mode == SyncMode.FullRefresh && stream.CreatedBefore)
        {
            return new WindowedPass(this, stream, pages).ReadAsync(stored, cancellationToken);
        }

        return PassAsync(stream, mode, stored, pages, cancellationToken);
    }

    /// <summary>One pass of <paramref name="stream"/>'s endpoint from <paramref name="stored"/>, planned with the run's settings.</summary>
    internal IAsyncEnumerable<PassEvent> PassAsync(StreamDefinition stream, SyncMode mode, StreamCheckpoint? stored, PageOwner pages, CancellationToken cancellationToken, RequestScope? scope = null, string? label = null, CreationWindow? window = null) =>
        pager.ReadAsync(new PassPlanner(stream, mode, settings, stored, scope, label, window), pages, cancellationToken);

    /// <summary>The run's settings, for the layers that size their passes from them.</summary>
    internal PassSettings Settings => settings;

    /// <summary>The pass over the parent endpoint that a child or derived stream keeps its own state of.</summary>
    internal IAsyncEnumerable<PassEvent> ParentPassAsync(StreamDefinition stream, SyncMode mode, StreamCheckpoint? stored, PageOwner pages, CancellationToken cancellationToken) =>
        PassAsync(stream.PassStream, mode, stored, pages, cancellationToken, label: $"{stream.Name} (pass over {stream.Parent!.Stream})");

    /// <summary>Each parent page becomes one page of the objects in its rows' array, each with the parent's key.</summary>
    private static async IAsyncEnumerable<PassEvent> ReadDerivedAsync(StreamDefinition stream, IAsyncEnumerable<PassEvent> parentPass, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var link = stream.Parent!;
        var objects = new List<(int Start, int Length)>();
        long parents = 0, parentsWithout = 0;
        await foreach (var passEvent in parentPass.WithCancellation(cancellationToken))
        {
            if (passEvent is not PageRead read)
            {
                yield return passEvent;
                continue;
            }

            // Rows of a resumed page that were written before the stop are not written again.
            var slices = new List<RowSlice>();
            for (var i = read.Replay?.Pass?.ParentsDone ?? 0; i < read.Page.RecordCount; i++)
            {
                var parent = read.Page.RecordAt(i);
                var key = ParentKey(parent, link, stream.PassStream);
                objects.Clear();
                parents++;
                if (RawRecord.ArrayObjects(parent, link.ArrayField!, objects) == 0)
                {
                    parentsWithout++;
                }

                foreach (var (start, length) in objects)
                {
                    slices.Add(RowSlice.Of(parent, i, start, length, link.AddedField, key));
                }
            }

            yield return read with { Rows = new ParentRows(link.AddedField, slices) };
        }

        yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: {parentsWithout} of {parents} {link.Stream} rows read had no {link.ArrayField} (absent, null or empty), so no rows.");
    }

    /// <summary>One pass per partition value, in the table's order; the state holds each partition's checkpoint.</summary>
    private async IAsyncEnumerable<PassEvent> ReadPartitionsAsync(StreamDefinition stream, SyncMode mode, StreamCheckpoint? stored, PageOwner pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partitions = stream.Partitions!;
        if (mode == SyncMode.FullRefresh && stored?.FullRefreshComplete == true)
        {
            // As for every full-refresh stream: an earlier attempt of this sync read every partition already.
            yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: an earlier attempt of this sync already read every partition (__ab_full_refresh_sync_complete); nothing is read again.");
            yield return new NothingToRead(stored);
            yield break;
        }

        var states = new Dictionary<string, StreamCheckpoint>(StringComparer.Ordinal);
        foreach (var value in partitions.Values)
        {
            if (stored?.Partitions?.GetValueOrDefault(value) is { } kept)
            {
                states[value] = kept;
            }
        }

        if (stored is { Partitions: null } && partitions.FormerValue is { } former && (stored.SyncToken is not null || stored.Pass is not null))
        {
            // A state written while the stream read one fixed value: its token and cursor were made with that value.
            states[former] = stored;
            yield return new PassNote(LogLevel.Info, $"Stream {stream.Name}: the stored state predates its partitions by {partitions.Parameter}; it continues the {former} partition, and the others start with a full pass.");
        }

        foreach (var value in partitions.Values)
        {
            var label = $"{stream.Name} ({partitions.Parameter} {value})";
            var partitionState = states.GetValueOrDefault(value);
            if (mode == SyncMode.FullRefresh && partitionState?.FullRefreshComplete == true)
            {
                // Only a sync stopped between partitions leaves this: the next full-refresh sync starts from an empty map.
                yield return new PassNote(LogLevel.Info, $"Stream {label}: already read in full before the sync was stopped; going on with the next partition.");
                continue;
            }

            await foreach (var passEvent in PassAsync(stream, mode, partitionState, pages, cancellationToken, new RequestScope(partitions.Parameter, value), label))
            {
                if (passEvent is PageRead read)
                {
                    states[value] = read.Checkpoint!;
                    yield return read with { Checkpoint = new StreamCheckpoint { Partitions = InTableOrder(partitions, states) } };
                }
                else
                {
                    yield return passEvent;
                }
            }
        }

        if (mode == SyncMode.FullRefresh)
        {
            yield return new Checkpointed(new StreamCheckpoint { FullRefreshComplete = true });
        }
    }

    /// <summary>The parent key of a parent row; a row without one cannot be linked to its children.</summary>
    internal static string ParentKey(ReadOnlySpan<byte> parent, ParentLink link, StreamDefinition parentStream) =>
        RawRecord.TopLevelString(parent, link.KeyField)
        ?? throw new ConnectorException($"Ashby sent a row of {parentStream.Endpoint} without a string '{link.KeyField}'; the rows that hang off it cannot be read.", FailureType.SystemError);

    private static Dictionary<string, StreamCheckpoint> InTableOrder(RequestPartition partitions, Dictionary<string, StreamCheckpoint> states)
    {
        var ordered = new Dictionary<string, StreamCheckpoint>(StringComparer.Ordinal);
        foreach (var value in partitions.Values)
        {
            if (states.TryGetValue(value, out var state))
            {
                ordered[value] = state;
            }
        }

        return ordered;
    }
}
