using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.TestKit;

/// <summary>The tests' fake clock: one start date, and a pump that lets waits on it pass without sleeping.</summary>
public static class FakeClock
{
    /// <summary>Where every fake clock starts.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    public static FakeTimeProvider Create() => new(Start);

    /// <summary>Moves the fake clock forward in small steps until the task finishes: waits pass without sleeping.</summary>
    public static async Task<T> PumpAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null)
    {
        for (var i = 0; !task.IsCompleted && i < 1_000_000; i++)
        {
            time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        return await task;
    }
}
