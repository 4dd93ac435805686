using System.Text;
using System.Text.Json.Nodes;
using AshbySource.Protocol;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Protocol;

public class MessageWriterTests
{
    private static string Write(Action<MessageBuffer> build, SecretRedactor? redactor = null)
    {
        using var output = new MemoryStream();
        using (var writer = new MessageWriter(output, redactor ?? new SecretRedactor(), new FakeClock()))
        {
            writer.Write(build);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Record_HasExactProtocolShape()
    {
        Write(b => b.Record("users", """{"id":"u1","n":2}"""u8)).Should().Be(
            """{"type":"RECORD","record":{"stream":"users","data":{"id":"u1","n":2},"emitted_at":1767225600000}}""" + "\n");
    }

    [Fact]
    public void State_UsesCamelCaseStatsAndSnakeCaseDescriptor()
    {
        Write(b => b.StreamState("users", j => j.WriteRawValue("""{"sync_token":"t"}"""), 12)).Should().Be(
            """{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"t"}},"sourceStats":{"recordCount":12.0}}}""" + "\n");
    }

    [Fact]
    public void StreamStatus_WithRateLimit_CarriesTheReason()
    {
        Write(b => b.StreamStatus("users", StreamStatus.Running, 1767225660000)).Should().Be(
            """{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1767225600000,"stream_status":{"stream_descriptor":{"name":"users"},"status":"RUNNING","reasons":[{"type":"RATE_LIMITED","rate_limited":{"quota_reset":1767225660000}}]}}}""" + "\n");
    }

    [Fact]
    public void Error_HasFailureTypeAndStreamDescriptor()
    {
        Write(b => b.Error("Bad key", FailureType.ConfigError, "HTTP 401", "users")).Should().Be(
            """{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1767225600000,"error":{"message":"Bad key","internal_message":"HTTP 401","failure_type":"config_error","stream_descriptor":{"name":"users"}}}}""" + "\n");
    }

    [Fact]
    public void ConnectionStatus_UsesConnectionStatusCasing()
    {
        Write(b => b.ConnectionStatus(false, "nope")).Should().Be("""{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"nope"}}""" + "\n");
    }

    [Fact]
    public void Messages_AreOneLineEachEvenWithLineBreaksInText()
    {
        var text = Write(b =>
        {
            b.Log(LogLevel.Info, "two\nlines\r\nhere");
            b.Error("multi\nline", FailureType.SystemError);
            b.Record("users", "{\n \"id\": \"a\"\n}"u8);
        });

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines.Should().OnlyContain(l => JsonNode.Parse(l, null, default) is JsonObject);
        text.Should().EndWith("\n").And.NotContain("\r");
    }

    [Fact]
    public void SecretsInTextMessages_AreMasked()
    {
        var redactor = new SecretRedactor();
        redactor.Add("canary-secret-99");

        var text = Write(b => { b.Log(LogLevel.Warn, "key canary-secret-99 failed"); b.Error("x canary-secret-99", FailureType.ConfigError, "y canary-secret-99"); b.ConnectionStatus(false, "canary-secret-99"); }, redactor);

        text.Should().NotContain("canary-secret-99").And.Contain("****");
    }

    [Fact]
    public void ParallelCommits_NeverInterleaveLines()
    {
        using var output = new MemoryStream();
        using var writer = new MessageWriter(output, new SecretRedactor(), new FakeClock());

        Parallel.For(0, 8, stream =>
        {
            using var buffer = writer.CreateBuffer();
            for (var page = 0; page < 50; page++)
            {
                for (var i = 0; i < 20; i++)
                {
                    buffer.Record($"s{stream}", Encoding.UTF8.GetBytes($$"""{"id":"{{page}}-{{i}}"}"""));
                }

                buffer.StreamState($"s{stream}", j => j.WriteRawValue($$"""{"page":{{page}}}"""), 20);
                writer.Commit(buffer);
            }
        });

        var messages = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        messages.Should().HaveCount(8 * 50 * 21);
        foreach (var group in messages.GroupBy(m => (string?)m["record"]?["stream"] ?? (string)m["state"]!["stream"]!["stream_descriptor"]!["name"]!))
        {
            var sequence = group.ToList();
            for (var page = 0; page < 50; page++)
            {
                sequence.Skip(page * 21).Take(20).Should().OnlyContain(m => (string?)m["type"] == "RECORD" && ((string)m["record"]!["data"]!["id"]!).StartsWith($"{page}-", StringComparison.Ordinal));
                ((int)sequence[(page * 21) + 20]["state"]!["stream"]!["stream_state"]!["page"]!).Should().Be(page);
            }
        }
    }
}
