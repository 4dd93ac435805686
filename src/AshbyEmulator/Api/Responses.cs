using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using AshbyEmulator.Data;
using Microsoft.AspNetCore.Http;

namespace AshbyEmulator.Api;

/// <summary>Writers for Ashby's error envelope and plain-text responses.</summary>
internal static class Responses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    private static ReadOnlySpan<byte> Crockford => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"u8;

    public static async Task WriteErrorAsync(HttpResponse response, PipeWriter output, ApiError error, CancellationToken ct)
    {
        response.StatusCode = error.Status;
        response.ContentType = JsonContentType;
        using (var w = new Utf8JsonWriter(output, JsonOut.WriterOptions))
            WriteErrorBody(w, error.Code, error.Message);
        await output.FlushAsync(ct);
    }

    /// <summary><c>{"success":false,"errors":[code],"errorInfo":{"code","message","requestId"}}</c> (errors[] is the deprecated mirror).</summary>
    public static void WriteErrorBody(Utf8JsonWriter w, string code, string message)
    {
        w.WriteStartObject();
        w.WriteBoolean(P.Success, false);
        w.WriteStartArray(P.Errors);
        w.WriteStringValue(code);
        w.WriteEndArray();
        w.WriteStartObject(P.ErrorInfo);
        w.WriteString(P.Code, code);
        w.WriteString(P.Message, message);
        w.WriteString(P.RequestId, NewRequestId());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static async Task WritePlainAsync(HttpResponse response, PipeWriter output, int status, string text, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await output.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    /// <summary>A ULID (48-bit millisecond time + 80 random bits, Crockford base32), like Ashby's request ids.</summary>
    public static string NewRequestId()
    {
        Span<byte> random = stackalloc byte[10];
        Random.Shared.NextBytes(random);
        var time = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Span<char> id = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            id[i] = (char)Crockford[(int)(time & 31)];
            time >>= 5;
        }
        UInt128 bits = 0;
        foreach (var b in random)
            bits = (bits << 8) | b;
        for (var i = 25; i >= 10; i--)
        {
            id[i] = (char)Crockford[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(id);
    }
}
