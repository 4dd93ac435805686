using System.Buffers;
using System.Text;
using System.Text.Json;
using AshbySource.Http;

namespace AshbySource.Tests.Http;

public class AshbyEnvelopeTests
{
    internal static AshbyEnvelope Parse(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer, 0);
        return AshbyEnvelope.Parse(buffer, bytes.Length);
    }

    [Fact]
    public void Parse_Page_ExposesRecordsAsExactRawBytes()
    {
        using var page = Parse("""{"success":true,"results":[{"id":"a","n":1.50,"big":12345678901234567890},{"id":"b","nested":{"x":[1,2]}}],"moreDataAvailable":true,"nextCursor":"c2"}""");

        page.Success.Should().BeTrue();
        page.RecordCount.Should().Be(2);
        Encoding.UTF8.GetString(page.RecordAt(0)).Should().Be("""{"id":"a","n":1.50,"big":12345678901234567890}""");
        Encoding.UTF8.GetString(page.RecordAt(1)).Should().Be("""{"id":"b","nested":{"x":[1,2]}}""");
        page.MoreDataAvailable.Should().BeTrue();
        page.NextCursor.Should().Be("c2");
        page.SyncToken.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"success":true,"results":[],"moreDataAvailable":false}""", null)]
    [InlineData("""{"success":true,"results":[],"moreDataAvailable":false,"nextCursor":null,"syncToken":null}""", null)]
    [InlineData("""{"success":true}""", "it has no 'results'")]
    [InlineData("""{"success":true,"results":{"id":"a"}}""", "'results' is an object, not an array of records")]
    [InlineData("""{"success":true,"results":7}""", "'results' is a number, not an array of records")]
    [InlineData("""{"success":true,"results":[{"id":"a"},"b",{"id":"c"}]}""", "item 2 of 'results' is a string, not an object")]
    [InlineData("""{"success":true,"results":[],"moreDataAvailable":{"x":1},"nextCursor":"c"}""", "'moreDataAvailable' is an object, not true or false")]
    [InlineData("""{"success":true,"results":[],"nextCursor":[1]}""", "'nextCursor' is an array, not a string")]
    [InlineData("""{"success":true,"results":[],"syncToken":true}""", "'syncToken' is a boolean, not a string")]
    public void Parse_SuccessAnswer_SaysWhyItIsNoListPage(string json, string? problem)
    {
        using var page = Parse(json);

        page.Success.Should().BeTrue("the rest of the answer is still read");
        page.ListProblem.Should().Be(problem);
    }

    [Fact]
    public void Parse_LastPage_CarriesSyncTokenAndMayCarryACursor()
    {
        using var page = Parse("""{"success":true,"results":[],"moreDataAvailable":false,"nextCursor":"stale","syncToken":"tok"}""");

        page.MoreDataAvailable.Should().BeFalse();
        page.SyncToken.Should().Be("tok");
        page.RecordCount.Should().Be(0);
    }

    [Fact]
    public void Parse_ErrorInfo_WinsOverDeprecatedErrors()
    {
        using var page = Parse("""{"success":false,"errors":["old_code"],"errorInfo":{"code":"sync_token_expired","message":"Token expired","requestId":"r-9","meta":{}}}""");

        page.Success.Should().BeFalse();
        page.ErrorCode.Should().Be("sync_token_expired");
        page.ErrorMessage.Should().Be("Token expired");
        page.RequestId.Should().Be("r-9");
    }

    [Fact]
    public void Parse_ErrorsAsStrings_GiveTheCode()
    {
        using var page = Parse("""{"success":false,"errors":["missing_endpoint_permission"]}""");

        page.ErrorCode.Should().Be("missing_endpoint_permission");
    }

    [Fact]
    public void Parse_ErrorsAsObjects_GiveTheMessage()
    {
        using var page = Parse("""{"success":false,"errors":[{"message":"limit must be at most 100","parameter":"limit"}],"errorInfo":null}""");

        page.ErrorCode.Should().BeNull();
        page.ErrorMessage.Should().Be("limit must be at most 100");
    }

    [Fact]
    public void Parse_ObjectResults_AreExposedWhole()
    {
        using var info = Parse("""{"success":true,"results":{"title":"k","scopes":["jobs:read"]}}""");

        Encoding.UTF8.GetString(info.ResultsObject).Should().Be("""{"title":"k","scopes":["jobs:read"]}""");
        info.ObjectProblem.Should().BeNull();
        info.RecordCount.Should().Be(1, "an .info endpoint's one object is its one record");
        Encoding.UTF8.GetString(info.RecordAt(0)).Should().Be("""{"title":"k","scopes":["jobs:read"]}""");
    }

    [Theory]
    [InlineData("""{"success":true}""", "it has no 'results'")]
    [InlineData("""{"success":true,"results":[{"id":"a"}]}""", "'results' is an array, not an object")]
    [InlineData("""{"success":true,"results":null}""", "'results' is null, not an object")]
    public void Parse_InfoAnswer_SaysWhyItIsNoObject(string json, string problem)
    {
        using var page = Parse(json);

        page.ObjectProblem.Should().Be(problem);
    }

    [Theory]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":""")]
    [InlineData("""{"success":true,"results":[]""")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("Unauthorized")]
    [InlineData("")]
    [InlineData("""[{"id":"a"}]""")]
    [InlineData("""{"success":true} trailing""")]
    public void Parse_BrokenBodies_Throw(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(buffer, 0);

        var act = () => AshbyEnvelope.Parse(buffer, bytes.Length);

        act.Should().Throw<JsonException>();
    }

    /// <summary>
    /// Records are found by <see cref="RecordScanner"/>, but what is wrong with a page is what the reader says of it:
    /// the same exception, with the same line and position, as reading the body token by token from its first byte.
    /// </summary>
    [Theory]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":"b","v":tru}],"moreDataAvailable":false}""")]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":"b","n":01}]}""")]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":"b"},]}""")]
    [InlineData("{\"success\":true,\n\"results\":[\n{\"id\":\"a\"},\n{\"id\":\"b\",\"s\":\"\\x\"}\n]}")]
    [InlineData("""{"success":true,"results":[{"id":"a"},{"id":"b","s":"cut""")]
    public void Parse_InvalidRecord_FailsWithTheReadersOwnError(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer, 0);

        var act = () => AshbyEnvelope.Parse(buffer, bytes.Length);

        act.Should().Throw<JsonException>().Which.Message.Should().Be(ReadersError(bytes));
    }

    private static string ReadersError(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, AshbyEnvelope.ReaderOptions);
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }

        throw new InvalidOperationException("the body was meant to be invalid");
    }
}
