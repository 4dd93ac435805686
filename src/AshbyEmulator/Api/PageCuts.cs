using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>
/// How many rows a page of a paged endpoint holds in the realistic mode. Real Ashby cuts a page of <c>limit</c>
/// rows first and then drops the rows the key may not see (confidential jobs and projects, private fields): a
/// recorded application.list page of limit 100 held 20 rows and the next one 0, both with moreDataAvailable:true and a
/// fresh cursor (ashby-fidelity.md §4 row 4). The emulator models that as an effective limit per page, chosen
/// from (seed, table, page number, filters), that the pager then fills with the next visible rows: so no row is
/// ever skipped or repeated, and a page with 0 rows says moreDataAvailable:true only while rows remain.
/// </summary>
internal static class PageCuts
{
    /// <summary>
    /// Empty pages in a row that every full pass with more than a page of rows left after page 1 meets from page 2
    /// on: longer than a client guard of 20, as a key without confidential access sees on an organisation whose
    /// confidential rows cluster.
    /// </summary>
    public const int EmptyRun = 30;

    private const int EmptyRunStart = 2;

    /// <summary>Share of pages, in percent, that are cut short (1..limit-1 rows) and that are empty.</summary>
    private const int ShortPercent = 20, EmptyPercent = 15;

    /// <summary>The effective limit of page <paramref name="page"/> of a pass that continues at <paramref name="position"/>.</summary>
    public static int RowsOnPage(ulong seed, TableSpec table, TableGenerator gen, ListFilter f, long snapshot, int position, int page, bool incremental, int limit)
    {
        var passHash = Hashing.Mix(seed ^ f.Hash ^ ((ulong)table.Ordinal << 40) ^ (incremental ? 0x1CUL << 56 : 0));
        if (!incremental)
        {
            // Only while more than a full page is left, so the run never ends a pass and a small pass stays short.
            if (page >= EmptyRunStart && page < EmptyRunStart + EmptyRun && Pager.Full(gen, f, snapshot, position, limit).Next >= 0)
            {
                return 0;
            }
        }
        var pageHash = Hashing.Field(passHash, (ulong)page);
        var roll = Hashing.Below(pageHash, 100);
        if (roll < EmptyPercent)
        {
            return 0;
        }
        if (roll < EmptyPercent + ShortPercent && limit > 1)
        {
            return 1 + Hashing.Below(Hashing.Mix(pageHash), limit - 1);
        }
        return limit;
    }
}
