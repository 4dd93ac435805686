using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>State of a pass carried by a page cursor: the client holds it, the server keeps nothing.</summary>
/// <param name="Table">Ordinal of the table being listed.</param>
/// <param name="TokenVersion">For incremental passes the version of the syncToken; -1 for a full pass.</param>
/// <param name="Snapshot">Dataset version at the start of the pass: later changes are invisible to it.</param>
/// <param name="Position">Row index (full pass) or change-list position (incremental pass) of the next row.</param>
/// <param name="Page">Page number this cursor fetches (the first page, without cursor, is 1).</param>
/// <param name="FilterHash">Hash of the request filters the pass started with.</param>
/// <param name="Generation">Cursor generation; <c>/_admin/expire</c> bumps the current one.</param>
/// <param name="IssuedAtMs">Issue time, only recorded when a cursor TTL is configured (else 0).</param>
internal readonly record struct CursorData(
    int Table, long TokenVersion, long Snapshot, int Position, int Page, ulong FilterHash, int Generation, long IssuedAtMs)
{
    public bool Incremental => TokenVersion >= 0;
}

/// <summary>What a syncToken records: the table, the filters and the version at the start of the pass that issued it.</summary>
internal readonly record struct TokenData(int Table, long Version, ulong FilterHash, int Generation, long IssuedAtMs);

/// <summary>
/// Encodes cursors and syncTokens as opaque base64url strings: magic, format, table and a few 64-bit fields,
/// plus a truncated HMAC, so garbled or forged values are recognised. The key derives from seed and scale,
/// which keeps responses byte-identical across runs (issue times are only embedded when a TTL needs them).
/// </summary>
internal sealed class PassCodec
{
    private const byte CursorMagic = (byte)'c', TokenMagic = (byte)'t', FormatVersion = 2;
    private const int MacLength = 8, HeaderLength = 4, CursorFields = 7, TokenFields = 4, MaxFields = CursorFields;

    private readonly byte[] _key;
    private readonly int _tableCount;
    private int _cursorGeneration;
    private int _tokenGeneration;

    public PassCodec(ulong seed, int scale, int tableCount)
    {
        _tableCount = tableCount;
        _key = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_key.AsSpan(i * 8), Hashing.Mix(seed ^ ((ulong)scale << 20) ^ (ulong)i));
        }
    }

    public int CursorGeneration => Volatile.Read(ref _cursorGeneration);

    public int TokenGeneration => Volatile.Read(ref _tokenGeneration);

    /// <summary>Makes every cursor issued so far expired.</summary>
    public void ExpireCursors() => Interlocked.Increment(ref _cursorGeneration);

    /// <summary>Makes every syncToken issued so far expired.</summary>
    public void ExpireTokens() => Interlocked.Increment(ref _tokenGeneration);

    public string Encode(in CursorData c) =>
        Seal(CursorMagic, c.Table, [c.TokenVersion, c.Snapshot, c.Position, c.Page, (long)c.FilterHash, c.Generation, c.IssuedAtMs]);

    public bool TryDecode(string? text, out CursorData c)
    {
        Span<long> f = stackalloc long[CursorFields];
        c = Open(text, CursorMagic, f, out var table)
            ? new CursorData(table, f[0], f[1], (int)f[2], (int)f[3], (ulong)f[4], (int)f[5], f[6])
            : default;
        return c.Page >= 1 && c.Position >= 0 && c.Position == f[2] && c.Page == f[3];
    }

    public string Encode(in TokenData t) => Seal(TokenMagic, t.Table, [t.Version, (long)t.FilterHash, t.Generation, t.IssuedAtMs]);

    public bool TryDecode(string? text, out TokenData t)
    {
        Span<long> f = stackalloc long[TokenFields];
        var ok = Open(text, TokenMagic, f, out var table);
        t = ok ? new TokenData(table, f[0], (ulong)f[1], (int)f[2], f[3]) : default;
        return ok && t.Version >= 0;
    }

    private static int Length(int fields) => HeaderLength + (fields * 8);

    private string Seal(byte magic, int table, ReadOnlySpan<long> fields)
    {
        Span<byte> buf = stackalloc byte[Length(MaxFields) + MacLength];
        var length = Length(fields.Length);
        buf = buf[..(length + MacLength)];
        buf[0] = magic;
        buf[1] = FormatVersion;
        buf[2] = (byte)table;
        buf[3] = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buf[(HeaderLength + (i * 8))..], fields[i]);
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buf[..length], mac);
        mac[..MacLength].CopyTo(buf[length..]);
        return Base64Url.EncodeToString(buf);
    }

    private bool Open(string? text, byte magic, Span<long> fields, out int table)
    {
        table = 0;
        Span<byte> buf = stackalloc byte[Length(MaxFields) + MacLength];
        var length = Length(fields.Length);
        buf = buf[..(length + MacLength)];
        if (string.IsNullOrEmpty(text) || text.Length > 128)
        {
            return false;
        }
        // TryDecodeFromChars throws on invalid characters, so validate first.
        if (!Base64Url.IsValid(text, out var decodedLength) || decodedLength != buf.Length
            || !Base64Url.TryDecodeFromChars(text, buf, out var written) || written != buf.Length)
        {
            return false;
        }
        if (buf[0] != magic || buf[1] != FormatVersion || buf[2] >= _tableCount)
        {
            return false;
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buf[..length], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], buf[length..]))
        {
            return false;
        }
        table = buf[2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = BinaryPrimitives.ReadInt64LittleEndian(buf[(HeaderLength + (i * 8))..]);
        }
        return true;
    }
}
