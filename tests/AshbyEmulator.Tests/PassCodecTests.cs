using AshbyEmulator.Api;

namespace AshbyEmulator.Tests;

/// <summary>Cursors and syncTokens share one sealed layout; each kind only opens as itself.</summary>
public sealed class PassCodecTests
{
    private readonly PassCodec _codec = new(seed: 42, scale: 1000, tableCount: 16);

    [Fact]
    public void Cursors_and_tokens_round_trip()
    {
        var cursor = new CursorData(15, 9, 1234, 77, 3, 0xFEDC_BA98_7654_3210UL, 2, 1_700_000_000_000);
        _codec.TryDecode(_codec.Encode(cursor), out CursorData decodedCursor).Should().BeTrue();
        decodedCursor.Should().Be(cursor);

        var token = new TokenData(4, 1234, ulong.MaxValue, 1, 0);
        _codec.TryDecode(_codec.Encode(token), out TokenData decodedToken).Should().BeTrue();
        decodedToken.Should().Be(token);
    }

    [Fact]
    public void A_cursor_is_not_a_token_and_a_token_is_not_a_cursor()
    {
        var cursor = _codec.Encode(new CursorData(0, -1, 5, 0, 2, 1, 0, 0));
        var token = _codec.Encode(new TokenData(0, 5, 1, 0, 0));
        _codec.TryDecode(cursor, out TokenData _).Should().BeFalse();
        _codec.TryDecode(token, out CursorData _).Should().BeFalse();
    }

    [Fact]
    public void Tampered_foreign_or_out_of_range_values_are_rejected()
    {
        var cursor = _codec.Encode(new CursorData(1, -1, 5, 10, 2, 1, 0, 0));
        var middle = cursor.Length / 2;
        var flipped = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];
        _codec.TryDecode(flipped, out CursorData _).Should().BeFalse("the MAC no longer matches");
        new PassCodec(seed: 43, scale: 1000, tableCount: 16).TryDecode(cursor, out CursorData _).Should().BeFalse("another seed has another key");
        new PassCodec(seed: 42, scale: 1000, tableCount: 1).TryDecode(cursor, out CursorData _).Should().BeFalse("table 1 does not exist there");
        _codec.TryDecode("", out CursorData _).Should().BeFalse();
        _codec.TryDecode(new string('A', 200), out CursorData _).Should().BeFalse();
    }
}
