namespace AshbyEmulator.Data;

/// <summary>
/// SplitMix64-based hashing. Every generated value is a pure function of (seed, table, index, field), which is
/// what lets the emulator serve a million rows without materialising them.
/// </summary>
internal static class Hashing
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The root hash of row <paramref name="index"/> of <paramref name="table"/>.</summary>
    public static ulong Row(ulong seed, int table, long index) =>
        Mix(seed ^ Mix((((ulong)table + 1) << 48) ^ (ulong)index));

    /// <summary>An independent hash for one named aspect of a row (so adding a field never reshuffles others).</summary>
    public static ulong Field(ulong rowHash, ulong field) => Mix(rowHash ^ (field * Golden));

    /// <summary>Uniform integer in [0, n) from a hash (multiply-shift, no modulo bias worth caring about).</summary>
    public static int Below(ulong hash, int n) => (int)(((hash >> 32) * (ulong)n) >> 32);

    /// <summary>64-bit FNV-1a followed by a mix; used for request bodies and canonical filter strings.</summary>
    public static ulong Bytes(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var h = 0xCBF29CE484222325UL ^ seed;
        foreach (var b in data)
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return Mix(h);
    }
}

/// <summary>A tiny sequential generator seeded from a row hash, for the many small draws of one record.</summary>
internal struct Rng(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Hashing.Mix(_state);
    }

    public int Int(int n) => Hashing.Below(Next(), n);

    public int Int(int lo, int hiExclusive) => lo + Int(hiExclusive - lo);

    public long Long(long lo, long hiExclusive) =>
        hiExclusive <= lo ? lo : lo + (long)(Next() % (ulong)(hiExclusive - lo));

    public bool Percent(int percent) => Int(100) < percent;

    public T Pick<T>(T[] items) => items[Int(items.Length)];
}
