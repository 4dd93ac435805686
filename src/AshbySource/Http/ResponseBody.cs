using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AshbySource.Http;

/// <summary>
/// What came of reading an answer's body inside the attempt that received it: the parsed envelope; or, when the
/// body is not one JSON object, its start (a proxy page, "Unauthorized") for messages; or why it could not be read
/// at all. Reading inside the attempt means a connection reset mid-body or a cut-off JSON answer is retried like a 503.
/// </summary>
internal sealed record ResponseBody(AshbyEnvelope? Envelope, string? StartOfText, string? Unreadable, bool TooLarge = false)
{
    /// <summary>
    /// The most a body may hold once decompressed. A page is at most 100 records of a few KiB (a candidate with
    /// many custom fields is under 50 KiB), so a real page stays below 5 MiB, and the unpaged lists (job postings,
    /// sources, archive reasons) hold short summaries. 64 MiB is more than ten times any real answer, while a
    /// decompression bomb stops here: with the doubling buffer at most 96 MiB is held at once.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// A body larger than this waits for <see cref="LargeBodies"/> before its buffer grows further. Dozens of answers
    /// are read at once (streams, creation-time windows, a fan-out's parents), and a real one stays far below this,
    /// so only something like a decompression bomb gets here: one at a time, memory stays near one body of
    /// <see cref="MaxBodyBytes"/> however many requests are in flight.
    /// </summary>
    private const int LargeBodyBytes = 8 * 1024 * 1024;

    /// <summary>The one body at a time that may grow past <see cref="LargeBodyBytes"/>.</summary>
    private static readonly SemaphoreSlim LargeBodies = new(1, 1);

    /// <summary>New bytes between two scans of a body that is still arriving.</summary>
    private const int ScanStep = 16 * 1024;

    /// <summary>The buffer a body of unknown length starts in when no answer has been read yet.</summary>
    private const int FirstBufferBytes = 64 * 1024;

    /// <summary>The largest buffer a body of unknown length starts in: a page of big records, not one odd answer.</summary>
    private const int MaxStartBufferBytes = 1024 * 1024;

    /// <summary>
    /// The length of the last answer read in this process, of any stream, which a body of unknown length (Ashby's
    /// are chunked) starts out expecting: a sync's pages are mostly alike in size, and growing a buffer to the size
    /// of each page again would copy most of every page once more. A guess that is too big only rents a larger
    /// pooled buffer, within <see cref="MaxStartBufferBytes"/>.
    /// </summary>
    private static int _lastLength;

    /// <summary>Whether the body starts like JSON: a cut-off JSON answer is a transient fault, a web page is not Ashby.</summary>
    public bool StartsLikeJson => StartOfText?.TrimStart() is { Length: > 0 } text && text[0] is '{' or '[';

    public static async Task<ResponseBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var scan = new PageScan();
        byte[]? buffer;
        int length;
        try
        {
            (buffer, length) = await ReadAsync(content, scan, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return new ResponseBody(null, null, "the connection broke while Ashby's answer was being read");
        }

        if (buffer is null)
        {
            return new ResponseBody(null, null, null, TooLarge: true);
        }

        try
        {
            return new ResponseBody(AshbyEnvelope.Parse(buffer, length, scan), null, null);
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 200));
            ArrayPool<byte>.Shared.Return(buffer);
            return new ResponseBody(null, text, null);
        }
    }

    /// <summary>Reads the whole body into a pooled buffer, scanning it for records as it arrives; null when it is too large.</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadAsync(HttpContent content, PageScan scan, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > MaxBodyBytes)
        {
            return (null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < MaxBodyBytes ? (int)declared.Value + 1 : StartBufferBytes());
        var length = 0;
        var scanned = 0;
        var large = false;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxBodyBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }

                    if (!large && buffer.Length * 2 > LargeBodyBytes)
                    {
                        await LargeBodies.WaitAsync(cancellationToken);
                        large = true;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    Volatile.Write(ref _lastLength, length);
                    return (buffer, length);
                }

                length += read;
                if (length - scanned >= ScanStep)
                {
                    scan.Advance(buffer.AsSpan(0, length));
                    scanned = length;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            if (large)
            {
                LargeBodies.Release();
            }
        }
    }

    /// <summary>
    /// Room for the last answer's length and the read that finds the end (a read of zero bytes needs space to ask
    /// for), within <see cref="FirstBufferBytes"/> and <see cref="MaxStartBufferBytes"/>.
    /// </summary>
    private static int StartBufferBytes() => Math.Clamp(Volatile.Read(ref _lastLength) + 1, FirstBufferBytes, MaxStartBufferBytes);
}
