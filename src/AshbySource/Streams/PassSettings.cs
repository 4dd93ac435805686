namespace AshbySource.Streams;

/// <summary>
/// What every pass of a run is read with, made once from the config (<c>SyncRunner</c>): a pass-level option is a
/// member here and its use in <see cref="PassPlanner"/>, with no constructor in between to carry it.
/// </summary>
/// <param name="PageSize">Records asked for per page of a paged endpoint.</param>
/// <param name="StartDate">Sent as <c>createdAfter</c> where the endpoint takes it.</param>
internal sealed record PassSettings(int PageSize, DateTimeOffset? StartDate);
