using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace AshbySource.Streams;

/// <summary>
/// Works on up to <c>width</c> items at once and hands back what the work produces in the order the items were
/// added: every output of the oldest item first, while the work of the younger ones runs ahead, each by at most
/// <c>aheadPerItem</c> outputs before it waits. An item without work keeps its place in the order. What the window
/// holds is bounded by its width, not by the number of items.
/// </summary>
/// <typeparam name="TItem">What work is done for.</typeparam>
/// <typeparam name="TOutput">What the work produces.</typeparam>
internal sealed class OrderedWindow<TItem, TOutput> : IAsyncDisposable
{
    private readonly int _width;
    private readonly int _aheadPerItem;
    private readonly Func<TItem, bool> _hasWork;
    private readonly Func<TItem, ChannelWriter<TOutput>, CancellationToken, Task> _work;
    private readonly CancellationTokenSource _cancel;
    private readonly Queue<TItem> _waiting = new();
    private readonly Queue<Entry> _window = new();
    private Entry? _oldest;
    private int _working;

    /// <param name="width">Items at work at once.</param>
    /// <param name="aheadPerItem">Outputs an item's work may produce before the oldest item's are handed back.</param>
    /// <param name="hasWork">Whether an item has work; one without passes through the window in its place.</param>
    /// <param name="work">Writes an item's outputs; what it throws is how the work ended.</param>
    /// <param name="cancellationToken">Cancels all work.</param>
    public OrderedWindow(int width, int aheadPerItem, Func<TItem, bool> hasWork, Func<TItem, ChannelWriter<TOutput>, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        _width = width;
        _aheadPerItem = aheadPerItem;
        _hasWork = hasWork;
        _work = work;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Whether another item's work may start: fewer than the width are at work.</summary>
    public bool HasRoom => _working < _width;

    /// <summary>Whether items wait to enter the window.</summary>
    public bool HasWaiting => _waiting.Count > 0;

    /// <summary>Queues <paramref name="item"/> behind every item added before it.</summary>
    public void Add(TItem item) => _waiting.Enqueue(item);

    /// <summary>
    /// Moves the oldest waiting item into the window and starts its work, if it has any, on this thread: the work runs
    /// until it first waits, so work started in order also queues for what it shares in order. False when none waits.
    /// </summary>
    public bool AdmitNext()
    {
        if (!_waiting.TryDequeue(out var item))
        {
            return false;
        }

        _window.Enqueue(_hasWork(item) ? Start(item) : new Entry(item, null, null));
        return true;
    }

    /// <summary>The oldest item in the window, not taken; false when the window is empty.</summary>
    public bool TryPeek([MaybeNullWhen(false)] out TItem item)
    {
        var found = _window.TryPeek(out var entry);
        item = found ? entry!.Item : default;
        return found;
    }

    /// <summary>Takes the oldest item in the window, to hand back its outputs and how its work ended; false when the window is empty.</summary>
    public bool TryTakeOldest([NotNullWhen(true)] out Entry? oldest)
    {
        if (!_window.TryDequeue(out oldest))
        {
            return false;
        }

        if (oldest.Finished is not null)
        {
            _working--;
        }

        _oldest = oldest;
        return true;
    }

    /// <summary>Cancels the work still going on and waits for it; what it left unread is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        foreach (var entry in _window.Prepend(_oldest))
        {
            if (entry?.Finished is { } finished)
            {
                await finished;
            }
        }

        _cancel.Dispose();
    }

    private Entry Start(TItem item)
    {
        var outputs = Channel.CreateBounded<TOutput>(new BoundedChannelOptions(_aheadPerItem) { SingleReader = true, SingleWriter = true });
        _working++;
        return new Entry(item, outputs.Reader, RunAsync(item, outputs.Writer));
    }

    private async Task<Exception?> RunAsync(TItem item, ChannelWriter<TOutput> outputs)
    {
        try
        {
            await _work(item, outputs, _cancel.Token);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            outputs.Complete();
        }
    }

    /// <summary>An item in the window: its outputs, in order, then how its work ended.</summary>
    public sealed class Entry(TItem item, ChannelReader<TOutput>? outputs, Task<Exception?>? finished)
    {
        public TItem Item { get; } = item;

        internal Task<Exception?>? Finished { get; } = finished;

        /// <summary>The work's outputs as they come; none for an item without work.</summary>
        public IAsyncEnumerable<TOutput> ReadOutputsAsync(CancellationToken cancellationToken) =>
            outputs?.ReadAllAsync(cancellationToken) ?? AsyncEnumerable.Empty<TOutput>();

        /// <summary>How the work ended, once every output is read: what it threw, or null.</summary>
        public Task<Exception?> EndAsync() => Finished ?? Task.FromResult<Exception?>(null);
    }
}
