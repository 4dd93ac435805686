using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbyDemo;

// The main job: start the bundled Ashby emulator, run check, discover and a full read of every stream with the
// connector exactly as an orchestrator would, keep the messages in a file and print a per-stream summary.
var scale = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 2000;
var outputFolder = Path.Combine(Processes.RepositoryRoot, ".demo");
Directory.CreateDirectory(outputFolder);

var (emulator, url) = await Processes.StartEmulatorAsync(["--seed", "42", "--scale", scale.ToString(CultureInfo.InvariantCulture)]);
try
{
    Console.WriteLine($"Ashby emulator at {url} ({scale} candidates, demo key demo-full-access)");
    var configPath = Path.Combine(outputFolder, "config.json");
    await File.WriteAllTextAsync(configPath, new JsonObject { ["api_key"] = "demo-full-access", ["base_url"] = url }.ToJsonString());

    var check = await RunConnectorAsync(["check", "--config", configPath], null);
    var status = check.Lines.Select(Parse).First(m => (string?)m["type"] == "CONNECTION_STATUS")["connectionStatus"]!;
    Console.WriteLine($"check:    {status["status"]} - {status["message"]}");

    var discover = await RunConnectorAsync(["discover", "--config", configPath], null);
    var streams = discover.Lines.Select(Parse).First(m => (string?)m["type"] == "CATALOG")["catalog"]!["streams"]!.AsArray();
    Console.WriteLine($"discover: {streams.Count} streams");

    var catalog = new JsonObject
    {
        ["streams"] = new JsonArray(streams.Select(stream => (JsonNode)new JsonObject
        {
            ["stream"] = stream!.DeepClone(),
            ["sync_mode"] = "full_refresh",
            ["destination_sync_mode"] = "overwrite",
        }).ToArray()),
    };
    var catalogPath = Path.Combine(outputFolder, "catalog.json");
    await File.WriteAllTextAsync(catalogPath, catalog.ToJsonString());

    var messagesPath = Path.Combine(outputFolder, "messages.jsonl");
    var clock = Stopwatch.StartNew();
    var read = await RunConnectorAsync(["read", "--config", configPath, "--catalog", catalogPath], messagesPath);
    clock.Stop();
    PrintSummary(messagesPath, read.ExitCode, clock.Elapsed);
    return read.ExitCode;
}
finally
{
    emulator.Kill(entireProcessTree: true);
    await emulator.WaitForExitAsync();
}

static JsonObject Parse(string line) => JsonNode.Parse(line)!.AsObject();

static async Task<(int ExitCode, List<string> Lines)> RunConnectorAsync(string[] args, string? saveTo)
{
    using var process = Process.Start(Processes.Dotnet(Processes.ConnectorDll, args))!;
    var stderr = process.StandardError.ReadToEndAsync();
    var lines = new List<string>();
    await using var file = saveTo is null ? null : new StreamWriter(saveTo);
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        if (file is null)
        {
            lines.Add(line);
        }
        else
        {
            await file.WriteLineAsync(line);
        }
    }

    await process.WaitForExitAsync();
    var errors = await stderr;
    if (errors.Length > 0)
    {
        Console.Error.Write(errors);
    }

    return (process.ExitCode, lines);
}

static void PrintSummary(string messagesPath, int exitCode, TimeSpan wall)
{
    var rows = new SortedDictionary<string, (long Records, int States, long Started, long Ended, string Status)>(StringComparer.Ordinal);
    long lines = 0;
    foreach (var line in File.ReadLines(messagesPath))
    {
        lines++;
        using var message = JsonDocument.Parse(line);
        var root = message.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "RECORD":
                var stream = root.GetProperty("record").GetProperty("stream").GetString()!;
                var row = rows.GetValueOrDefault(stream);
                rows[stream] = row with { Records = row.Records + 1 };
                break;
            case "STATE":
                var name = root.GetProperty("state").GetProperty("stream").GetProperty("stream_descriptor").GetProperty("name").GetString()!;
                var current = rows.GetValueOrDefault(name);
                rows[name] = current with { States = current.States + 1 };
                break;
            case "TRACE" when root.GetProperty("trace").GetProperty("type").GetString() == "STREAM_STATUS":
                var trace = root.GetProperty("trace");
                var statusName = trace.GetProperty("stream_status").GetProperty("stream_descriptor").GetProperty("name").GetString()!;
                var status = trace.GetProperty("stream_status").GetProperty("status").GetString()!;
                var at = trace.GetProperty("emitted_at").GetInt64();
                var entry = rows.GetValueOrDefault(statusName);
                rows[statusName] = status switch
                {
                    "STARTED" => entry with { Started = at, Status = status },
                    "COMPLETE" or "INCOMPLETE" => entry with { Ended = at, Status = status },
                    _ => entry,
                };
                break;
        }
    }

    Console.WriteLine();
    Console.WriteLine($"{"stream",-22}{"records",10}{"pages",8}{"seconds",10}  status");
    foreach (var (stream, row) in rows)
    {
        // Every page ends with one STATE, so states count pages.
        Console.WriteLine($"{stream,-22}{row.Records,10}{row.States,8}{(row.Ended - row.Started) / 1000.0,10:0.00}  {row.Status}");
    }

    Console.WriteLine($"{"total",-22}{rows.Values.Sum(r => r.Records),10}{rows.Values.Sum(r => r.States),8}{wall.TotalSeconds,10:0.00}  exit {exitCode}");
    Console.WriteLine($"\n{lines} protocol messages written to {messagesPath}");
}
