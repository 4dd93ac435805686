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
        RawRecord.TopLevelValue(record, "applicationId").Should().Be((record.LastIndexOf("null"u8), System.Text.Json.JsonTokenType.Null));
        RawRecord.TopLevelValue(record, "nested")!.Value.Token.Should().Be(System.Text.Json.JsonTokenType.StartObject);
        RawRecord.TopLevelValue(record, "candidateId").Should().BeNull();
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
    public void ArrayObjects_SomethingElseThanAnArrayOfObjects_FailsLoudly(string record)
    {
        var act = () => RawRecord.ArrayObjects(Encoding.UTF8.GetBytes(record), "interviewEvents", []);

        act.Should().Throw<ConnectorException>().Which.FailureType.Should().Be(FailureType.SystemError);
    }

    [Theory]
    [InlineData("""{"id":"s1"}""")]
    [InlineData("""{"id":"s1","interviewEvents":null}""")]
    [InlineData("""{"id":"s1","interviewEvents":[]}""")]
    public void ArrayObjects_AbsentNullOrEmpty_HasNoObjects(string record)
    {
        var slices = new List<(int Start, int Length)>();

        RawRecord.ArrayObjects(Encoding.UTF8.GetBytes(record), "interviewEvents", slices).Should().Be(0);

        slices.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"id":"st1","interviewPlanId":null,"title":"Onsite"}""", """{"id":"st1","interviewPlanId":"p\"1","title":"Onsite"}""")]
    [InlineData("""{"interviewPlanId" : null}""", """{"interviewPlanId" : "p\"1"}""")]
    [InlineData("""{"id":"st1","title":"Onsite"}""", """{"interviewPlanId":"p\"1","id":"st1","title":"Onsite"}""")]
    public void WithParentKey_ReplacesANullFieldInPlaceAndAddsAnAbsentOneFirst(string record, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(record);
        var slice = RowSlice.Of(bytes, 0, 0, bytes.Length, "interviewPlanId", "p\"1");

        var written = RawRecord.WithParentKey(bytes, "interviewPlanId", slice.ParentKey!, slice.NullAt, new ArrayBufferWriter<byte>());

        Encoding.UTF8.GetString(written).Should().Be(expected);
        using var parsed = System.Text.Json.JsonDocument.Parse(written.ToArray());
        parsed.RootElement.EnumerateObject().Count(p => p.Name == "interviewPlanId").Should().Be(1);
    }

    [Fact]
    public void RowSlice_KeepsAFieldAshbyAlreadyFilled()
    {
        var bytes = """{"id":"st1","interviewPlanId":"p0"}"""u8.ToArray();

        RowSlice.Of(bytes, 0, 0, bytes.Length, "interviewPlanId", "p1").ParentKey.Should().BeNull();
    }
}
