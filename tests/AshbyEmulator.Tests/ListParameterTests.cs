using System.Text;
using AshbyEmulator.Api;
using AshbyEmulator.Data;

namespace AshbyEmulator.Tests;

/// <summary>The parameter table behind <see cref="ListRequest.Parse"/>, without HTTP.</summary>
public sealed class ListParameterTests
{
    private static TableSpec Table(string stream) => Tables.All.Single(t => t.Stream == stream);

    private static ListRequest Parse(string stream, string body)
    {
        var request = ListRequest.Parse(Table(stream), Encoding.UTF8.GetBytes(body), out var error);
        request.Should().NotBeNull(error);
        return request!;
    }

    [Fact]
    public void The_filter_hash_ignores_key_order_explicit_defaults_and_paging()
    {
        var plain = Parse("offers", """{"applicationId":"6c2a2f8e-7d8b-4a55-9f9e-2f1a0b9c3d4e","offerStatus":["CandidateAccepted"]}""");
        var reordered = Parse("offers", """{"offerStatus":["CandidateAccepted"],"limit":7,"applicationId":"6c2a2f8e-7d8b-4a55-9f9e-2f1a0b9c3d4e"}""");
        reordered.Filter.Hash.Should().Be(plain.Filter.Hash);
        reordered.Limit.Should().Be(7);

        Parse("departments", """{"includeArchived":false}""").Filter.Hash.Should().Be(Parse("departments", "{}").Filter.Hash);
        Parse("departments", """{"includeArchived":true}""").Filter.Hash.Should().NotBe(Parse("departments", "{}").Filter.Hash);
    }

    [Fact]
    public void The_same_filter_on_another_endpoint_hashes_differently()
    {
        Parse("departments", "{}").Filter.Hash.Should().NotBe(Parse("locations", "{}").Filter.Hash);
    }

    [Fact]
    public void Parameters_an_endpoint_does_not_document_are_ignored()
    {
        var snapshot = Parse("archive_reasons", """{"limit":"not even a number","cursor":5,"status":"whatever"}""");
        snapshot.Limit.Should().Be(ListRequest.MaxLimit);
        snapshot.Cursor.Should().BeNull();
        Parse("candidates", """{"includeArchived":"yes"}""").Filter.IncludeArchived.Should().BeFalse();
    }

    [Theory]
    [InlineData("jobs", """{"status":"Draft","expand":["location"]}""", "")]
    [InlineData("jobs", """{"status":["Nope"]}""", "status items must be one of Draft, Open, Closed, Archived")]
    [InlineData("applications", """{"expand":["location"]}""", "expand items must be \"openings\"")]
    [InlineData("applications", """{"status":"Gone"}""", "status must be one of Hired, Archived, Active, Lead")]
    [InlineData("offers", """{"acceptanceStatus":[]}""", "acceptanceStatus must be a non-empty array")]
    [InlineData("candidates", """{"createdAfter":1.5}""", "createdAfter must be an integer (Unix epoch milliseconds)")]
    [InlineData("candidates", """{"limit":0}""", "limit must be an integer between 1 and 100")]
    [InlineData("candidates", "[]", "Request payload is malformed: the body must be a JSON object")]
    public void Values_are_checked_by_their_parameter_row(string stream, string body, string expectedError)
    {
        var request = ListRequest.Parse(Table(stream), Encoding.UTF8.GetBytes(body), out var error);
        error.Should().Be(expectedError);
        (request is null).Should().Be(expectedError.Length > 0);
    }
}
