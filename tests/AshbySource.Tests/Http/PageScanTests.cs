using System.Buffers;
using System.Text;
using System.Text.Json;
using AshbySource.Http;

namespace AshbySource.Tests.Http;

/// <summary>
/// <see cref="PageScan"/> locates records while a page body is still arriving, and <see cref="AshbyEnvelope"/>
/// goes on from where the scan stopped. Whatever the pieces the body arrives in, the result must be exactly what
/// a parse of the whole body in one go gives: the same records byte for byte, the same fields, the same error.
/// </summary>
public sealed class PageScanTests
{
    /// <summary>The scan step of the HTTP layer (16 KB): the large bodies below are bigger, so scans happen mid-body.</summary>
    private const int ScanStep = 16 * 1024;

    /// <summary>Records of <see cref="LargePage"/> that make a body just over one scan step.</summary>
    private const int JustOverOneScanStep = 230;

    /// <summary>Records whose strings hold braces, brackets, quotes, escapes and multi-byte UTF-8, inside nested arrays.</summary>
    private static readonly string[] TrickyRecords =
    [
        """{"id":"a","note":"{ not an object } [ nor an array ]","quote":"say \"hi\"","slash":"C:\\dir\\","n":1.50}""",
        """{"id":"b","nested":[[1,[2,{"x":"]"}]],{},[]],"u":"\u00e9\u4e2d\ud83d\ude00","raw":"é中😀","big":12345678901234567890}""",
        """{"id":"c","empty":{},"arr":[],"t":true,"f":false,"z":null,"e":-1.5e-10,"s":"\\\"}\"{"}""",
        """{}""",
    ];

    /// <summary>A valid record nested more deeply than <see cref="RecordScanner"/> goes: the reader reads it.</summary>
    private static readonly string DeepRecord = "{\"id\":\"deep\",\"v\":" + new string('[', RecordScanner.MaxDepth) + "{}" + new string(']', RecordScanner.MaxDepth) + "}";

    /// <summary>Page bodies by name, and whether they are valid answers (the others must fail the same way streamed or not).</summary>
    public static TheoryData<string, string, bool> Bodies => new()
    {
        { "tricky records", Page(TrickyRecords, ""","moreDataAvailable":true,"nextCursor":"c\"1","syncToken":null"""), true },
        { "results after other members", """{"moreDataAvailable":false,"meta":{"results":[1,{"results":[]}]},"results":""" + "[" + string.Join(",", TrickyRecords) + """],"syncToken":"tok","success":true}""", true },
        { "pretty-printed", "{\n  \"success\" : true,\n  \"results\" : [\n    " + string.Join(" ,\n    ", TrickyRecords) + "\n  ] ,\n  \"moreDataAvailable\" : false\n}\n", true },
        { "no records", """{"success":true,"results":[],"moreDataAvailable":false,"syncToken":"t"}""", true },
        { "results as an object", """{"success":true,"results":{"title":"k","scopes":["jobs:read"],"odd":"[{"}}""", true },
        { "logic error", """{"success":false,"errors":["old"],"errorInfo":{"code":"sync_token_expired","message":"Token \"x\" expired","requestId":"r-9"}}""", true },
        { "results that is a string", """{"success":true,"results":"[{\"id\":\"a\"}]","moreDataAvailable":false}""", true },
        { "larger than the scan step", LargePage(JustOverOneScanStep), true },
        { "a result that is not an object", """{"success":true,"results":[{"id":"a"},"b",{"id":"c"}],"moreDataAvailable":false}""", true },
        { "a record nested deeper than the scanner goes", Page([TrickyRecords[0], DeepRecord, TrickyRecords[1], DeepRecord], ""","moreDataAvailable":false"""), true },
        { "a number the reader refuses in a later record", """{"success":true,"results":[{"id":"a"},{"id":"b","n":01}],"moreDataAvailable":false}""", false },
        { "a trailing comma in the array", """{"success":true,"results":[{"id":"a"},{"id":"b"},],"moreDataAvailable":false}""", false },
        { "invalid JSON inside a later record", """{"success":true,"results":[{"id":"a"},{"id":"b","v":tru}],"moreDataAvailable":false}""", false },
        { "cut off mid-record", """{"success":true,"results":[{"id":"a"},{"id":"b","s":"{[""", false },
        { "cut off after the array", """{"success":true,"results":[{"id":"a"}]""", false },
        { "data after the answer", """{"success":true,"results":[{"id":"a"}],"moreDataAvailable":false} {}""", false },
        { "not an object", """[{"id":"a"},{"id":"b"}]""", false },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void SplitAtEveryOffset_GivesWhatAOneShotParseGives(string name, string body, bool valid)
    {
        var (bytes, expected) = OneShotOf(name, body, valid);

        foreach (var cut in Cuts(bytes.Length))
        {
            Streamed(bytes, [cut]).ShouldBe(expected, () => $"{name}: the body arrived as {cut} bytes and then the rest");
        }
    }

    /// <summary>
    /// Every offset of a small body. A large one (splitting is quadratic) is cut at every offset of the 512 bytes either
    /// side of the scan step, where every byte of each kind of tricky record falls at least twice, of its last 256
    /// bytes, and at every 32nd elsewhere.
    /// </summary>
    private static IEnumerable<int> Cuts(int length) =>
        Enumerable.Range(0, length + 1).Where(cut => length <= 4096 || Math.Abs(cut - ScanStep) <= 512 || cut >= length - 256 || cut % 32 == 0);

    [Theory]
    [MemberData(nameof(Bodies))]
    public void SplitIntoManyRandomPieces_GivesWhatAOneShotParseGives(string name, string body, bool valid)
    {
        var (bytes, expected) = OneShotOf(name, body, valid);
        var random = new Random(20260101);

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var pieces = random.Next(2, Math.Max(3, Math.Min(bytes.Length, 64)));
            var cuts = Enumerable.Range(0, pieces).Select(_ => random.Next(0, bytes.Length + 1)).Order().ToArray();
            Streamed(bytes, cuts).ShouldBe(expected, () => $"{name}: the body arrived in pieces ending at {string.Join(",", cuts)}");
        }
    }

