using AshbySource.Configuration;
using AshbySource.Http;
using AshbySource.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace AshbySource.Tests.Http;

/// <summary>A handler whose answers are written as async code: they may wait on the fake clock or never return.</summary>
internal sealed class AsyncHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return answer(request, cancellationToken);
    }
}

/// <summary>
/// A body that hands out <paramref name="start"/>, then either stops for good or goes on one byte per second of
/// the fake clock: a server that stalls or trickles mid-body.
/// </summary>
internal sealed class StallingStream(byte[] start, TimeProvider time, bool trickle) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < start.Length)
        {
            var count = Math.Min(buffer.Length, start.Length - _position);
            start.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (!trickle)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        buffer.Span[0] = (byte)' ';
        _position++;
        return 1;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class StalledClient
{
    public const string Canary = "canary-key-bounded-7f3a";

    /// <summary>
    /// A client with the production retry and timeout settings (fixed jitter) on the fake clock, unless
    /// <paramref name="tune"/> changes them.
    /// </summary>
    public static AshbyClient Create(HttpMessageHandler? handler, FakeTimeProvider time, Stream logs, Func<AshbyHttpOptions, AshbyHttpOptions>? tune = null)
    {
        var config = new SourceConfig { ApiKey = Canary, BaseUrl = new Uri("http://127.0.0.1:9/"), RequestsPerMinute = 6000 };
        var options = new AshbyHttpOptions { Time = time, Randomizer = () => 0.5, PrimaryHandler = handler };
        return AshbyHttp.CreateClient(config, tune is null ? options : tune(options), new ConnectorLog(new MessageWriter(logs, new SecretRedactor(), time)));
    }

    /// <summary>Posts one list request while the fake clock is stepped until it finishes.</summary>
    public static Task<AshbyEnvelope> PostSteppedAsync(this AshbyClient client, FakeTimeProvider time) =>
        time.StepAsync(client.PostAsync("candidate.list", "{}"u8.ToArray(), null, CancellationToken.None), TimeSpan.FromMilliseconds(500));
}

/// <summary>
/// Moves a fake clock in steps, each only once the thread pool has caught up with the last one. Pumping as fast
/// as possible lets the clock race ahead of a busy thread pool, so a test would read how far the pump ran, not
/// how long the code under test waited; here the clock reads the latter, give or take a step.
/// </summary>
internal static class SteppedClock
{
    public static async Task<T> StepAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        for (var i = 0; !task.IsCompleted && i < 100_000; i++)
        {
            do
            {
                // Real time for the continuations of the last step to run.
                await Task.Delay(1);
            }
            while (ThreadPool.PendingWorkItemCount > 0 && !task.IsCompleted);

            time.Advance(step);
        }

        return await task;
    }

    /// <summary>The fake clock as a plain TimeProvider, so that a <see cref="TestSupport.ConnectorRun"/> leaves the stepping to the test.</summary>
    public static TimeProvider Unpumped(this FakeTimeProvider time) => new Forwarding(time);

    private sealed class Forwarding(FakeTimeProvider time) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

        public override long GetTimestamp() => time.GetTimestamp();

        public override long TimestampFrequency => time.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            time.CreateTimer(callback, state, dueTime, period);
    }
}
