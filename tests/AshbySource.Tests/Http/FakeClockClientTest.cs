using AshbySource.Http;

namespace AshbySource.Tests.Http;

/// <summary>
/// A test class whose <see cref="AshbyClient"/> runs on a fake clock, with production settings unless a test
/// tunes them, and logs to <see cref="Logs"/>. xunit makes one instance per test.
/// </summary>
public abstract class FakeClockClientTest : IDisposable
{
    internal FakeClock Time { get; } = new();

    internal MemoryStream Logs { get; } = new();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A client whose requests <paramref name="handler"/> answers; see <see cref="TestClient.Create"/>.</summary>
    internal AshbyClient Client(HttpMessageHandler handler, Func<AshbyHttpOptions, AshbyHttpOptions>? tune = null) =>
        TestClient.Create(handler, Time, Logs, tune);

    /// <summary>Posts one list request on the fake clock; it must fail. Returns the failure and how long it took on the fake clock.</summary>
    internal async Task<(AshbyApiException Error, TimeSpan Elapsed)> PostFailsAsync(AshbyClient client)
    {
        var start = Time.GetUtcNow();
        var act = () => client.PostOnClockAsync(Time);
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
