using AshbySource.Configuration;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Sync;

/// <summary>
/// Reads the configured streams, up to <c>max_concurrent_streams</c> at once: for each, its passes from its
/// stored state (plain, partitioned, child or derived), and the emitter that writes them. A failing stream is marked
/// INCOMPLETE and the others go on. When stdout closes, every stream stops: nothing more can be written.
/// </summary>
internal sealed class SyncRunner(StreamPager pager, SourceConfig config, MessageWriter writer, ConnectorLog log, TimeProvider time)
{
    private readonly StreamPasses _passes = new(pager, new PassSettings(config.PageSize, config.StartDate)
    {
        ChildRefreshPeriod = TimeSpan.FromDays(config.ChildRefreshDays),
        SyncStartedAt = time.GetUtcNow(),
    });

    public async Task<int> RunAsync(IReadOnlyList<ConfiguredStream> streams, IReadOnlyDictionary<string, StreamCheckpoint> state, CancellationToken stop)
    {
        using var stopOrClosed = CancellationTokenSource.CreateLinkedTokenSource(stop, writer.Closed);
        var cancellationToken = stopOrClosed.Token;
        using var slots = new SemaphoreSlim(Math.Max(1, config.MaxConcurrentStreams));
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
                writer.Write(b => b.StreamStatus(name, StreamStatus.Incomplete));
                return;
            }

            using var emitter = new StreamEmitter(name, writer, log);
            try
            {
                emitter.Status(StreamStatus.Started);
                state.TryGetValue(name, out var stored);
                await emitter.EmitAsync(_passes.ReadAsync(configured.Definition, configured.SyncMode, stored, emitter.Pages, cancellationToken), cancellationToken);
                emitter.Status(StreamStatus.Complete);
            }
            catch (Exception ex)
            {
                var error = ex switch
                {
                    ConnectorException known => known,
                    OperationCanceledException => new ConnectorException("The sync was stopped before this stream finished; the next sync resumes from its last checkpoint.", FailureType.TransientError),
                    _ => new ConnectorException($"Stream {name} failed unexpectedly: {ex.Message}", FailureType.SystemError, ex.ToString(), ex),
                };

                emitter.Fail(error);
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

        if (writer.IsClosed)
        {
            return 1;
        }

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
