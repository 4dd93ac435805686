using AshbySource.Http;
using AshbySource.Streams;
using AshbySource.Tests.Http;

namespace AshbySource.Tests.Streams;

/// <summary>The one owner of a stream's pooled pages: released pages go back at once, the rest when the stream ends.</summary>
public sealed class PageOwnerTests
{
    [Fact]
    public void Release_ReturnsThePageAndEnd_ReturnsEveryPageStillHeld()
    {
        var owner = new PageOwner();
        var written = owner.Take(Page());
        var leftOver = owner.Take(Page());

        owner.Release(written);

        Returned(written).Should().BeTrue();
        Returned(leftOver).Should().BeFalse("a page nobody wrote is held until the stream ends");
        owner.Dispose();
        Returned(leftOver).Should().BeTrue();
    }

    [Fact]
    public void Take_AfterTheStreamEnded_ReturnsThePageAndSaysSo()
    {
        var owner = new PageOwner();
        owner.Dispose();
        var late = Page();

        var act = () => owner.Take(late);

        act.Should().Throw<InvalidOperationException>();
        Returned(late).Should().BeTrue();
    }

    private static AshbyEnvelope Page() => AshbyEnvelopeTests.Parse("""{"success":true,"results":[{"id":"a"}],"moreDataAvailable":false}""");

    /// <summary>A returned page's buffer is gone: reading a record throws.</summary>
    private static bool Returned(AshbyEnvelope page)
    {
        try
        {
            _ = page.RecordAt(0).Length;
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
