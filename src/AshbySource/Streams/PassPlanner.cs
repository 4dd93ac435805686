using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// The request after a page (null when the pass is done), the checkpoint that covers the page, the one that reads
/// the page again (<see cref="PassCheckpoint.ParentsDone"/> says how many of its rows a resumed child stream had
/// finished; the others start at 0), and a line for the log the page gave rise to.
/// </summary>
internal readonly record struct PageStep(byte[]? NextRequest, StreamCheckpoint Checkpoint, StreamCheckpoint Replay, PassNote? Note = null);

/// <summary>A request field sent with one value on every request of a pass: a child's parent key, a partition value.</summary>
internal readonly record struct RequestScope(string Parameter, string Value);

/// <summary>
/// A creation-time window of a pass, in Unix milliseconds: rows created after <paramref name="After"/> (Ashby's
/// <c>createdAfter</c>) and at or before <paramref name="Before"/> (<c>createdBefore</c>, inclusive as Ashby documents
/// it); a null bound is open. Windows (a, b] and (b, c] share no row.
/// </summary>
internal readonly record struct CreationWindow(long? After, long? Before)
{
    /// <summary>The window in words, for log lines.</summary>
    public string Describe() =>
        (After, Before) switch
        {
            (null, null) => "every creation time",
            (null, { } before) => $"created up to {Iso(before)}",
            ({ } after, null) => $"created after {Iso(after)}",
            ({ } after, { } before) => $"created after {Iso(after)}, up to {Iso(before)}",
        };

    /// <summary>Unix milliseconds as Ashby writes instants.</summary>
    public static string Iso(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Decides everything about a stream's passes that needs no network: where the first pass starts (a stored sync
/// token, a checkpoint's cursor), the body of every request, the checkpoint after every page, what to do when
/// Ashby refuses a token or cursor, and the final checkpoint. It only guards against cursors that repeat; it
/// neither sends nor writes, so each decision is a plain method call (see PassPlannerTests).
/// </summary>
internal sealed class PassPlanner
{
    /// <summary>Restarts of one pass after an expired or invalid page cursor before the stream fails.</summary>
    public const int MaxPassRestarts = 3;

    /// <summary>
    /// Pages in a row with no rows, each saying more follows, before the stream fails. Ashby cuts a page before it
    /// leaves out the rows the key may not see (a recorded application.list page of limit 100 held 20 rows, the
    /// next 0, both saying more follows), so a key without "Allow access to confidential jobs and projects" meets
    /// a run of empty pages wherever confidential rows cluster. 5,000 pages are 500,000 hidden rows in a row at
    /// the default page size, beyond the candidates of all but the very largest organisations, and an endless
    /// server still stops after 5,000 requests: 8⅓ minutes at the default 600 requests a minute. Cursors that
    /// repeat are caught at once, whatever the count.
    /// </summary>
    public const int MaxConsecutiveEmptyPages = 5_000;

    private readonly StreamDefinition _stream;
    private readonly bool _incremental;
    private readonly long? _createdAfter;
    private readonly int? _limit;
    private readonly RequestScope? _scope;
    private readonly CreationWindow? _window;
    private readonly List<PassNote> _opening = [];

    // 64-bit fingerprints, not the cursors themselves: memory stays small however many pages a pass has.
    private readonly HashSet<ulong> _seenCursors = [];
    private string? _resumeCursor;
    private int _resumeParentsDone;
    private int _pageParentsDone;
    private int _restarts;
    private int _emptyPagesInARow;

    /// <summary>A planner for the passes of <paramref name="stream"/>'s endpoint, starting from <paramref name="stored"/>.</summary>
    /// <param name="stream">The stream whose endpoint, fixed body, paging and <c>createdAfter</c> the pass uses.</param>
    /// <param name="mode">Incremental passes send the stored sync token.</param>
    /// <param name="settings">The run's page size and start date.</param>
    /// <param name="stored">The state this pass resumes from, if any.</param>
    /// <param name="scope">A field sent with every request (a child's parent key, a partition value).</param>
    /// <param name="label">How log lines name the pass; the stream's name unless the pass belongs to another stream.</param>
    /// <param name="window">A creation-time window inside the start date, for an endpoint that takes <c>createdBefore</c>.</param>
    public PassPlanner(StreamDefinition stream, SyncMode mode, PassSettings settings, StreamCheckpoint? stored, RequestScope? scope = null, string? label = null, CreationWindow? window = null)
    {
        _stream = stream;
        _scope = scope;
        _window = window;
        Label = label ?? stream.Name;
        _incremental = mode == SyncMode.Incremental;
        _createdAfter = stream.CreatedAfter ? settings.StartDate?.ToUnixTimeMilliseconds() : null;
        _limit = stream.Paging == Paging.Cursor ? settings.PageSize : null;
        (Token, _resumeCursor, _resumeParentsDone) = StartingPoint(stored);
        if (!_incremental && stored?.FullRefreshComplete == true)
        {
            // An earlier attempt of this sync wrote every row already; reading them again would put each row into
            // an overwrite destination twice. The platform drops this state between syncs, so the next sync reads.
            CompletedEarlier = stored;
            _opening.Add(Note(LogLevel.Info, "an earlier attempt of this sync already read every row (__ab_full_refresh_sync_complete); nothing is read again."));
        }
    }

    /// <summary>The stored state when an earlier attempt completed this full-refresh stream: nothing is to be read.</summary>
    public StreamCheckpoint? CompletedEarlier { get; }

    public StreamDefinition Stream => _stream;

    /// <summary>How log lines name this pass.</summary>
    public string Label { get; }

    /// <summary>The sync token the pass sends; null for a full pass.</summary>
    public string? Token { get; private set; }

    /// <summary>The cursor of the request in flight; null for the first page of a pass.</summary>
    public string? Cursor { get; private set; }

    /// <summary>Log lines about where the first pass starts: a resumed pass, a state that no longer fits, nothing to read.</summary>
    public IReadOnlyList<PassNote> Opening => _opening;

    /// <summary>Starts a pass (the first, or one after a recovery) and returns the body of its first request.</summary>
    public byte[] BeginPass()
    {
        Cursor = _resumeCursor;
        _resumeCursor = null;
        _pageParentsDone = _resumeParentsDone;
        _resumeParentsDone = 0;
        _seenCursors.Clear();
        _emptyPagesInARow = 0;
        return Request(Cursor);
    }

    /// <summary>
    /// Takes a page's paging fields and number of records. Only <c>moreDataAvailable</c> ends a pass: Ashby may
    /// send a <c>nextCursor</c> on the last page too. An endpoint documented to answer in one call is followed
    /// like any other when it says there is more and gives a cursor: its envelope is Ashby's paged one
    /// (closeReason.list, sourceTrackingLink.list, jobBoard.list), so its rows are not left behind. Throws when
    /// the pages would repeat or go on forever, and when Ashby says there is more but gives no way to get it.
    /// </summary>
    public PageStep OnPage(bool moreDataAvailable, string? nextCursor, string? syncToken, int recordCount)
    {
        var replay = InPass(Cursor, _pageParentsDone);
        _pageParentsDone = 0;
        if (!moreDataAvailable)
        {
            var (final, note) = FinalCheckpoint(syncToken);
            return new PageStep(null, final, replay, note);
        }

        var next = nextCursor
            ?? throw new ConnectorException(
                $"Ashby said {_stream.Endpoint} has more data but sent no cursor to ask for it, so the rows after these {recordCount} cannot be read. Stopping instead of leaving them out; if it happens again, report it to Ashby with the request id.",
                FailureType.SystemError,
                "moreDataAvailable true, nextCursor absent");
        _emptyPagesInARow = recordCount == 0 ? _emptyPagesInARow + 1 : 0;
        if (_emptyPagesInARow >= MaxConsecutiveEmptyPages)
        {
            var rowsWorth = _limit is { } limit ? $" ({(long)MaxConsecutiveEmptyPages * limit:N0} rows' worth at page size {limit})" : "";
            throw new ConnectorException(
                $"Ashby sent {MaxConsecutiveEmptyPages:N0} empty pages of {_stream.Endpoint} in a row{rowsWorth}, each saying more data follows; stopping instead of paging forever. Ashby leaves out the rows an API key may not see after it cuts a page, so a run of empty pages means hidden rows: if the key lacks \"Allow access to confidential jobs and projects\" (Ashby: Admin > Integrations > API Keys), turning it on shows them; otherwise report the endless pages to Ashby. The next sync resumes from the last checkpoint.",
                FailureType.SystemError,
                $"{MaxConsecutiveEmptyPages} empty pages in a row, last cursor '{next}'");
        }

        if (next == Cursor || !_seenCursors.Add(Fingerprint(next)))
        {
            // A cursor seen before means the pages would repeat forever.
            throw new ConnectorException($"Ashby sent a page cursor of {_stream.Endpoint} that was already used; stopping instead of looping.", FailureType.SystemError, $"repeated cursor '{next}'");
        }

        Cursor = next;
        return new PageStep(Request(next), InPass(next, parentsDone: null), replay);
    }

    /// <summary>
    /// What to do about a request Ashby refused: the warning that says a new pass begins (<see cref="BeginPass"/>),
    /// or null when the stream fails with the error.
    /// </summary>
    public PassNote? Recover(ErrorResolution error)
    {
        switch (error.Action)
        {
            case ResponseAction.DropToken when Token is not null:
                Token = null;
                return Note(LogLevel.Warn, $"Ashby refused the stored sync token ({error.Code}). Reading the whole table again in this run; rows already sent may be sent twice, and destinations dedupe them on id.");
            case ResponseAction.RestartPass when Cursor is not null && _restarts < MaxPassRestarts:
                _restarts++;
                return Note(LogLevel.Warn, $"Ashby refused the page cursor ({error.Code}). Restarting the pass from its first page (restart {_restarts} of {MaxPassRestarts}); rows may be sent twice and are deduped on id.");
            default:
                return null;
        }
    }

    /// <summary>
    /// The body of a page. A window narrows the start date's <c>createdAfter</c> and adds a <c>createdBefore</c>; the
    /// checkpoints keep the start date's value alone, which is what says whether a stored state still fits.
    /// </summary>
    private byte[] Request(string? cursor)
    {
        var after = _window?.After is { } windowAfter && !(_createdAfter > windowAfter) ? windowAfter : _createdAfter;
        return RequestBody.Build(_stream, _limit, cursor, Token, after, _scope, _window?.Before);
    }

    /// <summary>
    /// Where the first pass starts: the token to send (incremental), the cursor of a checkpoint to resume and how
    /// many rows of that page a child stream had finished.
    /// </summary>
    private (string? Token, string? Cursor, int ParentsDone) StartingPoint(StreamCheckpoint? stored)
    {
        var token = _incremental ? stored?.SyncToken : null;
        if (stored is null || (token is null && stored.Pass is null))
        {
            return (null, null, 0);
        }

        if (stored.CreatedAfter != _createdAfter)
        {
            // Tokens and cursors only list rows under the filters they were made with.
            _opening.Add(Note(LogLevel.Warn, "start_date changed since the stored state was written, so it no longer fits. Reading the whole table."));
            return (null, null, 0);
        }

        switch (stored.Pass)
        {
            case { Kind: PassCheckpoint.Incremental } pass when token is not null:
                _opening.Add(Note(LogLevel.Info, "resuming the interrupted incremental pass from its last checkpoint."));
                return (token, pass.Cursor, pass.ParentsDone ?? 0);
            case { Kind: PassCheckpoint.Full } pass:
                _opening.Add(Note(LogLevel.Info, "resuming the interrupted full pass from its last checkpoint."));
                return (null, pass.Cursor, pass.ParentsDone ?? 0);
            default:
                return (token, null, 0);
        }
    }

    /// <summary>A checkpoint inside the current pass: the page at <paramref name="cursor"/> is the next to read.</summary>
    private StreamCheckpoint InPass(string? cursor, int? parentsDone) => new()
    {
        SyncToken = _incremental ? Token : null,
        CreatedAfter = _createdAfter,
        Pass = new PassCheckpoint { Kind = Token is null ? PassCheckpoint.Full : PassCheckpoint.Incremental, Cursor = cursor, ParentsDone = parentsDone },
    };

    private (StreamCheckpoint Checkpoint, PassNote? Note) FinalCheckpoint(string? newToken)
    {
        if (!_incremental)
        {
            return (new StreamCheckpoint { FullRefreshComplete = true }, null);
        }

        var note = newToken is null ? Note(LogLevel.Warn, "Ashby ended the pass without a sync token; the next sync reads the whole table again.") : null;
        return (new StreamCheckpoint { SyncToken = newToken ?? Token, CreatedAfter = _createdAfter }, note);
    }

    private PassNote Note(LogLevel level, string message) => new(level, $"Stream {Label}: {message}");

    /// <summary>FNV-1a, 64 bits: a repeated cursor is still found, and two different ones collide with odds of about 2⁻⁶⁴ per pair.</summary>
    private static ulong Fingerprint(string cursor)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in cursor)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
