using System.Globalization;
using AshbyBench;

// ashby-bench: the benchmark suite of source-ashby (see Options.Usage and docs/benchmarks.md).
if (args.Length > 0 && args[0] == "bare")
{
    // The bare HTTP client, started by the bench as a child process: bare URL ENDPOINT LIMIT KEY [MAX_PAGES|all [WINDOWS]].
    int? maxPages = args.Length > 5 && args[5] != "all" ? int.Parse(args[5], CultureInfo.InvariantCulture) : null;
    var windows = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1;
    return await BareClient.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], maxPages, windows);
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"ashby-bench: {ex.Message}\n\n{Options.Usage}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

if (!OperatingSystem.IsLinux())
{
    await Console.Error.WriteLineAsync("ashby-bench: Linux only (it reads /proc and uses GNU time).");
    return 2;
}

var work = Path.Combine(Path.GetTempPath(), $"ashby-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
await using var bench = new Bench(options, work);
var report = await bench.RunAsync();
Console.WriteLine(report);
if (options.OutputPath is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, report);
    await Console.Error.WriteLineAsync($"ashby-bench: report written to {output}");
}

return 0;
