namespace AshbyEmulator.Data;

/// <summary>
/// A 128-bit id rendered as a lowercase version-4 UUID. Derived from hashes, never random, so ids are stable
/// for a seed and cost nothing to recompute.
/// </summary>
internal readonly record struct Uuid(ulong Hi, ulong Lo)
{
    public const int Length = 36;

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>The id of a row of a table.</summary>
    public static Uuid ForRow(ulong seed, int table, long index) => Derive(seed, 0x1D00 + (ulong)table, index, 0);

    /// <summary>An id for a derived entity (interview stage, file, version…) identified by a namespace and two numbers.</summary>
    public static Uuid Derive(ulong seed, ulong ns, long a, long b)
    {
        var h = Hashing.Mix(seed ^ Hashing.Mix(ns * 0x9E3779B97F4A7C15UL ^ (ulong)a) ^ Hashing.Mix((ulong)b + 0x51ED));
        var hi = Hashing.Mix(h ^ 0xA1);
        var lo = Hashing.Mix(h ^ 0xB2);
        hi = (hi & ~0xF000UL) | 0x4000UL;                       // version 4
        lo = (lo & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL; // RFC 4122 variant
        return new Uuid(hi, lo);
    }

    public void Format(Span<byte> dst)
    {
        var p = 0;
        for (var i = 60; i >= 0; i -= 4)
        {
            if (p is 8 or 13)
            {
                dst[p++] = (byte)'-';
            }

            dst[p++] = Hex[(int)((Hi >> i) & 0xF)];
        }
        for (var i = 60; i >= 0; i -= 4)
        {
            if (p is 18 or 23)
            {
                dst[p++] = (byte)'-';
            }

            dst[p++] = Hex[(int)((Lo >> i) & 0xF)];
        }
    }

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Length];
        Format(b);
        return System.Text.Encoding.ASCII.GetString(b);
    }

    public static bool TryParse(ReadOnlySpan<char> s, out Uuid id)
    {
        id = default;
        if (s.Length != Length)
        {
            return false;
        }

        ulong hi = 0, lo = 0;
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                if (s[i] != '-')
                {
                    return false;
                }

                continue;
            }
            var v = HexValue(s[i]);
            if (v < 0)
            {
                return false;
            }

            if (n < 16)
            {
                hi = (hi << 4) | (uint)v;
            }
            else
            {
                lo = (lo << 4) | (uint)v;
            }

            n++;
        }
        id = new Uuid(hi, lo);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
