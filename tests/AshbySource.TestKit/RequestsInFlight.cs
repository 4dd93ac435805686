using System.Net;

namespace AshbySource.TestKit;

/// <summary>
/// A client's handler that counts its requests from sending until the answer's body is read or the answer is
/// disposed. Bytes on their way through a socket are work the thread pool does not show: a test whose server runs
/// in the same process compares this count with the server's (<see cref="AllWaitingAtTheServer"/>), so that
/// <see cref="FakeClock.RunAsync{T}"/> moves the clock only once every request is waiting on it.
/// </summary>
public sealed class RequestsInFlight() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _count;
    private int _abandoned;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// True when no request is on its way and each one the server holds is one this client still waits for:
    /// <paramref name="waitingAtTheServer"/> is how many requests the server is holding. A request the client gave
    /// up on is on its way out until it ends, even while the server still holds it.
    /// </summary>
    public bool AllWaitingAtTheServer(int waitingAtTheServer) => Volatile.Read(ref _abandoned) == 0 && Count == waitingAtTheServer;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var inFlight = new InFlight(this, cancellationToken);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Content = new CountedContent(response.Content, inFlight);
            return response;
        }
        catch
        {
            inFlight.End();
            throw;
        }
    }

    /// <summary>One request: counted until it ends, and counted as abandoned from its cancellation until then.</summary>
    private sealed class InFlight
    {
        private readonly Lock _gate = new();
        private readonly RequestsInFlight _owner;
        private readonly CancellationTokenRegistration _cancellation;
        private bool _abandoned;
        private bool _ended;

        public InFlight(RequestsInFlight owner, CancellationToken cancellationToken)
        {
            _owner = owner;
            Interlocked.Increment(ref owner._count);
            _cancellation = cancellationToken.Register(Abandon);
        }

        public void End()
        {
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                Interlocked.Decrement(ref _owner._count);
                if (_abandoned)
                {
                    Interlocked.Decrement(ref _owner._abandoned);
                }
            }

            _cancellation.Dispose();
        }

        private void Abandon()
        {
            lock (_gate)
            {
                if (!_ended && !_abandoned)
                {
                    _abandoned = true;
                    Interlocked.Increment(ref _owner._abandoned);
                }
            }
        }
    }

    /// <summary>An answer's body that ends its request once, when read to the end or disposed.</summary>
    private sealed class CountedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly InFlight _request;

        public CountedContent(HttpContent inner, InFlight request)
        {
            _inner = inner;
            _request = request;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            try
            {
                await _inner.CopyToAsync(stream);
            }
            finally
            {
                _request.End();
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _request.End();
            }

            base.Dispose(disposing);
        }
    }
}
