using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AshbySource.ContainerTests.Support;

/// <summary>
/// The Ashby emulator as a host process on 127.0.0.1 and a free port, shared by the tests of a collection and
/// started on first use (tests that need no API don't wait for it). Containers reach it through host networking.
/// </summary>
public sealed partial class EmulatorFixture : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>A connector config for the emulator; <paramref name="apiKey"/> defaults to the full-access demo key.</summary>
    public string Config(string apiKey = "demo-full-access") =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{BaseUrl}}"}""";

    /// <summary>Points a committed config (integration_tests/*.json, written for port 8765) at this emulator.</summary>
    public string Retarget(string configJson) => configJson.Replace("http://127.0.0.1:8765", BaseUrl, StringComparison.Ordinal);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts the emulator unless it runs already.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is null)
            {
                (_process, BaseUrl) = await LaunchAsync();
            }
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
            await StopAsync(_process);
            _process = null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private static async Task<(Process Process, string BaseUrl)> LaunchAsync()
    {
        var dll = EmulatorDll();
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the emulator is not built: {dll} (building this test project builds it)");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--seed", "42", "--scale", "1000" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator");
        try
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            string baseUrl;
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException("the emulator exited before it was listening");
                var match = Listening().Match(line);
                if (match.Success)
                {
                    baseUrl = match.Groups[1].Value;
                    break;
                }
            }

            // Keep draining stdout so that the emulator never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            return (process, baseUrl);
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static string EmulatorDll()
    {
        var configuration = typeof(EmulatorFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";
        return RepoPaths.File("src", "AshbyEmulator", "bin", configuration, "net10.0", "ashby-emulator.dll");
    }

    [GeneratedRegex(@"ashby-emulator listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}

[CollectionDefinition(Name)]
public sealed class ContainerTestGroup : ICollectionFixture<EmulatorFixture>
{
    /// <summary>All container tests share one emulator and run one after another (2 cores).</summary>
    public const string Name = "source-ashby container";
}
