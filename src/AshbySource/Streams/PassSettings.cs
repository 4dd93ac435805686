namespace AshbySource.Streams;

/// <summary>
/// What every pass of a run is read with, made once from the config (<c>SyncRunner</c>): a pass-level option is a
/// member here and its use in <see cref="PassPlanner"/>, with no constructor in between to carry it.
/// </summary>
/// <param name="PageSize">Records asked for per page of a paged endpoint.</param>
/// <param name="StartDate">Sent as <c>createdAfter</c> where the endpoint takes it.</param>
internal sealed record PassSettings(int PageSize, DateTimeOffset? StartDate)
{
    /// <summary>The period within which a child stream's rolling refresh re-reads every parent's children (<see cref="ChildRefresh"/>).</summary>
    public TimeSpan ChildRefreshPeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// When the sync started, by the run's clock: a full pass's creation-time windows end here, and the rolling
    /// refresh measures the time since a stream's last sync from it. Left at the Unix epoch, a windowed pass is one window.
    /// </summary>
    public DateTimeOffset SyncStartedAt { get; init; } = DateTimeOffset.UnixEpoch;
}
