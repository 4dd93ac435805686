using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// The one pagination loop every stream goes through. It sends the requests a <see cref="PassPlanner"/> asks for
/// and yields each page with the checkpoint that covers it, the log lines the planner decided and the rate-limit
/// waits of the stream's requests, all as values; it writes nothing itself. The next page is asked for before the
/// current one is yielded, so Ashby prepares it while the consumer writes this one. Every page it receives belongs
/// to the stream's <see cref="PageOwner"/>.
/// </summary>
internal sealed class StreamPager(AshbyClient client)
{
    public async IAsyncEnumerable<PassEvent> ReadAsync(PassPlanner planner, PageOwner pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var endpoint = planner.Stream.Endpoint;
        var notices = client.CreateNotices();
        var stopwatch = Stopwatch.StartNew();
        var requests = 0;
        var pagesRead = 0;
        var records = 0L;
        foreach (var note in planner.Opening)
        {
            yield return note;
        }

        if (planner.CompletedEarlier is { } completed)
        {
            yield return new NothingToRead(completed);
            yield break;
        }

        while (true)
        {
            PassNote? recovery = null;

            // Only one request of a stream is in flight at a time; a prefetch left over when the pass stops is cancelled.
            using var passCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<AshbyEnvelope>? pending = null;
            async Task<AshbyEnvelope> Fetch(byte[] body)
            {
                requests++;
                return pages.Take(await client.PostAsync(endpoint, body, planner.Stream.Name, notices, passCancel.Token));
            }

            try
            {
                pending = Fetch(planner.BeginPass());
                while (pending is not null)
                {
                    var current = pending;
                    pending = null;
                    while (!current.IsCompleted)
                    {
                        await Task.WhenAny(current, notices.Arrived);
                        if (notices.Take() is { } resumeAt)
                        {
                            yield return new RateLimited(resumeAt);
                        }
                    }

                    var (page, refused) = await ReceiveAsync(current);
                    if (page is null)
                    {
                        recovery = planner.Recover(refused!.Resolution);
                        if (recovery is null)
                        {
                            ExceptionDispatchInfo.Throw(refused);
                        }

                        break;
                    }

                    pagesRead++;
                    records += page.RecordCount;

                    // An .info endpoint answers one object where a list endpoint answers an array.
                    if ((planner.Stream.Paging == Paging.Object ? page.ObjectProblem : page.ListProblem) is { } problem)
                    {
                        throw new AshbyApiException(AshbyErrorClassifier.Resolve(endpoint, AttemptFault.MalformedList, problem), endpoint, HttpStatusCode.OK, problem, page.RequestId);
                    }

                    var step = planner.OnPage(page.MoreDataAvailable, page.NextCursor, page.SyncToken, page.RecordCount);
                    if (step.NextRequest is { } next)
                    {
                        pending = Fetch(next);
                    }

                    if (step.Note is { } note)
                    {
                        yield return note;
                    }

                    yield return new PageRead(page, step.Checkpoint) { Replay = step.Replay };
                    if (step.NextRequest is null)
                    {
                        yield return new PassNote(LogLevel.Info, $"Stream {planner.Label}: {records} records, {pagesRead} pages, {requests} requests, {stopwatch.Elapsed.TotalSeconds:0.00} s ({(planner.Token is null ? "full" : "incremental")} pass).");
                        yield break;
                    }
                }
            }
            finally
            {
                if (pending is not null)
                {
                    await AbandonAsync(pending, passCancel);
                }
            }

            // The planner chose to begin a new pass after Ashby refused a token or cursor.
            yield return recovery!;
        }
    }

    /// <summary>The page, or the refusal the planner may recover from; any other failure propagates.</summary>
    private static async Task<(AshbyEnvelope? Page, AshbyApiException? Refused)> ReceiveAsync(Task<AshbyEnvelope> request)
    {
        try
        {
            return (await request, null);
        }
        catch (AshbyApiException refused)
        {
            return (null, refused);
        }
    }

    /// <summary>
    /// Cancels a prefetched page nobody will read and waits for it: its buffer is the client's again, or the stream's
    /// <see cref="PageOwner"/>'s, which returns it when the stream ends.
    /// </summary>
    private static async Task AbandonAsync(Task<AshbyEnvelope> pending, CancellationTokenSource cancel)
    {
        await cancel.CancelAsync();
        try
        {
            await pending;
        }
        catch (Exception)
        {
            // Only reached while another exception ends the pass; that one is what matters.
        }
    }
}
