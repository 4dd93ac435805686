using System.Text;
using System.Text.Json;
using AshbySource.Http;
using static AshbySource.Http.RecordScanner;

namespace AshbySource.Tests.Http;

/// <summary>
/// <see cref="RecordScanner"/> stands in for <see cref="Utf8JsonReader"/> on the records of a page. It may leave
/// anything to the reader, but what it takes as a complete record the reader must take too, ending at the same byte:
/// checked here against the reader itself, on hand-picked records and on thousands of mutated ones.
/// </summary>
public sealed class RecordScannerTests
{
    /// <summary>Valid records the scanner must take whole, each exercising a rule (escapes, numbers, whitespace, nesting).</summary>
    public static TheoryData<string> ValidRecords => new()
    {
        """{}""",
        """{"id":"a"}""",
        """{"s":"","e":{},"a":[],"aa":[[],[{}]]}""",
        """{"esc":"\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00 \uABcd","after":1}""",
        """{"n":[0,-0,1,-1,10,1.5,-0.25,1e5,1E+5,2e-10,0.0e0,12345678901234567890123,1.000]}""",
        """{"lit":[true,false,null],"t":true,"f":false,"z":null}""",
        "{ \"ws\" :\t[ 1 ,\r\n 2 ] ,\n\"x\" : { } }",
        """{"utf8":"TU München, 中文, 😀","raw_del":"\u007f"}""",
        """{"long":"0123456789abcdef0123456789abcdef\"0123456789abcdef\\0123456789abcdef"}""",
        """{"quote_at_16":"0123456789abcde\"","slash_at_15":"0123456789abcd\\"}""",
        """{"deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""",
    };

    /// <summary>Invalid records: the reader rejects each, so the scanner must never take one as complete.</summary>
    public static TheoryData<string> InvalidRecords => new()
    {
        """{"a":1,}""",
        """{"a":[1,]}""",
        """{"a":[,1]}""",
        """{,"a":1}""",
        """{"a" 1}""",
        """{"a":1 "b":2}""",
        """{a:1}""",
        """{'a':1}""",
        """{"a":01}""",
        """{"a":1.}""",
        """{"a":.5}""",
        """{"a":-}""",
        """{"a":+1}""",
        """{"a":1e}""",
        """{"a":1e+}""",
        """{"a":0x10}""",
        """{"a":NaN}""",
        """{"a":Infinity}""",
        """{"a":tru}""",
        """{"a":True}""",
        """{"a":nul}""",
        """{"a":nulls}""",
        """{"a":truex}""",
        """{"a":"\x"}""",
        """{"a":"\u12G4"}""",
        """{"a":"\u12"}""",
        """{"a":"\'"}""",
        """{"a":1/*c*/}""",
        """{"a":[1}""",
        """{"a":{1]}""",
        """{"a":{"b":1]}""",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"line\nbreak\"}",
        "{\"a\":\"nul\0\"}",
        "{\"a\":\f1}",
        "{\"a\":\v1}",
        "{\"a\":\u00a01}",
    };

    [Theory]
    [MemberData(nameof(ValidRecords))]
    public void ValidRecord_IsTakenWhole_WhereTheReaderEndsIt(string record)
    {
        var bytes = Encoding.UTF8.GetBytes(record + ",{}");

        FindObjectEnd(bytes, 0, out var end).Should().Be(RecordEnd.Complete);

        end.Should().Be(ReaderEnd(bytes)).And.Be(Encoding.UTF8.GetByteCount(record));
    }

