using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>State of a pass carried by a page cursor: the client holds it, the server keeps nothing.</summary>
/// <param name="Table">Table being listed.</param>
/// <param name="TokenVersion">For incremental passes the version of the syncToken; -1 for a full pass.</param>
/// <param name="Snapshot">Dataset version at the start of the pass: later changes are invisible to it.</param>
/// <param name="Position">Row index (full pass) or change-list position (incremental pass) of the next row.</param>
/// <param name="Page">Page number this cursor fetches (the first page, without cursor, is 1).</param>
/// <param name="FilterHash">Hash of the request filters the pass started with.</param>
/// <param name="Generation">Cursor generation; <c>/_admin/expire</c> bumps the current one.</param>
/// <param name="IssuedAtMs">Wall-clock issue time, only recorded when a cursor TTL is configured (else 0).</param>
internal readonly record struct CursorData(
    TableId Table, long TokenVersion, long Snapshot, int Position, int Page, ulong FilterHash, int Generation, long IssuedAtMs)
{
    public bool Incremental => TokenVersion >= 0;
}

/// <summary>What a syncToken records: the table, the filters and the version at the start of the pass that issued it.</summary>
internal readonly record struct TokenData(TableId Table, long Version, ulong FilterHash, int Generation, long IssuedAtMs);

/// <summary>
/// Encodes cursors and syncTokens as opaque base64url strings: a small binary record plus a truncated
/// HMAC, so garbled or forged values are recognised. The key derives from seed and scale, which keeps
/// responses byte-identical across runs (issue times are only embedded when a TTL needs them).
/// </summary>
internal sealed class PassCodec
{
    private const byte CursorMagic = (byte)'c', TokenMagic = (byte)'t', FormatVersion = 1;
    private const int MacLength = 8, CursorLength = 4 + 8 + 8 + 4 + 4 + 8 + 4 + 8, TokenLength = 4 + 8 + 8 + 4 + 8;

    private readonly byte[] _key;
    private int _cursorGeneration;
    private int _tokenGeneration;

    public PassCodec(ulong seed, int scale)
    {
        _key = new byte[32];
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(_key.AsSpan(i * 8), Hashing.Mix(seed ^ ((ulong)scale << 20) ^ (ulong)i));
    }

    public int CursorGeneration => Volatile.Read(ref _cursorGeneration);

    public int TokenGeneration => Volatile.Read(ref _tokenGeneration);

    /// <summary>Makes every cursor issued so far expired.</summary>
    public void ExpireCursors() => Interlocked.Increment(ref _cursorGeneration);

    /// <summary>Makes every syncToken issued so far expired.</summary>
    public void ExpireTokens() => Interlocked.Increment(ref _tokenGeneration);

    public string Encode(in CursorData c)
    {
        Span<byte> buf = stackalloc byte[CursorLength + MacLength];
        buf[0] = CursorMagic;
        buf[1] = FormatVersion;
        buf[2] = (byte)c.Table;
        buf[3] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(buf[4..], c.TokenVersion);
        BinaryPrimitives.WriteInt64LittleEndian(buf[12..], c.Snapshot);
        BinaryPrimitives.WriteInt32LittleEndian(buf[20..], c.Position);
        BinaryPrimitives.WriteInt32LittleEndian(buf[24..], c.Page);
        BinaryPrimitives.WriteUInt64LittleEndian(buf[28..], c.FilterHash);
        BinaryPrimitives.WriteInt32LittleEndian(buf[36..], c.Generation);
        BinaryPrimitives.WriteInt64LittleEndian(buf[40..], c.IssuedAtMs);
        return Seal(buf, CursorLength);
    }

    public bool TryDecode(string? text, out CursorData c)
    {
        c = default;
        Span<byte> buf = stackalloc byte[CursorLength + MacLength];
        if (!Open(text, buf, CursorMagic) || buf[2] >= Tables.All.Length)
            return false;
        c = new CursorData(
            (TableId)buf[2],
            BinaryPrimitives.ReadInt64LittleEndian(buf[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(buf[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(buf[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(buf[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buf[28..]),
            BinaryPrimitives.ReadInt32LittleEndian(buf[36..]),
            BinaryPrimitives.ReadInt64LittleEndian(buf[40..]));
        return c.Position >= 0 && c.Page >= 1;
    }

    public string Encode(in TokenData t)
    {
        Span<byte> buf = stackalloc byte[TokenLength + MacLength];
        buf[0] = TokenMagic;
        buf[1] = FormatVersion;
        buf[2] = (byte)t.Table;
        buf[3] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(buf[4..], t.Version);
        BinaryPrimitives.WriteUInt64LittleEndian(buf[12..], t.FilterHash);
        BinaryPrimitives.WriteInt32LittleEndian(buf[20..], t.Generation);
        BinaryPrimitives.WriteInt64LittleEndian(buf[24..], t.IssuedAtMs);
        return Seal(buf, TokenLength);
    }

    public bool TryDecode(string? text, out TokenData t)
    {
        t = default;
        Span<byte> buf = stackalloc byte[TokenLength + MacLength];
        if (!Open(text, buf, TokenMagic) || buf[2] >= Tables.All.Length)
            return false;
        t = new TokenData(
            (TableId)buf[2],
            BinaryPrimitives.ReadInt64LittleEndian(buf[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buf[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(buf[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(buf[24..]));
        return t.Version >= 0;
    }

    private string Seal(Span<byte> buf, int length)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buf[..length], mac);
        mac[..MacLength].CopyTo(buf[length..]);
        return Base64Url.EncodeToString(buf);
    }

    private bool Open(string? text, Span<byte> buf, byte magic)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 128)
            return false;
        // TryDecodeFromChars throws on invalid characters, so validate first.
        if (!Base64Url.IsValid(text, out var decodedLength) || decodedLength != buf.Length
            || !Base64Url.TryDecodeFromChars(text, buf, out var written) || written != buf.Length)
        {
            return false;
        }
        if (buf[0] != magic || buf[1] != FormatVersion)
            return false;
        var length = buf.Length - MacLength;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buf[..length], mac);
        return CryptographicOperations.FixedTimeEquals(mac[..MacLength], buf[length..]);
    }
}
