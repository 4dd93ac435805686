namespace AshbySource.ContainerTests.Support;

/// <summary>
/// The Ashby emulator as a host process on 127.0.0.1 and a free port, shared by the tests of a collection and
/// started on first use (tests that need no API don't wait for it). Containers reach it through host networking.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EmulatorProcess? _process;

    public string BaseUrl => _process?.Url ?? string.Empty;

    /// <summary>
    /// A connector config for the emulator; <paramref name="apiKey"/> defaults to the full-access demo key. The
    /// budget is lifted, as in integration_tests/emulator_config.json: the local emulator has no organisation limit,
    /// and at Ashby's pace the child streams' one request per parent would take minutes.
    /// </summary>
    public string Config(string apiKey = "demo-full-access") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{BaseUrl}}","requests_per_minute":1000000}""";

    /// <summary>Points a committed config (integration_tests/*.json, written for port 8765) at this emulator.</summary>
    public string Retarget(string configJson) => configJson.Replace("http://127.0.0.1:8765", BaseUrl, StringComparison.Ordinal);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts the emulator unless it runs already.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _process ??= await EmulatorProcess.StartAsync(scale: 1000);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public void Dispose() => _gate.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ContainerTestGroup : ICollectionFixture<EmulatorFixture>
{
    /// <summary>All container tests share one emulator and run one after another (2 cores).</summary>
    public const string Name = "source-ashby container";
}
