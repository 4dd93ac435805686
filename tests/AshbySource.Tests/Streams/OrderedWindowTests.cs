using System.Threading.Channels;
using AshbySource.Streams;

namespace AshbySource.Tests.Streams;

/// <summary>The window's mechanics alone: work in parallel, outputs in the order the items were added.</summary>
public sealed class OrderedWindowTests
{
    [Fact]
    public async Task Outputs_ComeBackInItemOrderThoughYoungerWorkFinishesFirst()
    {
        var release = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        async Task Work(int item, ChannelWriter<string> outputs, CancellationToken cancellationToken)
        {
            await release[item].Task.WaitAsync(cancellationToken);
            await outputs.WriteAsync($"{item}a", cancellationToken);
            await outputs.WriteAsync($"{item}b", cancellationToken);
        }

        await using var window = new OrderedWindow<int, string>(width: 3, aheadPerItem: 2, _ => true, Work, CancellationToken.None);
        foreach (var item in new[] { 0, 1, 2 })
        {
            window.Add(item);
            window.AdmitNext().Should().BeTrue();
        }

        release[2].SetResult();
        release[1].SetResult();
        release[0].SetResult();
        var outputs = new List<string>();
        while (window.TryTakeOldest(out var oldest))
        {
            outputs.AddRange(await oldest.ReadOutputsAsync(CancellationToken.None).ToListAsync());
            (await oldest.EndAsync()).Should().BeNull();
        }

        outputs.Should().Equal("0a", "0b", "1a", "1b", "2a", "2b");
    }

    [Fact]
    public async Task Width_CountsOnlyItemsWithWork_AndAnItemWithoutKeepsItsPlace()
    {
        await using var window = new OrderedWindow<string, string>(width: 1, aheadPerItem: 1, item => item != "marker", (item, outputs, token) => outputs.WriteAsync(item, token).AsTask(), CancellationToken.None);
        window.Add("first");
        window.Add("marker");
        window.Add("second");

        window.AdmitNext().Should().BeTrue();
        window.HasRoom.Should().BeFalse("one item is at work, the width");
        window.AdmitNext().Should().BeTrue("an item without work enters behind it all the same");
        window.HasWaiting.Should().BeTrue();

        window.TryTakeOldest(out var first).Should().BeTrue();
        (await first!.ReadOutputsAsync(CancellationToken.None).ToListAsync()).Should().Equal("first");
        window.HasRoom.Should().BeTrue();
        window.TryPeek(out var next).Should().BeTrue();
        next.Should().Be("marker");
        window.TryTakeOldest(out var marker).Should().BeTrue();
        (await marker!.ReadOutputsAsync(CancellationToken.None).ToListAsync()).Should().BeEmpty();
        window.TryTakeOldest(out _).Should().BeFalse("the second item still waits to be admitted");
    }

    [Fact]
    public async Task FailedWork_EndsWithItsExceptionAfterItsOutputs()
    {
        await using var window = new OrderedWindow<int, int>(2, 2, _ => true, async (item, outputs, token) =>
        {
            await outputs.WriteAsync(item, token);
            throw new InvalidOperationException("gone");
        }, CancellationToken.None);
        window.Add(7);
        window.AdmitNext();

        window.TryTakeOldest(out var oldest).Should().BeTrue();
        (await oldest!.ReadOutputsAsync(CancellationToken.None).ToListAsync()).Should().Equal(7);
        (await oldest.EndAsync()).Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("gone");
    }

    [Fact]
    public async Task Dispose_CancelsTheWorkStillGoingOnAndWaitsForIt()
    {
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var window = new OrderedWindow<int, int>(2, 1, _ => true, async (item, outputs, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                ended.SetResult(token.IsCancellationRequested);
            }
        }, CancellationToken.None);
        window.Add(1);
        window.AdmitNext();

        await window.DisposeAsync();

        ended.Task.IsCompleted.Should().BeTrue("disposal waits for the work it cancelled");
        (await ended.Task).Should().BeTrue();
    }
}
