using System.Buffers;
using System.Text;
using AshbySource.Protocol;
using AshbySource.Streams;

namespace AshbySource.Tests.Streams;

public sealed class RawRecordTests
{
    [Theory]
    [InlineData("""{"id":"h1","n":1.50}""", """{"applicationId":"a1","id":"h1","n":1.50}""")]
    [InlineData("""{ "id" : "h1" }""", """{"applicationId":"a1", "id" : "h1" }""")]
    [InlineData("{}", """{"applicationId":"a1"}""")]
    [InlineData("{ \n }", "{\"applicationId\":\"a1\" \n }")]
    public void WithFieldFirst_AddsTheParentKeyAndKeepsEveryOtherByte(string record, string expected)
    {
        var scratch = new ArrayBufferWriter<byte>();

        var written = RawRecord.WithFieldFirst(Encoding.UTF8.GetBytes(record), "applicationId", "a1", scratch);

        Encoding.UTF8.GetString(written).Should().Be(expected);
    }

    [Fact]
    public void WithFieldFirst_EscapesTheKeyAsAJsonString()
    {
        var written = RawRecord.WithFieldFirst("""{"id":"x"}"""u8, "candidateId", "a\"b\\c", new ArrayBufferWriter<byte>());

        Encoding.UTF8.GetString(written).Should().Be("""{"candidateId":"a\"b\\c","id":"x"}""");
    }

    [Fact]
    public void TopLevelLookups_IgnoreNestedFields()
    {
        var record = """{"nested":{"id":"inner","applicationId":"n"},"id":"outer","applicationId":null}"""u8;

        RawRecord.TopLevelString(record, "id").Should().Be("outer");
        RawRecord.HasTopLevel(record, "applicationId").Should().BeFalse("null counts as absent");
        RawRecord.HasTopLevel(record, "nested").Should().BeTrue();
        RawRecord.TopLevelString("""{"id":5}"""u8, "id").Should().BeNull();
    }

    [Fact]
    public void ArrayObjects_LocatesEachObjectOfTheArray()
    {
        var record = """{"id":"s1","interviewEvents":[{"id":"e1"}, {"id":"e2","x":[1]}]}""";
        var slices = new List<(int Start, int Length)>();

        RawRecord.ArrayObjects(Encoding.UTF8.GetBytes(record), "interviewEvents", slices);

        slices.Select(s => record.Substring(s.Start, s.Length)).Should().Equal("""{"id":"e1"}""", """{"id":"e2","x":[1]}""");
    }

    [Theory]
    [InlineData("""{"interviewEvents":{"id":"e1"}}""")]
    [InlineData("""{"interviewEvents":["e1"]}""")]
    [InlineData("""{"id":"s1"}""")]
    public void ArrayObjects_SomethingElseThanAnArrayOfObjects_FailsLoudly(string record)
    {
        var act = () => RawRecord.ArrayObjects(Encoding.UTF8.GetBytes(record), "interviewEvents", []);

        act.Should().Throw<ConnectorException>().Which.FailureType.Should().Be(FailureType.SystemError);
    }
}
