using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AshbySource.TestKit;

/// <summary>
/// The bundled Ashby emulator started as its own process (<c>dotnet ashby-emulator.dll</c>) on a free loopback
/// port, the way an orchestrator's neighbour would run it, plus its admin API.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    /// <summary>The emulator's only stdout line once it is ready (src/AshbyEmulator/Program.cs).</summary>
    private const string Prefix = "ashby-emulator listening on ";

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private EmulatorProcess(Process process, string url, int scale, int latencyMs, bool realistic)
    {
        _process = process;
        Url = url;
        Scale = scale;
        LatencyMs = latencyMs;
        Realistic = realistic;
        Admin = new EmulatorAdmin(new Uri(url.TrimEnd('/') + "/"), TimeSpan.FromMinutes(5));
    }

    /// <summary>e.g. <c>http://127.0.0.1:53124</c>.</summary>
    public string Url { get; }

    public int Scale { get; }

    public int LatencyMs { get; }

    /// <summary>Started with <c>--realistic</c>: absent keys left out, short and empty pages, one posting id across boards.</summary>
    public bool Realistic { get; }

    public EmulatorAdmin Admin { get; }

    /// <summary>CPU time the emulator has used so far (user+sys).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The end of what the emulator wrote on stderr, for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the emulator built alongside the caller (same configuration) with seed 42 and waits until it listens.</summary>
    /// <param name="scale">Number of candidates.</param>
    /// <param name="latencyMs">Delay added to every API request.</param>
    /// <param name="realistic">Start it with <c>--realistic</c>.</param>
    public static async Task<EmulatorProcess> StartAsync(int scale, int latencyMs = 0, bool realistic = false)
    {
        var dll = RepoFiles.Built("src/AshbyEmulator", "ashby-emulator.dll");
        List<string> args = [dll, "--urls", "http://127.0.0.1:0", "--seed", "42", "--scale", scale.ToString(CultureInfo.InvariantCulture), "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture), "--quiet"];
        if (realistic)
        {
            args.Add("--realistic");
        }

        var info = DotnetCommand.StartInfo(args);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the emulator");
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            line = null;
        }

        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.Dispose();
            throw new InvalidOperationException($"the emulator did not start: '{line}' {stderr}");
        }

        var emulator = new EmulatorProcess(process, line[Prefix.Length..].Trim(), scale, latencyMs, realistic);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (emulator._stderr)
            {
                if (e.Data is not null && emulator._stderr.Length < 10_000)
                {
                    emulator._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        // Keep draining stdout so that the emulator never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
