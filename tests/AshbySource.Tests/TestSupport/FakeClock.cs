using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.TestSupport;

internal static class FakeClock
{
    public static FakeTimeProvider Create() =>
        new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

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
