using System.Diagnostics;

namespace AshbySource.TestKit;

public sealed partial class FakeClock
{
    /// <summary>
    /// Whether threads other than the driver's may be running code of one run: work queued to the thread pool, a
    /// thread that runs the run's code, or a pool thread that has taken work and not yet started it.
    /// </summary>
    private sealed class ThreadPoolWork
    {
        /// <summary>
        /// The run's marker. Everything the run starts carries its execution context and with it this value: a
        /// thread that starts running the run's code sees the value appear, and sees it go when it is done.
        /// </summary>
        private static readonly AsyncLocal<ThreadPoolWork?> Run = new(OnContextChanged);

        /// <summary>
        /// Pool threads the test host keeps for itself as long as it runs (its message loop, the run of the test
        /// assembly): the fewest threads ever seen working. A moment of watching gives a first count, and a watch
        /// that looks every millisecond for as long as the process runs lowers it to the true one.
        /// </summary>
        private static int _hostThreads = StartWatching();

        private readonly int _driverThread = Environment.CurrentManagedThreadId;
        private int _running;

        /// <summary>Made on the driver's thread: it marks that thread's context, which everything it starts inherits.</summary>
        public ThreadPoolWork() => Run.Value = this;

        public bool Busy()
        {
            // A pool thread counts as working from the moment work is queued for it until it finds no more work,
            // so the count also covers work taken from the queue that has not started running the run's code yet.
            var working = Working();
            Lower(working);
            return Volatile.Read(ref _running) > 0 || ThreadPool.PendingWorkItemCount > 0 || working > Volatile.Read(ref _hostThreads);
        }

        private static int Working()
        {
            ThreadPool.GetMaxThreads(out var max, out _);
            ThreadPool.GetAvailableThreads(out var available, out _);
            return max - available;
        }

        private static void Lower(int working)
        {
            int host;
            while (working < (host = Volatile.Read(ref _hostThreads)) && Interlocked.CompareExchange(ref _hostThreads, working, host) != host)
            {
            }
        }

        private static int StartWatching()
        {
            var fewest = int.MaxValue;
            for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMilliseconds(100);)
            {
                fewest = Math.Min(fewest, Working());
                Thread.Yield();
            }

            var watch = new Thread(() =>
            {
                while (true)
                {
                    Lower(Working());
                    Thread.Sleep(1);
                }
            })
            {
                IsBackground = true,
                Name = "fake clock: thread pool watch",
            };

            // Started without a run's context: it is no thread of any run.
            using (ExecutionContext.SuppressFlow())
            {
                watch.Start();
            }

            return fewest;
        }

        private static void OnContextChanged(AsyncLocalValueChangedArgs<ThreadPoolWork?> change)
        {
            if (!change.ThreadContextChanged)
            {
                return;
            }

            var thread = Environment.CurrentManagedThreadId;
            if (change.PreviousValue is { } left && left._driverThread != thread)
            {
                Interlocked.Decrement(ref left._running);
            }

            if (change.CurrentValue is { } entered && entered._driverThread != thread)
            {
                Interlocked.Increment(ref entered._running);
            }
        }
    }
}
