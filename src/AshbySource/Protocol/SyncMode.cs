namespace AshbySource.Protocol;

internal enum SyncMode
{
    FullRefresh,
    Incremental,
}
