using AshbySource.Http;
using AshbySource.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.Http;

/// <summary>
/// A test class whose <see cref="AshbyClient"/> runs on a fake clock, with production settings unless a test
/// tunes them, and logs to <see cref="Logs"/>. xunit makes one instance per test.
/// </summary>
public abstract class SteppedClientTest : IDisposable
{
    internal FakeTimeProvider Time { get; } = FakeClock.Create();

    internal MemoryStream Logs { get; } = new();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A client whose requests <paramref name="handler"/> answers; see <see cref="StalledClient.Create"/>.</summary>
    internal AshbyClient Client(HttpMessageHandler handler, Func<AshbyHttpOptions, AshbyHttpOptions>? tune = null) =>
        StalledClient.Create(handler, Time, Logs, tune);

    /// <summary>Posts one list request on the stepped clock; it must fail. Returns the failure and how long it took on the fake clock.</summary>
    internal async Task<(AshbyApiException Error, TimeSpan Elapsed)> PostFailsAsync(AshbyClient client)
    {
        var start = Time.GetUtcNow();
        var act = () => client.PostSteppedAsync(Time);
        var error = (await act.Should().ThrowAsync<AshbyApiException>()).Which;
        return (error, Time.GetUtcNow() - start);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Logs.Dispose();
        }
    }
}
