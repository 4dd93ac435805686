using System.Buffers;
using System.Text;
using AshbySource.Http;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests.Http;

/// <summary>
/// Records located while a body arrives must be exactly the records a parse from the first byte finds, wherever
/// the body happens to be cut between two reads.
/// </summary>
public class PageScanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(997)]
    [InlineData(16 * 1024)]
    public void RecordsLocatedWhileArriving_AreTheRecordsOfAFullParse(int step)
    {
        var rows = FakeAshbyHandler.Rows("c", 300).Select((r, i) => i % 3 == 0 ? r.Replace("}", ",\"nested\":{\"a\":[1,2,{\"b\":\"}]\"}]}}", StringComparison.Ordinal) : r);
        var body = Encoding.UTF8.GetBytes(FakeAshbyHandler.Page(rows, more: true, nextCursor: "n", syncToken: "t"));
        var scan = new PageScan();
        for (var received = step; received < body.Length; received += step)
        {
            scan.Advance(body.AsSpan(0, received));
        }

        using var scanned = Parse(body, scan);
        using var plain = Parse(body, null);

        scan.Usable.Should().BeTrue();
        scan.Records.Should().NotBeEmpty("most records had arrived before the last read");
        scanned.RecordCount.Should().Be(300);
        Records(scanned).Should().Equal(Records(plain));
        (scanned.MoreDataAvailable, scanned.NextCursor, scanned.SyncToken).Should().Be((true, "n", "t"));
    }

    [Theory]
    [InlineData("""{"success":true,"results":{"id":"a"}}""")]
    [InlineData("""{"success":true,"results":[1,2,3]}""")]
    [InlineData("""[{"id":"a"}]""")]
    public void UnexpectedShapes_MakeTheScanGiveUp(string json)
    {
        var scan = new PageScan();

        scan.Advance(Encoding.UTF8.GetBytes(json));

        scan.Usable.Should().BeFalse();
    }

    private static List<string> Records(AshbyEnvelope page) =>
        Enumerable.Range(0, page.RecordCount).Select(i => Encoding.UTF8.GetString(page.RecordAt(i))).ToList();

    private static AshbyEnvelope Parse(byte[] body, PageScan? scan)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(buffer, 0);
        return AshbyEnvelope.Parse(buffer, body.Length, scan);
    }
}
