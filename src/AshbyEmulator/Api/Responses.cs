using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using AshbyEmulator.Data;
using Microsoft.AspNetCore.Http;

namespace AshbyEmulator.Api;

/// <summary>Writers for Ashby's error envelope, plain-text responses and streamed row arrays.</summary>
internal sealed class Responses(TimeProvider time)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Flush to the socket in chunks of about this size.</summary>
    private const int FlushThreshold = 32 * 1024;

    private static ReadOnlySpan<byte> Crockford => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"u8;

    public async Task WriteErrorAsync(HttpResponse response, PipeWriter output, ApiError error, CancellationToken ct)
    {
        response.StatusCode = error.Status;
        response.ContentType = JsonContentType;
        using (var w = new Utf8JsonWriter(output, JsonOut.WriterOptions))
        {
            WriteErrorBody(w, error.Code, error.Message);
        }

        await output.FlushAsync(ct);
    }

    /// <summary><c>{"success":false,"errors":[code],"errorInfo":{"code","message","requestId"}}</c> (errors[] is the deprecated mirror).</summary>
    public void WriteErrorBody(Utf8JsonWriter w, string code, string message)
    {
        w.WriteStartObject();
        w.WriteBoolean(JsonNames.Success, false);
        w.WriteStartArray(JsonNames.Errors);
        w.WriteStringValue(code);
        w.WriteEndArray();
        w.WriteStartObject(JsonNames.ErrorInfo);
        w.WriteString(JsonNames.Code, code);
        w.WriteString(JsonNames.Message, message);
        w.WriteString(JsonNames.RequestId, NewRequestId());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes one value per row and pushes the bytes to the socket every ~32 KB (Utf8JsonWriter hands full
    /// segments to the pipe itself), so memory stays flat however many rows there are.
    /// </summary>
    public static async Task WriteRowsAsync(Utf8JsonWriter w, PipeWriter output, IEnumerable<int> rows, Action<Utf8JsonWriter, int> writeRow, CancellationToken ct)
    {
        long flushed = 0;
        foreach (var index in rows)
        {
            writeRow(w, index);
            if (w.BytesCommitted + w.BytesPending - flushed > FlushThreshold)
            {
                w.Flush();
                flushed = w.BytesCommitted;
                await output.FlushAsync(ct);
            }
        }
    }

    public static async Task WritePlainAsync(HttpResponse response, PipeWriter output, int status, string text, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await output.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    /// <summary>A ULID (48-bit millisecond time + 80 random bits, Crockford base32), like Ashby's request ids.</summary>
    public string NewRequestId()
    {
        Span<byte> random = stackalloc byte[10];
        Random.Shared.NextBytes(random);
        var now = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<char> id = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            id[i] = (char)Crockford[(int)(now & 31)];
            now >>= 5;
        }
        UInt128 bits = 0;
        foreach (var b in random)
        {
            bits = (bits << 8) | b;
        }

        for (var i = 25; i >= 10; i--)
        {
            id[i] = (char)Crockford[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(id);
    }
}
