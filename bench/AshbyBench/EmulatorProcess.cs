using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AshbyBench;

/// <summary>The bundled Ashby emulator, started as its own process on a free loopback port, plus its admin API.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private const string Prefix = "ashby-emulator listening on ";

    private readonly Process _process;
    private readonly HttpClient _admin;
    private readonly StringBuilder _stderr = new();

    private EmulatorProcess(Process process, string url, int scale, int latencyMs)
    {
        _process = process;
        Url = url;
        Scale = scale;
        LatencyMs = latencyMs;
        _admin = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Url { get; }

    public int Scale { get; }

    public int LatencyMs { get; }

    /// <summary>CPU time the emulator has used so far (user+sys).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<EmulatorProcess> StartAsync(int scale, int latencyMs = 0)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repo.EmulatorDll, "--urls", "http://127.0.0.1:0", "--seed", "42", "--scale", scale.ToString(CultureInfo.InvariantCulture), "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture), "--quiet" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the emulator");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the emulator did not start: '{line}' {await process.StandardError.ReadToEndAsync()}");
        }

        var emulator = new EmulatorProcess(process, line[Prefix.Length..].Trim(), scale, latencyMs);
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
        return emulator;
    }

    public async Task<JsonObject> StatsAsync() => await GetAsync("_admin/stats");

    public async Task<JsonObject> InfoAsync() => await GetAsync("_admin/info");

    public async Task ResetStatsAsync() => await PostAsync("_admin/stats/reset", "{}");

    public async Task<JsonObject> MutateAsync(double fraction) =>
        await PostAsync("_admin/mutate", new JsonObject { ["fraction"] = fraction }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        var text = await _admin.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<JsonObject> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _admin.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"emulator {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) as JsonObject ?? [];
    }
}
