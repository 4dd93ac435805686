using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.TestKit;

/// <summary>
/// The tests' fake clock. A test moves it by hand (<see cref="FakeTimeProvider.Advance"/>), or runs the code under
/// test with <see cref="RunAsync{T}"/>, the one driver of fake time: the code runs on a thread of its own, and the
/// clock moves, straight to the next timer, only when nothing can run. Time never passes in the middle of work,
/// however busy the machine is, so timings read on this clock are exact and repeatable.
/// </summary>
public sealed partial class FakeClock : FakeTimeProvider
{
    /// <summary>Where every fake clock starts.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    private readonly Lock _gate = new();

    /// <summary>The timers that are set, with when each is due next: the clock can move straight to the earliest.</summary>
    private readonly Dictionary<TrackedTimer, DateTimeOffset> _armed = [];

    public FakeClock()
        : base(Epoch)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, period);

        // Set before the base timer exists: a timer due now fires while it is being created.
        Arm(timer, dueTime);
        timer.Inner = base.CreateTimer(s => timer.Fire(callback, s), state, dueTime, period);
        return timer;
    }

    /// <summary>When the earliest timer that is set is due; null when none is.</summary>
    private DateTimeOffset? NextTimer()
    {
        lock (_gate)
        {
            return _armed.Count == 0 ? null : _armed.Values.Min();
        }
    }

    private void Arm(TrackedTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _armed.Remove(timer);
            }
            else
            {
                _armed[timer] = GetUtcNow() + dueTime;
            }
        }
    }

    private void Fired(TrackedTimer timer, TimeSpan period)
    {
        lock (_gate)
        {
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
            {
                _armed.Remove(timer);
            }
            else if (_armed.TryGetValue(timer, out var due))
            {
                _armed[timer] = due + period;
            }
        }
    }

    private void Disarm(TrackedTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
        }
    }

    /// <summary>A timer of the base clock whose next due time this clock knows.</summary>
    private sealed class TrackedTimer(FakeClock clock, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;

        public void Fire(TimerCallback callback, object? state)
        {
            clock.Fired(this, _period);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Arm(this, dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Disarm(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Disarm(this);
            return Inner.DisposeAsync();
        }
    }
}
