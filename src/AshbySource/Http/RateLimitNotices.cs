namespace AshbySource.Http;

/// <summary>
/// The long rate-limit waits of one stream's requests, reported by <see cref="AshbyClient"/> while it waits and
/// collected by the stream's pager as values. At most one notice per <c>LongWait</c> is kept, and only the latest
/// waiting one, so memory stays constant however long a stream is held back.
/// </summary>
internal sealed class RateLimitNotices(TimeProvider time, TimeSpan minimumGap)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private DateTimeOffset? _waiting;

    /// <summary>Completes when a notice is waiting to be taken.</summary>
    public Task Arrived
    {
        get
        {
            lock (_gate)
            {
                return _arrived.Task;
            }
        }
    }

    /// <summary>A request of the stream waits until <paramref name="resumeAt"/> because of the rate limit.</summary>
    public void Report(DateTimeOffset resumeAt)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _lastReport < minimumGap)
            {
                return;
            }

            _lastReport = now;
            _waiting = resumeAt;
            _arrived.TrySetResult();
        }
    }

    /// <summary>The waiting notice, if any: the time the wait ends.</summary>
    public DateTimeOffset? Take()
    {
        lock (_gate)
        {
            var waiting = _waiting;
            _waiting = null;
            if (_arrived.Task.IsCompleted)
            {
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return waiting;
        }
    }
}
