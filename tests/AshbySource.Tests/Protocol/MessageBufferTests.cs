using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AshbySource.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.Protocol;

/// <summary>
/// A RECORD line is put together from bytes (the stream's prefix, the raw data, the <c>emitted_at</c> ending)
/// rather than through <see cref="Utf8JsonWriter"/> call by call; the bytes must be the ones the writer would write.
/// </summary>
public sealed class MessageBufferTests
{
    /// <summary>Stream names that the writer escapes, or passes, each in its own way.</summary>
    public static TheoryData<string> StreamNames => new()
    {
        "candidates",
        "quote\"d",
        "back\\slash",
        "tab\tand\nnew line",
        "control\u0001\u001f",
        "TU München",
        "中文😀",
        "<script>&'+`",
        "\u2028\u2029",
        "",
    };

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void Record_IsWhatTheJsonWriterWritesForTheSameMessage(string stream)
    {
        const string Data = """{"id":"a","n":1.50,"s":"é \" \\","deep":[{"x":null}]}""";
        var emittedAt = DateTimeOffset.Parse("2026-12-07T06:40:00.123Z", System.Globalization.CultureInfo.InvariantCulture);
        using var buffer = new MessageBuffer(new SecretRedactor(), new FakeTimeProvider(emittedAt));

        buffer.Record(stream, Encoding.UTF8.GetBytes(Data));
        buffer.Record(stream, "{}"u8);

        Encoding.UTF8.GetString(buffer.WrittenMemory.Span).Should().Be(
            WrittenByTheWriter(stream, Data, emittedAt.ToUnixTimeMilliseconds()) + WrittenByTheWriter(stream, "{}", emittedAt.ToUnixTimeMilliseconds()));
        buffer.LineCount.Should().Be(2);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(1767225600000L)]
    [InlineData(999_999_999_999L)]
    [InlineData(1_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void RecordEnd_IsWhatTheJsonWriterWritesForEmittedAt(long emittedAt)
    {
        var end = new byte[64];

        var length = MessageBuffer.WriteRecordEnd(end, emittedAt);

        var expected = WrittenByTheWriter("s", "{}", emittedAt);
        Encoding.UTF8.GetString(end, 0, length).Should().Be(expected[expected.IndexOf(",\"emitted_at\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Records_BetweenOtherMessages_AndOfTwoStreams_KeepEveryLineWhole()
    {
        using var buffer = new MessageBuffer(new SecretRedactor(), new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1)));

        buffer.Record("users", """{"id":"u1"}"""u8);
        buffer.Log(LogLevel.Info, "between");
        buffer.Record("jobs", """{"id":"j1"}"""u8);
        buffer.StreamState("jobs", json => json.WriteRawValue("""{"cursor":"c"}"""), 1);
        buffer.Record("users", "{\n\"id\": \"u2\"\n}"u8);
        buffer.Record("users", """{"id":"u3"}"""u8);

        var lines = Encoding.UTF8.GetString(buffer.WrittenMemory.Span).Split('\n');
        lines[^1].Should().BeEmpty("every message ends its line");
        var messages = lines[..^1].Select(line => JsonNode.Parse(line)!).ToList();
        messages.Select(m => (string?)m["type"]).Should().Equal("RECORD", "LOG", "RECORD", "STATE", "RECORD", "RECORD");
        messages.Where(m => (string?)m["type"] == "RECORD").Select(m => $"{m["record"]!["stream"]}/{m["record"]!["data"]!["id"]}")
            .Should().Equal("users/u1", "jobs/j1", "users/u2", "users/u3");
        lines[4].Should().Contain("""{"id":"u2"}""", "a record with line breaks is written compactly");
        buffer.LineCount.Should().Be(6);
    }

    /// <summary>A RECORD message as the JSON writer writes it, with the encoder every protocol message uses.</summary>
    private static string WrittenByTheWriter(string stream, string data, long emittedAt)
    {
        var bytes = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(bytes, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "RECORD"u8);
            json.WriteStartObject("record"u8);
            json.WriteString("stream"u8, stream);
            json.WritePropertyName("data"u8);
            json.WriteRawValue(data, skipInputValidation: true);
            json.WriteNumber("emitted_at"u8, emittedAt);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(bytes.WrittenSpan) + "\n";
    }
}
