using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AshbySource.Tests.Http;

/// <summary>
/// A raw TCP server on 127.0.0.1 that reads each HTTP request and lets the test decide, byte for byte, what goes
/// back: a whole answer, half the headers, nothing at all. With a certificate it speaks TLS first.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _answer;
    private readonly X509Certificate2? _certificate;
    private readonly Task _accepting;
    private int _requests;
    private int _unanswered;

    /// <param name="answer">Called with the request line and the connection; returns when the answer is written.</param>
    /// <param name="certificate">When given, the server speaks TLS with it (and owns it).</param>
    public LoopbackServer(Func<string, Stream, CancellationToken, Task> answer, X509Certificate2? certificate = null)
    {
        _answer = answer;
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests read whose answer is still being written (or withheld).</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>Answers every request with <paramref name="response"/> (status line, headers and body).</summary>
    public static LoopbackServer Answering(string response) =>
        new(async (_, stream, ct) => await stream.WriteAsync(Encoding.ASCII.GetBytes(response), ct));

    /// <summary>Reads requests and never answers: the connection stays open until the client leaves or the server stops.</summary>
    public static LoopbackServer Silent() => new((_, stream, ct) => UntilTheClientLeavesAsync(stream, ct));

    /// <summary>Withholds the rest of an answer until the client closes the connection (or the server stops).</summary>
    public static async Task UntilTheClientLeavesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    /// <summary>A complete HTTP/1.1 answer with a body.</summary>
    public static string Response(string statusLine, string body, string contentType = "application/json", string extraHeaders = "") =>
        $"HTTP/1.1 {statusLine}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}";

    /// <summary>A throwaway self-signed certificate for 127.0.0.1, which nothing trusts.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(_certificate);
                stream = tls;
            }

            await using (stream)
            {
                while (await ReadRequestAsync(stream) is { } requestLine)
                {
                    Interlocked.Increment(ref _requests);
                    Interlocked.Increment(ref _unanswered);
                    try
                    {
                        await _answer(requestLine, stream, _stop.Token);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _unanswered);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the server stopped.
        }
    }

    /// <summary>Reads one request (headers and a Content-Length body) and returns its first line; null when the client closed.</summary>
    private async Task<string?> ReadRequestAsync(Stream stream)
    {
        var headers = new StringBuilder();
        var one = new byte[1];
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            headers.Append((char)one[0]);
        }

        var text = headers.ToString();
        var length = text.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return text[..text.IndexOf('\r', StringComparison.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        _certificate?.Dispose();
    }
}
