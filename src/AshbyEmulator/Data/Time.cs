namespace AshbyEmulator.Data;

/// <summary>
/// The dataset's clock. Data never reads the wall clock: base rows live in the five years before
/// <see cref="EpochMs"/>, and every mutation (version v) happens at <see cref="ChangeTimeMs"/>(v) after it.
/// </summary>
internal static class Time
{
    /// <summary>2026-01-01T00:00:00.000Z.</summary>
    public const long EpochMs = 1_767_225_600_000L;

    public const long DayMs = 86_400_000L;

    /// <summary>Base data is spread over this span ending one day before the epoch.</summary>
    public const long SpanMs = 5 * 365 * DayMs;

    public const long StartMs = EpochMs - DayMs - SpanMs;

    /// <summary>Dataset time of change number <paramref name="version"/> (one simulated second apart).</summary>
    public static long ChangeTimeMs(long version) => EpochMs + (version * 1000) + (long)(Hashing.Mix((ulong)version) % 997);

    /// <summary>Writes <c>2024-03-02T18:11:04.120Z</c> (24 bytes).</summary>
    public static int FormatDateTime(long ms, Span<byte> dst)
    {
        var days = FloorDiv(ms, DayMs);
        var msOfDay = ms - (days * DayMs);
        FormatDate(days, dst);
        dst[10] = (byte)'T';
        var secs = (int)(msOfDay / 1000);
        Two(dst[11..], secs / 3600);
        dst[13] = (byte)':';
        Two(dst[14..], secs / 60 % 60);
        dst[16] = (byte)':';
        Two(dst[17..], secs % 60);
        dst[19] = (byte)'.';
        var milli = (int)(msOfDay % 1000);
        dst[20] = (byte)('0' + (milli / 100));
        dst[21] = (byte)('0' + (milli / 10 % 10));
        dst[22] = (byte)('0' + (milli % 10));
        dst[23] = (byte)'Z';
        return 24;
    }

    /// <summary>Writes <c>2024-03-02</c> (10 bytes).</summary>
    public static int FormatDateOnly(long ms, Span<byte> dst)
    {
        FormatDate(FloorDiv(ms, DayMs), dst);
        return 10;
    }

    private static void FormatDate(long daysSinceEpoch, Span<byte> dst)
    {
        // Howard Hinnant's civil_from_days.
        var z = daysSinceEpoch + 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = doy - (((153 * mp) + 2) / 5) + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2)
        {
            y++;
        }

        var year = (int)y;
        dst[0] = (byte)('0' + (year / 1000 % 10));
        dst[1] = (byte)('0' + (year / 100 % 10));
        dst[2] = (byte)('0' + (year / 10 % 10));
        dst[3] = (byte)('0' + (year % 10));
        dst[4] = (byte)'-';
        Two(dst[5..], (int)m);
        dst[7] = (byte)'-';
        Two(dst[8..], (int)d);
    }

    private static void Two(Span<byte> dst, int v)
    {
        dst[0] = (byte)('0' + (v / 10));
        dst[1] = (byte)('0' + (v % 10));
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    public static string ToIso(long ms)
    {
        Span<byte> b = stackalloc byte[24];
        FormatDateTime(ms, b);
        return System.Text.Encoding.ASCII.GetString(b);
    }

    /// <summary>Midnight (UTC) of the day containing <paramref name="ms"/>.</summary>
    public static long StartOfDay(long ms) => FloorDiv(ms, DayMs) * DayMs;
}
