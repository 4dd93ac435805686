namespace AshbyEmulator.Tests;

/// <summary>Starts emulators in-process on 127.0.0.1:0.</summary>
internal static class Emulators
{
    public static Task<RunningEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", Seed = 42, Scale = 1000, PrintBanner = false };
        configure?.Invoke(options);
        return EmulatorHost.StartAsync(options);
    }
}

/// <summary>One read-only emulator shared by a test class, with a client for it (tests that mutate start their own).</summary>
public sealed class SharedEmulator : IAsyncLifetime, IDisposable
{
    private RunningEmulator? _running;
    private AshbyClient? _client;

    public string BaseUrl => _running!.BaseUrl;

    /// <summary>A client with the full-access key; the tests of a class run one after another, so they can share it.</summary>
    internal AshbyClient Client => _client!;

    public async Task InitializeAsync()
    {
        _running = await Emulators.StartAsync();
        _client = new AshbyClient(_running.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.DisposeAsync();
        }
    }

    public void Dispose() => _client?.Dispose();
}
