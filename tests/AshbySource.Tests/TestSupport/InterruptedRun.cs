using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Cli;

namespace AshbySource.Tests.TestSupport;

/// <summary>A sync an orchestrator kills part-way, and what of it was acknowledged.</summary>
internal static class InterruptedRun
{
    /// <summary>A read on the real clock that the orchestrator kills once <paramref name="states"/> STATE messages have gone out.</summary>
    public static async Task<RunResult> ReadUntilStatesAsync(ConnectorRun run, string config, string catalog, int states)
    {
        var configFile = run.WriteFile("config.json", config);
        var catalogFile = run.WriteFile("catalog.json", catalog);
        using var stop = new CancellationTokenSource();
        using var stdout = new StopAfterStates(states, stop);
        var exit = await new ConnectorApp(stdout, TextWriter.Null, TimeProvider.System).RunAsync(["read", "--config", configFile, "--catalog", catalogFile], stop.Token);
        return new RunResult(exit, Encoding.UTF8.GetString(stdout.ToArray()), string.Empty);
    }

    /// <summary>The records of <paramref name="stream"/> that a STATE of the stream followed: what the platform acknowledged.</summary>
    public static List<JsonObject> RecordsCoveredByStates(RunResult result, string stream)
    {
        var covered = new List<JsonObject>();
        var pending = new List<JsonObject>();
        foreach (var message in result.Messages)
        {
            if ((string?)message["type"] == "RECORD" && (string?)message["record"]!["stream"] == stream)
            {
                pending.Add(message["record"]!["data"]!.AsObject());
            }
            else if ((string?)message["type"] == "STATE" && (string?)message["state"]!["stream"]!["stream_descriptor"]!["name"] == stream)
            {
                covered.AddRange(pending);
                pending.Clear();
            }
        }

        return covered;
    }

    /// <summary>stdout that cancels the run after a number of STATE messages, like an orchestrator killing the sync.</summary>
    private sealed class StopAfterStates(int states, CancellationTokenSource stop) : MemoryStream
    {
        private int _seen;

        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            _seen += CountOf(buffer.AsSpan(offset, count), "\"type\":\"STATE\""u8);
            if (_seen >= states)
            {
                stop.Cancel();
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        private static int CountOf(ReadOnlySpan<byte> text, ReadOnlySpan<byte> pattern)
        {
            var count = 0;
            for (var at = text.IndexOf(pattern); at >= 0; at = text.IndexOf(pattern))
            {
                count++;
                text = text[(at + pattern.Length)..];
            }

            return count;
        }
    }
}
