using System.Buffers;
using System.Text.Json;
using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>
/// Rewrites a row the way real Ashby sends it in the realistic mode: every property whose value is null or an
/// empty array is left out, at every depth. Recorded answers omit keys such as <c>archivedAt</c>, <c>location</c>,
/// <c>jobId</c> and users' <c>customFields</c> instead of sending null or [] (ashby-fidelity.md §2.3), and Ashby's
/// OpenAPI marks most item fields optional. The generators write every documented key, so one pass over each
/// finished row applies the rule to every table. Array elements are kept as they are (a null inside an array is a
/// value, not an absent key); an object left empty stays <c>{}</c>.
/// </summary>
internal sealed class AbsentKeyFilter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _scratch;

    public AbsentKeyFilter() => _scratch = new Utf8JsonWriter(_buffer, JsonOut.WriterOptions);

    /// <summary>A writer for the next row; write exactly one value to it, then call <see cref="CopyTo"/>.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _scratch.Reset(_buffer);
        return _scratch;
    }

    /// <summary>Copies the row written since <see cref="Begin"/> to <paramref name="target"/>, leaving out null and [] properties.</summary>
    public void CopyTo(Utf8JsonWriter target)
    {
        _scratch.Flush();
        var json = _buffer.WrittenSpan;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (SkipIfAbsent(ref reader))
                    {
                        continue;
                    }
                    if (reader.ValueIsEscaped)
                    {
                        target.WritePropertyName(reader.GetString()!);
                    }
                    else
                    {
                        target.WritePropertyName(reader.ValueSpan);
                    }
                    break;
                case JsonTokenType.StartObject:
                    target.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    target.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    target.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    target.WriteEndArray();
                    break;
                case JsonTokenType.String:
                    // The token as written, quotes and escapes included, so values stay byte-identical.
                    target.WriteRawValue(json.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2), skipInputValidation: true);
                    break;
                default:
                    target.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
            }
        }
    }

    /// <summary>
    /// With the reader on a property name: when its value is null or [], moves the reader onto the value's last
    /// token and says so; otherwise leaves the reader where it is.
    /// </summary>
    private static bool SkipIfAbsent(ref Utf8JsonReader reader)
    {
        var value = reader;
        value.Read();
        if (value.TokenType == JsonTokenType.Null)
        {
            reader = value;
            return true;
        }
        if (value.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        var end = value;
        end.Read();
        if (end.TokenType != JsonTokenType.EndArray)
        {
            return false;
        }
        reader = end;
        return true;
    }

    public void Dispose() => _scratch.Dispose();
}
