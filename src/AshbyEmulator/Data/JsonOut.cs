using System.Text.Encodings.Web;
using System.Text.Json;

namespace AshbyEmulator.Data;

/// <summary>Small Utf8JsonWriter helpers for the value shapes Ashby uses (UUIDs, ms timestamps, dates).</summary>
internal static class JsonOut
{
    /// <summary>Relaxed escaping: non-ASCII names go out as UTF-8, like a real API, instead of \u escapes.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Validation is skipped for speed; the test-suite parses every shape the writers produce.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder, SkipValidation = true };

    public static void WriteUuid(this Utf8JsonWriter w, JsonEncodedText name, Uuid id)
    {
        Span<byte> b = stackalloc byte[Uuid.Length];
        id.Format(b);
        w.WriteString(name, b);
    }

    public static void WriteUuidValue(this Utf8JsonWriter w, Uuid id)
    {
        Span<byte> b = stackalloc byte[Uuid.Length];
        id.Format(b);
        w.WriteStringValue(b);
    }

    public static void WriteUuidOrNull(this Utf8JsonWriter w, JsonEncodedText name, Uuid? id)
    {
        if (id is { } v)
        {
            w.WriteUuid(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>ISO-8601 with milliseconds and Z; a value ≤ 0 means "absent" and is written as null.</summary>
    public static void WriteTime(this Utf8JsonWriter w, JsonEncodedText name, long ms)
    {
        if (ms <= 0)
        {
            w.WriteNull(name);
            return;
        }
        Span<byte> b = stackalloc byte[24];
        Time.FormatDateTime(ms, b);
        w.WriteString(name, b);
    }

    /// <summary><c>YYYY-MM-DD</c>; a value ≤ 0 is written as null.</summary>
    public static void WriteDate(this Utf8JsonWriter w, JsonEncodedText name, long ms)
    {
        if (ms <= 0)
        {
            w.WriteNull(name);
            return;
        }
        Span<byte> b = stackalloc byte[10];
        Time.FormatDateOnly(ms, b);
        w.WriteString(name, b);
    }

    public static void WriteWordOrNull(this Utf8JsonWriter w, JsonEncodedText name, Word? word)
    {
        if (word is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, word.Json);
        }
    }
}
