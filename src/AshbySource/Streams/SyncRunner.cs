using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// Reads the configured streams, up to <c>max_concurrent_streams</c> at once. Each stream writes through its own
/// buffer, committed a page at a time, so lines never interleave, a stream's messages stay in order and every
/// STATE follows the records it covers. A failing stream is marked INCOMPLETE and the others go on.
/// </summary>
internal sealed class SyncRunner(StreamPager reader, MessageWriter writer, ConnectorLog log, int maxConcurrentStreams)
{
    public async Task<int> RunAsync(IReadOnlyList<ConfiguredStream> streams, IReadOnlyDictionary<string, StreamCheckpoint> state, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, maxConcurrentStreams));
        var failures = new List<(string Stream, ConnectorException Error)>();
        var failuresGate = new Lock();

        var tasks = streams.Select(async configured =>
        {
            var name = configured.Definition.Name;
            try
            {
                await slots.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                writer.Write(b => b.StreamStatus(name, "INCOMPLETE"));
                return;
            }

            using var buffer = writer.CreateBuffer();
            try
            {
                buffer.StreamStatus(name, "STARTED");
                writer.Commit(buffer);
                state.TryGetValue(name, out var stored);
                await reader.ReadAsync(configured, stored, buffer, cancellationToken);
                buffer.StreamStatus(name, "COMPLETE");
                writer.Commit(buffer);
            }
            catch (Exception ex)
            {
                var error = ex switch
                {
                    ConnectorException known => known,
                    OperationCanceledException => new ConnectorException("The sync was stopped before this stream finished; the next sync resumes from its last checkpoint.", FailureType.TransientError),
                    _ => new ConnectorException($"Stream {name} failed unexpectedly: {ex.Message}", FailureType.SystemError, ex.ToString(), ex),
                };

                // Records already buffered are covered by no state: drop them, the next sync reads them again.
                buffer.Clear();
                buffer.StreamStatus(name, "INCOMPLETE");
                buffer.Error(error.Message, error.FailureType, error.InternalMessage, name);
                writer.Commit(buffer);
                lock (failuresGate)
                {
                    failures.Add((name, error));
                }
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        await Task.WhenAll(tasks);

        if (failures.Count == 0)
        {
            return 0;
        }

        var summary = string.Join("; ", failures.OrderBy(f => f.Stream, StringComparer.Ordinal).Select(f => $"{f.Stream}: {f.Error.Message}"));
        var failureType = failures.Any(f => f.Error.FailureType == FailureType.ConfigError) ? FailureType.ConfigError
            : failures.Any(f => f.Error.FailureType == FailureType.SystemError) ? FailureType.SystemError
            : FailureType.TransientError;
        log.Error($"{failures.Count} of {streams.Count} streams did not finish.");
        writer.Write(b => b.Error($"During the sync, the following streams did not sync successfully: {summary}", failureType));
        return 1;
    }
}
