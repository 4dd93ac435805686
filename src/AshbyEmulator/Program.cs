using AshbyEmulator.Data;

namespace AshbyEmulator;

#pragma warning disable RS0030 // The one place allowed to touch the console.
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        try
        {
            options = EmulatorOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"ashby-emulator: {ex.Message}");
            return 2;
        }
        if (options.ShowHelp)
        {
            await Console.Out.WriteAsync(EmulatorOptions.Usage);
            return 0;
        }
        RunningEmulator running;
        try
        {
            running = await EmulatorHost.StartAsync(options, handleSignals: true, CancellationToken.None);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"ashby-emulator: {ex.Message}");
            return 2;
        }
        await using (running)
        {
            if (options.PrintBanner)
            {
                await Console.Error.WriteLineAsync(Banner(options, running));
            }
            // The one line on stdout: scripts wait for it to learn the port.
            await Console.Out.WriteLineAsync($"ashby-emulator listening on {running.BaseUrl}");
            await Console.Out.FlushAsync();
            await running.WaitForShutdownAsync();
        }
        return 0;
    }

    private static string Banner(EmulatorOptions options, RunningEmulator running)
    {
        var tables = string.Join(", ", Tables.All.Select(t => $"{t.Stream}={t.BaseRows(options.Scale)}"));
        return $$"""
            ashby-emulator: seed {{options.Seed}}, scale {{options.Scale}}; data epoch {{Time.ToIso(Time.EpochMs)}}
              tables: {{tables}}
              demo API keys (HTTP Basic user name, empty password):
            {{DemoKeys.Banner()}}
              admin API: {{running.BaseUrl}}/_admin/{mutate,ids,stats,stats/reset,expire,inject,faults,info}
            """;
    }
}
#pragma warning restore RS0030
