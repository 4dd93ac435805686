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

/// <summary>One read-only emulator shared by a test class (tests that mutate start their own).</summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    private RunningEmulator? _running;

    public string BaseUrl => _running!.BaseUrl;

    public async Task InitializeAsync() => _running = await Emulators.StartAsync();

    public async Task DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.DisposeAsync();
        }
    }
}
