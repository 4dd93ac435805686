using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.TestKit;

/// <summary>The tests' fake clock: one start date, and a pump that lets waits on it pass without sleeping.</summary>
public static class FakeClock
{
    /// <summary>Where every fake clock starts.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    public static FakeTimeProvider Create() => new(Start);

    /// <summary>
    /// Moves the fake clock forward in small steps until the task finishes: waits pass without sleeping. When
    /// <paramref name="mayAdvance"/> says no (an in-process emulator is working on a request), the pump yields
    /// without moving the clock, so time does not run ahead of the work.
    /// </summary>
    public static async Task<T> PumpAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null, Func<bool>? mayAdvance = null)
    {
        var steps = 0;
        for (var spins = 0; !task.IsCompleted && steps < 1_000_000 && spins < 100_000_000; spins++)
        {
            if (mayAdvance is null || mayAdvance())
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
                steps++;
            }

            await Task.Yield();
        }

        return await task;
    }
}