    [Theory]
    [MemberData(nameof(ValidRecords))]
    public void EveryCutOfAValidRecord_AsksForMoreData(string record)
    {
        var bytes = Encoding.UTF8.GetBytes(record);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var result = FindObjectEnd(bytes.AsSpan(0, cut), 0, out _);
            if (result != RecordEnd.NeedMoreData)
            {
                result.Should().Be(RecordEnd.NeedMoreData, $"the record cut after {cut} bytes is only incomplete: {Encoding.UTF8.GetString(bytes, 0, cut)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public void InvalidRecord_IsLeftToTheReader(string record)
    {
        var bytes = Encoding.UTF8.GetBytes(record);
        ReaderEnd(bytes).Should().BeNull("the reader rejects it");

        FindObjectEnd(bytes, 0, out _).Should().NotBe(RecordEnd.Complete);
    }

    [Fact]
    public void BytesThatAreNotUtf8_InsideStrings_PassAsTheReaderPassesThem()
    {
        // UTF-8 is checked when the record is written; neither the reader nor the scanner looks at it.
        byte[] bytes = [.. "{\"a\":\""u8, 0xFF, 0xC3, .. "\"}"u8];

        FindObjectEnd(bytes, 0, out var end).Should().Be(RecordEnd.Complete);

        end.Should().Be(ReaderEnd(bytes)).And.Be(bytes.Length);
    }

    [Fact]
    public void NestingDeeperThanTheScannerGoes_IsLeftToTheReader()
    {
        var deep = "{\"a\":" + new string('[', MaxDepth) + new string(']', MaxDepth) + "}";
        ReaderEnd(Encoding.UTF8.GetBytes(deep)).Should().NotBeNull("the reader allows this depth");

        FindObjectEnd(Encoding.UTF8.GetBytes(deep), 0, out _).Should().Be(RecordEnd.LeftToReader);
    }

    [Fact]
    public void MutatedRecords_AreNeverTakenUnlessTheReaderTakesThemToTheSameByte()
    {
        var random = new Random(20261207);
        var complete = 0;
        var mutations = 0;
        for (var attempt = 0; attempt < 20_000; attempt++)
        {
            var record = Encoding.UTF8.GetBytes(RandomRecord(random, depth: 0));
            var mutated = Mutate(random, record, random.Next(0, 3));
            mutations += mutated.AsSpan().SequenceEqual(record) ? 0 : 1;

            if (mutated.Length == 0 || mutated[0] != (byte)'{')
            {
                // Only an item that opens with '{' is handed to the scanner as a record (see ScanItems).
                continue;
            }

            var result = FindObjectEnd(mutated, 0, out var end);
            var readerEnd = ReaderEnd(mutated);
            if (result == RecordEnd.Complete)
            {
                complete++;
                if (end != readerEnd)
                {
                    end.Should().Be(readerEnd, $"the scanner took {Encoding.UTF8.GetString(mutated)} as a record of {end} bytes");
                }
            }
            else if (mutated.AsSpan().SequenceEqual(record))
            {
                result.Should().Be(RecordEnd.Complete, $"an unchanged generated record is plain JSON: {Encoding.UTF8.GetString(record)}");
            }
        }

        complete.Should().BeGreaterThan(1_000, "some mutations leave a valid record");
        mutations.Should().BeGreaterThan(10_000, "most attempts change the record");
    }

    [Theory]
    [InlineData("""[{"a":1},{"b":2}]""", 2, nameof(ItemsStop.ArrayEnd))]
    [InlineData("[ {\"a\":1} ,\n {\"b\":2} ]", 2, nameof(ItemsStop.ArrayEnd))]
    [InlineData("""[]""", 0, nameof(ItemsStop.ArrayEnd))]
    [InlineData("""[{"a":1},{"b":""", 1, nameof(ItemsStop.NeedMoreData))]
    [InlineData("""[{"a":1},""", 1, nameof(ItemsStop.NeedMoreData))]
    [InlineData("""[{"a":1},7]""", 1, nameof(ItemsStop.NotAnObject))]
    [InlineData("""[{"a":1},]""", 1, nameof(ItemsStop.LeftToReader))]
    [InlineData("""[{"a":1}{"b":2}]""", 1, nameof(ItemsStop.LeftToReader))]
    [InlineData("""[{"a":01},{"b":2}]""", 0, nameof(ItemsStop.LeftToReader))]
    public void ScanItems_StopsAtTheLastRecordBoundary(string array, int records, string stop)
    {
        var bytes = Encoding.UTF8.GetBytes(array);
        var found = new List<(int Start, int Length)>();
        var boundary = 1;

        ScanItems(bytes, ref boundary, afterItem: false, found).ToString().Should().Be(stop);

        found.Should().HaveCount(records);
        boundary.Should().Be(records == 0 ? 1 : found[^1].Start + found[^1].Length, "a reader goes on from the end of the last record");
        found.Select(r => ReaderEnd(bytes.AsSpan(r.Start).ToArray())).Should().Equal(found.Select(r => (int?)r.Length));
    }

    /// <summary>Where the reader ends the object at the start of <paramref name="data"/>; null when it rejects it.</summary>
    private static int? ReaderEnd(byte[] data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, AshbyEnvelope.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            reader.Skip();
            return (int)reader.BytesConsumed;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly string[] Whitespace = ["", "", "", " ", "\n", "\r\n", "\t"];

    private static readonly string[] Scalars =
    [
        "0", "-1", "12.50", "1e3", "-2.5E-7", "true", "false", "null", "\"\"", "\"plain\"", "\"quote \\\" and \\\\\"",
        "\"\\u00e9\\n\"", "\"é中😀\"", "\"0123456789abcdef0123456789\"",
    ];

    private static string RandomRecord(Random random, int depth)
    {
        var builder = new StringBuilder("{");
        var members = random.Next(0, depth < 3 ? 5 : 2);
        for (var i = 0; i < members; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(Space(random)).Append("\"k").Append(i).Append('"').Append(Space(random)).Append(':').Append(Space(random));
            builder.Append(RandomValue(random, depth)).Append(Space(random));
        }

        return builder.Append('}').ToString();
    }

    private static string RandomValue(Random random, int depth) => random.Next(0, depth < 3 ? 6 : 4) switch
    {
        4 => RandomRecord(random, depth + 1),
        5 => "[" + string.Join("," + Space(random), Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => Scalars[random.Next(Scalars.Length)],
    };

    private static string Space(Random random) => Whitespace[random.Next(Whitespace.Length)];

    /// <summary>Bytes a mutation puts in: JSON's own punctuation, look-alikes and bytes the reader refuses.</summary>
    private static readonly byte[] Interesting = [.. "{}[]\",:\\/*0123456789.eE+-tfnrulsaxu \t\n\r"u8, 0x00, 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0xC3, 0xFF];

    private static byte[] Mutate(Random random, byte[] record, int times)
    {
        var bytes = record.ToList();
        for (var i = 0; i < times && bytes.Count > 1; i++)
        {
            var at = random.Next(0, bytes.Count);
            switch (random.Next(0, 3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                default:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
            }
        }

        return [.. bytes];
    }
}
