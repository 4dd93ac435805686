using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Data;

/// <summary>A catalog string kept in the forms the writers need: pre-escaped JSON, raw UTF-8 and an ASCII slug.</summary>
internal sealed class Word
{
    public Word(string value)
    {
        Value = value;
        Json = JsonEncodedText.Encode(value, JsonOut.Encoder);
        Utf8 = Encoding.UTF8.GetBytes(value);
        Slug = Encoding.ASCII.GetBytes(Slugify(value));
    }

    public string Value { get; }

    public JsonEncodedText Json { get; }

    public byte[] Utf8 { get; }

    /// <summary>Lowercase ASCII letters and digits only; used in e-mail addresses and URLs.</summary>
    public byte[] Slug { get; }

    public static Word[] Of(params string[] values) => [.. values.Select(v => new Word(v))];

    /// <summary>ASCII folding by table: normalisation APIs are unavailable under invariant globalization.</summary>
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿšžłß", Folded = "aaaaaaceeeeiiiinoooooouuuuyyszls";

    private static string Slugify(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            var c = char.ToLowerInvariant(ch);
            var folded = Accented.IndexOf(c, StringComparison.Ordinal);
            if (folded >= 0)
            {
                c = Folded[folded];
            }

            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
        }
        return sb.Length == 0 ? "x" : sb.ToString();
    }

    public override string ToString() => Value;
}

/// <summary>Builds short UTF-8 strings on the stack without allocating.</summary>
internal ref struct Utf8Builder(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var n = Math.Min(bytes.Length, _buffer.Length - _length);
        bytes[..n].CopyTo(_buffer[_length..]);
        _length += n;
    }

    public void Append(byte b)
    {
        if (_length < _buffer.Length)
        {
            _buffer[_length++] = b;
        }
    }

    public void Append(long value)
    {
        if (value.TryFormat(_buffer[_length..], out var n, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            _length += n;
        }
    }

    public void AppendUuid(Uuid id)
    {
        if (_buffer.Length - _length >= Uuid.Length)
        {
            id.Format(_buffer[_length..]);
            _length += Uuid.Length;
        }
    }

    public void AppendHex(ulong value, int digits)
    {
        for (var i = (digits - 1) * 4; i >= 0; i -= 4)
        {
            Append((byte)"0123456789abcdef"[(int)((value >> i) & 0xF)]);
        }
    }
}