    [Fact]
    public void ScanStepPieces_OfALargePage_LocateRecordsBeforeTheBodyEnds()
    {
        Encoding.UTF8.GetByteCount(LargePage(JustOverOneScanStep)).Should().BeGreaterThan(ScanStep, "the body split at every offset spans a scan step");
        var bytes = Encoding.UTF8.GetBytes(LargePage(records: 1000));
        bytes.Length.Should().BeGreaterThan(3 * ScanStep, "the page spans several scan steps");
        var expected = OneShot(bytes);
        expected.Error.Should().BeNull();
        var cuts = Enumerable.Range(1, bytes.Length / ScanStep).Select(i => i * ScanStep).ToArray();

        var scan = new PageScan();
        var located = new List<int>();
        foreach (var cut in cuts)
        {
            scan.Advance(bytes.AsSpan(0, cut));
            located.Add(scan.Records.Count);
        }

        scan.Usable.Should().BeTrue();
        located[0].Should().BePositive("the first scan step finds records");
        located.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("every later scan step finds records of its own");
        located[^1].Should().BeLessThan(expected.RecordCount, "the records after the last scan are left to the envelope parser");
        Parse(bytes, scan).ShouldBe(expected, () => "the body arrived in scan steps");
    }

    [Fact]
    public void TheScanGivesUp_OnAResultThatIsNotAnObject_AndTheParseStillReportsIt()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"success":true,"results":[{"id":"a"},7,{"id":"c"}]}""");
        var scan = new PageScan();

        scan.Advance(bytes);

        scan.Usable.Should().BeFalse();
        var parsed = Parse(bytes, scan);
        parsed.Error.Should().BeNull("a complete answer is not a cut-off one, whatever its items");
        parsed.ListProblem.Should().Be(OneShot(bytes).ListProblem).And.Be("item 2 of 'results' is a number, not an object");
    }

    [Fact]
    public void ABodyThatNeverReachesResults_IsNotReadAgainFromItsStartAtEveryStep()
    {
        // What a decompression bomb of spaces looks like while it arrives: every step used to be read from byte 0.
        var bytes = Encoding.UTF8.GetBytes(new string(' ', 8 * 1024 * 1024) + """{"success":true,"results":[{"id":"a"}]}""");

        var (scan, parsed) = InScanSteps(bytes);

        scan.Usable.Should().BeFalse("a body without results in its first KiBs is left to the envelope parser");
        scan.BytesExamined.Should().BeLessThan(4 * PageScan.MaxBytesBeforeResults, "the scan stops looking once that much has arrived");
        parsed.ShouldBe(OneShot(bytes), () => "the body arrived in scan steps");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void ARecordThatKeepsGrowing_EndsTheScanAtTheLastWholeRecord_AndIsReadOnce(int recordsBefore)
    {
        var giant = "{\"id\":\"giant\",\"text\":\"" + new string('x', 4 * 1024 * 1024) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(Page([.. TrickyRecords.Take(recordsBefore), giant, .. TrickyRecords], ""","moreDataAvailable":false"""));

        var (scan, parsed) = InScanSteps(bytes);

        scan.Usable.Should().BeTrue();
        scan.Records.Should().HaveCount(recordsBefore, "the scan located the records before the giant one and stopped there");
        scan.BytesExamined.Should().BeLessThan(bytes.Length, "the giant record is scanned again only while it is below the limit");
        parsed.ShouldBe(OneShot(bytes), () => "the body arrived in scan steps");
    }

    /// <summary>The body arriving as the HTTP layer reads it: a scan every <see cref="ScanStep"/> bytes, then the parse.</summary>
    private static (PageScan Scan, Outcome Parsed) InScanSteps(byte[] body)
    {
        var scan = new PageScan();
        for (var cut = ScanStep; cut <= body.Length; cut += ScanStep)
        {
            scan.Advance(body.AsSpan(0, cut));
        }

        return (scan, Parse(body, scan));
    }

    /// <summary>
    /// What a parse yields, comparable as a value: every field, the records byte for byte, or the error. The records
    /// are kept raw, each followed by a NUL (JSON escapes control characters, so no record holds one).
    /// </summary>
    private sealed record Outcome(
        string? Error,
        bool? Success,
        bool MoreDataAvailable,
        string? NextCursor,
        string? SyncToken,
        string? ErrorCode,
        string? ErrorMessage,
        string? RequestId,
        string ResultsObject,
        int RecordCount,
        byte[] Records,
        string? ListProblem = null)
    {
        /// <summary>The records as text, for failure messages.</summary>
        public string RecordsText => Encoding.UTF8.GetString(Records);

        public bool Equals(Outcome? other) =>
            other is not null
            && (Error, Success, MoreDataAvailable, NextCursor, SyncToken, ErrorCode, ErrorMessage, RequestId, ResultsObject, RecordCount, ListProblem)
                == (other.Error, other.Success, other.MoreDataAvailable, other.NextCursor, other.SyncToken, other.ErrorCode, other.ErrorMessage, other.RequestId, other.ResultsObject, other.RecordCount, other.ListProblem)
            && Records.AsSpan().SequenceEqual(other.Records);

        public override int GetHashCode() => HashCode.Combine(Error, RecordCount, Records.Length);

        /// <summary>
        /// Asserts equality. The comparison runs tens of thousands of times a test, so the message is built and
        /// the assertion library called only when they differ.
        /// </summary>
        public void ShouldBe(Outcome expected, Func<string> because)
        {
            if (!Equals(expected))
            {
                this.Should().BeEquivalentTo(expected, because());
                this.Should().Be(expected, because());
            }
        }
    }

    private static Outcome OneShot(byte[] body) => Parse(body, scan: null);

    /// <summary>The body's bytes and their one-shot parse, which must succeed exactly when the body is <paramref name="valid"/>.</summary>
    private static (byte[] Bytes, Outcome Expected) OneShotOf(string name, string body, bool valid)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var expected = OneShot(bytes);
        (expected.Error is null).Should().Be(valid, $"{name}: {expected.Error}");
        return (bytes, expected);
    }

    /// <summary>The body arrives with its first <paramref name="cuts"/>[i] bytes at step i; the scan sees each prefix, then the parse sees it all.</summary>
    private static Outcome Streamed(byte[] body, IEnumerable<int> cuts)
    {
        var scan = new PageScan();
        foreach (var cut in cuts)
        {
            scan.Advance(body.AsSpan(0, cut));
        }

        return Parse(body, scan);
    }

    private static Outcome Parse(byte[] body, PageScan? scan)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, body.Length));
        body.CopyTo(buffer, 0);
        AshbyEnvelope envelope;
        try
        {
            envelope = AshbyEnvelope.Parse(buffer, body.Length, scan);
        }
        catch (JsonException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Outcome(ex.Message, null, false, null, null, null, null, null, string.Empty, 0, []);
        }

        using (envelope)
        {
            var records = new ArrayBufferWriter<byte>(body.Length + envelope.RecordCount);
            for (var i = 0; i < envelope.RecordCount; i++)
            {
                records.Write(envelope.RecordAt(i));
                records.Write("\0"u8);
            }

            return new Outcome(
                null,
                envelope.Success,
                envelope.MoreDataAvailable,
                envelope.NextCursor,
                envelope.SyncToken,
                envelope.ErrorCode,
                envelope.ErrorMessage,
                envelope.RequestId,
                Encoding.UTF8.GetString(envelope.ResultsObject),
                envelope.RecordCount,
                records.WrittenSpan.ToArray(),
                envelope.ListProblem);
        }
    }

    private static string Page(IEnumerable<string> records, string after) =>
        """{"success":true,"results":[""" + string.Join(",", records) + "]" + after + "}";

    /// <summary>A page of about 75 bytes a record, with the tricky records over and over.</summary>
    private static string LargePage(int records) =>
        Page(Enumerable.Range(0, records).Select(i => TrickyRecords[i % TrickyRecords.Length].Replace("\"id\":\"", $"\"id\":\"{i}-", StringComparison.Ordinal).Replace("{}", $$"""{"i":{{i}}}""", StringComparison.Ordinal)),
            ""","moreDataAvailable":true,"nextCursor":"next","syncToken":null""");
}
