using System.Collections.Concurrent;
using System.Diagnostics;

namespace AshbySource.TestKit;

public sealed partial class FakeClock
{
    /// <summary>No run goes this far on the fake clock: a loop that keeps setting timers fails instead of running forever.</summary>
    private static readonly TimeSpan MaxRun = TimeSpan.FromDays(7);

    /// <summary>
    /// A run that neither moves nor finishes for this long (real time) is stuck: it waits for work that is not on
    /// this clock and never comes. It fails with what it waited for instead of hanging the suite.
    /// </summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);

    private readonly List<(Func<bool> Condition, DateTimeOffset Deadline, TaskCompletionSource<bool> Done)> _waits = [];

    /// <summary>
    /// Runs <paramref name="start"/> on a thread of its own, with every continuation that comes back to it queued
    /// there, and moves this clock only when nothing can run: the thread has nothing queued, no other thread runs
    /// or has queued work (<see cref="ThreadPoolWork"/>), and <paramref name="busy"/> says no. That last one is
    /// for work no thread shows, such as bytes on their way through a socket to an in-process server (see
    /// <see cref="RequestsInFlight"/>). Then the clock jumps to the next timer, or to the next deadline of
    /// <see cref="UntilAsync"/>.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> start, Func<bool>? busy = null)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(Drive(start, busy ?? (static () => false)));
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "fake clock",
        };
        thread.Start();
        return result.Task;
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<Task> start, Func<bool>? busy = null) =>
        RunAsync(async () =>
        {
            await start();
            return true;
        }, busy);

    /// <summary>
    /// Inside <see cref="RunAsync{T}"/>: true at the first moment the clock would move at which
    /// <paramref name="condition"/> holds; false if it still does not once the clock has moved by
    /// <paramref name="within"/>.
    /// </summary>
    public Task<bool> UntilAsync(Func<bool> condition, TimeSpan within)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waits.Add((condition, GetUtcNow() + within, done));
        }

        return done.Task;
    }

    private T Drive<T>(Func<Task<T>> start, Func<bool> busy)
    {
        var queue = new OneThread();
        var work = new ThreadPoolWork();
        SynchronizationContext.SetSynchronizationContext(queue);
        var started = GetUtcNow();
        var task = start();
        var sinceMoved = Stopwatch.StartNew();
        var looksInARow = 0;
        while (!task.IsCompleted)
        {
            if (queue.RunQueued())
            {
                sinceMoved.Restart();
                looksInARow = 0;
                continue;
            }

            // Other threads are asked before the queue: work that hands a continuation back here queues it before it ends.
            string waitingFor;
            if (work.Busy())
            {
                waitingFor = "work on the thread pool";
            }
            else if (queue.HasWork)
            {
                continue;
            }
            else if (busy())
            {
                waitingFor = "the test's busy condition";
            }
            else if (MoveToNextWake(started, queue))
            {
                sinceMoved.Restart();
                looksInARow = 0;
                continue;
            }
            else
            {
                waitingFor = "a timer, but none is set";
            }

            if (sinceMoved.Elapsed > StuckAfter)
            {
                throw new TimeoutException($"Nothing ran and the fake clock did not move for {StuckAfter.TotalSeconds:0} s: the run waits for {waitingFor}.");
            }

            queue.WaitForWork(++looksInARow);
        }

        queue.RunQueued();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Nothing can run: answers the waits whose condition holds or whose time is up, or else moves the clock to
    /// the earliest timer or wait deadline. False when there is nothing to wake.
    /// </summary>
    private bool MoveToNextWake(DateTimeOffset started, OneThread queue)
    {
        var now = GetUtcNow();
        DateTimeOffset? wake;
        lock (_gate)
        {
            if (_waits.RemoveAll(w => (w.Condition() && w.Done.TrySetResult(true)) || (w.Deadline <= now && w.Done.TrySetResult(false))) > 0)
            {
                return true;
            }

            wake = _waits.Count == 0 ? null : _waits.Min(w => w.Deadline);
        }

        if (NextTimer() is { } timer && (wake is null || timer < wake))
        {
            wake = timer;
        }

        if (wake is null)
        {
            return false;
        }

        if (wake.Value - started > MaxRun)
        {
            throw new TimeoutException($"The run went on for more than {MaxRun.TotalDays:0} days of the fake clock without finishing.");
        }

        // Timers fire on this thread. Without this thread's context while they do, what they complete continues
        // right here instead of on the thread pool; what was waiting with the context is queued to it as usual.
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Advance(wake.Value > now ? wake.Value - now : TimeSpan.Zero);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(queue);
        }

        return true;
    }

    /// <summary>A synchronisation context whose posted work runs only when the driver asks, on the driver's thread.</summary>
    private sealed class OneThread : SynchronizationContext
    {
        private const int YieldsBeforeSleeping = 100;

        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _work = new();
        private readonly object _posted = new();

        public bool HasWork => !_work.IsEmpty;

        public override void Post(SendOrPostCallback d, object? state)
        {
            _work.Enqueue((d, state));
            lock (_posted)
            {
                Monitor.PulseAll(_posted);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("the driver only takes posted work");

        public override SynchronizationContext CreateCopy() => this;

        public bool RunQueued()
        {
            var ran = false;
            while (_work.TryDequeue(out var item))
            {
                item.Callback(item.State);
                ran = true;
            }

            return ran;
        }

        /// <summary>
        /// Returns when work is posted here, or soon to look at the other threads again: at first after giving way
        /// to any thread that is ready to run, because what the driver waits for (an answer on its way, a pool
        /// thread finishing) usually takes microseconds, and a run makes thousands of requests; after
        /// <see cref="YieldsBeforeSleeping"/> looks in a row, after a millisecond, so a long wait costs no CPU.
        /// </summary>
        public void WaitForWork(int looksInARow)
        {
            if (looksInARow <= YieldsBeforeSleeping)
            {
                Thread.Yield();
                return;
            }

            lock (_posted)
            {
                if (_work.IsEmpty)
                {
                    Monitor.Wait(_posted, TimeSpan.FromMilliseconds(1));
                }
            }
        }
    }
}
