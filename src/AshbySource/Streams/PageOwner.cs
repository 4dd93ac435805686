using AshbySource.Http;

namespace AshbySource.Streams;

/// <summary>
/// The one owner of a stream's pooled pages. The pager hands every page it receives to it; the page then travels up
/// as a <see cref="PageRead"/> through layers that wrap it, and the emitter releases it once written. A page that never
/// reaches the emitter (a prefetch nobody reads, pages left in the fan-out's window, a pass that failed) goes back to
/// the pool when the stream ends. No other code returns a page: a layer that forgets one cannot leak it, and one that
/// gives it up early cannot free it under a reader.
/// </summary>
/// <remarks>
/// Memory stays bounded: pages are left over only on the way out of a stream, and each layer holds a bounded number.
/// </remarks>
internal sealed class PageOwner : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<AshbyEnvelope> _held = new(ReferenceEqualityComparer.Instance);
    private bool _ended;

    /// <summary>Takes <paramref name="page"/> over from the client; returns it.</summary>
    public AshbyEnvelope Take(AshbyEnvelope page)
    {
        lock (_gate)
        {
            if (!_ended)
            {
                _held.Add(page);
                return page;
            }
        }

        // Every reading of a stream is awaited before the stream ends, so nothing arrives later; if it did, it goes back at once.
        page.Dispose();
        throw new InvalidOperationException("A page arrived after its stream ended.");
    }

    /// <summary>Returns a written page to the pool.</summary>
    public void Release(AshbyEnvelope page)
    {
        lock (_gate)
        {
            _held.Remove(page);
        }

        page.Dispose();
    }

    /// <summary>Ends the stream: every page still held goes back to the pool.</summary>
    public void Dispose()
    {
        AshbyEnvelope[] left;
        lock (_gate)
        {
            _ended = true;
            left = [.. _held];
            _held.Clear();
        }

        foreach (var page in left)
        {
            page.Dispose();
        }
    }
}
