using System.Text.Json.Nodes;
using System.Globalization;
using System.Text;

namespace AshbyDemo;

/// <summary>The demo's printed summaries. Pure functions of the tallies, so they are tested without a run.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string FullRead(ReadTally read, RequestCount requests, TimeSpan wall, int exitCode)
    {
        var text = new StringBuilder();
        Line(text, $"  {"stream",-34}{"records",10}{"requests",10}  status");
        foreach (var (stream, tally) in read.Streams)
        {
            Line(text, $"  {stream,-34}{tally.Records,10:N0}{requests.Of(stream),10:N0}  {tally.Status}");
        }

        Line(text, $"  {"total",-34}{read.Records,10:N0}{requests.Total,10:N0}  exit {exitCode}, {wall.TotalSeconds:0.0} s, {read.Records / Math.Max(wall.TotalSeconds, 0.001):N0} records/s");
        return text.ToString();
    }

    /// <summary>
    /// Whether the request budget set the pace: the budget spaces requests evenly, so a read can never take less
    /// than requests ÷ budget; when it took about that, the connector was waiting for the budget, not working.
    /// </summary>
    public static string Pace(long requests, int requestsPerMinute, TimeSpan wall)
    {
        var floor = TimeSpan.FromMinutes((double)requests / requestsPerMinute);
        var facts = string.Create(Invariant, $"{requests:N0} requests need at least {floor.TotalSeconds:0.0} s at {requestsPerMinute:N0}/min, and the read took {wall.TotalSeconds:0.0} s");
        return wall <= (floor * 1.25) + TimeSpan.FromSeconds(1)
            ? $"  pace: the request budget (requests_per_minute), not the connector, set the pace: {facts}."
            : $"  pace: the connector and the API set the pace, not the request budget: {facts}.";
    }

    public static string Changes(IReadOnlyDictionary<string, HashSet<string>> changed) =>
        string.Create(Invariant, $"  changed {changed.Values.Sum(ids => ids.Count):N0} rows in {changed.Count(t => t.Value.Count > 0)} tables (about 1% of each: creates, updates, archives)");

    public static string Incremental(ReadTally full, RequestCount fullRequests, IReadOnlyDictionary<string, HashSet<string>> changed, ReadTally incremental, RequestCount incrementalRequests, IReadOnlySet<string> fullRefreshStreams)
    {
        var text = new StringBuilder();
        Line(text, $"  {"stream",-34}{"full read",20}{"changed",9}{"incremental read",22}");
        Line(text, $"  {"",-34}{"records",10}{"requests",10}{"rows",9}{"records",11}{"requests",11}");
        foreach (var (stream, tally) in full.Streams)
        {
            var after = incremental.Streams.GetValueOrDefault(stream);
            var mode = after is null ? "  (not read)" : fullRefreshStreams.Contains(stream) ? "  (full refresh only)" : string.Empty;
            Line(text, $"  {stream,-34}{tally.Records,10:N0}{fullRequests.Of(stream),10:N0}{changed.GetValueOrDefault(stream, []).Count,9:N0}{after?.Records ?? 0,11:N0}{incrementalRequests.Of(stream),11:N0}{mode}");
        }

        Line(text, $"  {"total",-34}{full.Records,10:N0}{fullRequests.Total,10:N0}{changed.Values.Sum(ids => ids.Count),9:N0}{incremental.Records,11:N0}{incrementalRequests.Total,11:N0}");
        return text.ToString();
    }

    /// <summary>
    /// What a killed sync and its resumption read together, against every row Ashby has: nothing may be missing;
    /// rows read twice are the ones after the last checkpoint before the kill (and full-refresh streams the killed
    /// run had finished, which start over).
    /// </summary>
    public static KillAccount AccountForKill(ReadTally killed, ReadTally resumed, IReadOnlyDictionary<string, HashSet<string>> expected)
    {
        long missing = 0;
        long unique = 0;
        foreach (var (stream, ids) in expected)
        {
            var seen = new HashSet<string>(killed.Streams.GetValueOrDefault(stream)?.Keys ?? [], StringComparer.Ordinal);
            seen.UnionWith(resumed.Streams.GetValueOrDefault(stream)?.Keys ?? []);
            missing += ids.Count(id => !seen.Contains(id));
            unique += seen.Count;
        }

        return new KillAccount(killed.Records, killed.Checkpoints, resumed.Records, unique, expected.Values.Sum(ids => ids.Count), missing);
    }

    /// <summary>The changed rows of <paramref name="stream"/> that <paramref name="reads"/> sent, by id (a key's last part).</summary>
    private static int Seen(string stream, IReadOnlyDictionary<string, HashSet<string>> changed, params ReadTally[] reads)
    {
        var ids = reads.SelectMany(read => read.Streams.GetValueOrDefault(stream)?.Keys ?? []).Select(key => key[(key.LastIndexOf('/') + 1)..]).ToHashSet(StringComparer.Ordinal);
        return changed.GetValueOrDefault(stream, []).Count(ids.Contains);
    }

    /// <summary>What the incremental read of the child streams did not see: rows changed without their parent.</summary>
    public static string Missed(IReadOnlyDictionary<string, HashSet<string>> changed, ReadTally incremental, IReadOnlyList<string> children)
    {
        var all = children.Sum(stream => changed.GetValueOrDefault(stream, []).Count);
        var seen = children.Sum(stream => Seen(stream, changed, incremental));
        return string.Create(Invariant, $"child streams: {seen:N0} of {all:N0} changed rows seen. A sync token lists a parent when the parent changes; a note, a criteria evaluation or a history entry added alone leaves it out, so those rows wait for the rolling refresh (every parent's children re-read within child_refresh_days, 7 by default). Deleted rows are never reported: only a full refresh removes them.");
    }

    /// <summary>A catalog of <paramref name="streams"/> alone, as configured in <paramref name="catalog"/>.</summary>
    public static JsonObject CatalogOf(JsonObject catalog, IReadOnlyList<string> streams) => new()
    {
        ["streams"] = new JsonArray([.. catalog["streams"]!.AsArray().Where(e => streams.Contains((string)e!["stream"]!["name"]!)).Select(e => e!.DeepClone())]),
    };

    /// <summary>The state with every rolling refresh's times a day earlier: as if its last sync had been a day ago.</summary>
    public static JsonNode OneDayEarlier(JsonNode state)
    {
        const long Day = 86_400_000;
        foreach (var entry in state.AsArray())
        {
            if (entry!["stream"]?["stream_state"]?["refresh"] is JsonObject refresh)
            {
                refresh["cycle_started"] = (long)refresh["cycle_started"]! - Day;
                refresh["last_sync"] = (long)refresh["last_sync"]! - Day;
            }
        }

        return state;
    }

    /// <summary>Writes, per child stream, the changed rows seen so far after each sync; returns those still unseen.</summary>
    public static int Refresh(Action<string> write, IReadOnlyDictionary<string, HashSet<string>> changed, ReadTally incremental, IReadOnlyList<ReadTally> days, IReadOnlyList<string> children)
    {
        var text = new StringBuilder();
        Line(text, $"  {"changed rows seen",-34}{"changed",9}{"incremental",13}{"+ day 1",9}{"+ day 2",9}");
        var missed = 0;
        foreach (var stream in children)
        {
            var all = changed.GetValueOrDefault(stream, []).Count;
            var dayOne = Seen(stream, changed, [incremental, days[0]]);
            var dayTwo = Seen(stream, changed, [incremental, .. days]);
            missed += all - dayTwo;
            Line(text, $"  {stream,-34}{all,9:N0}{Seen(stream, changed, incremental),13:N0}{dayOne,9:N0}{dayTwo,9:N0}");
        }

        write(text.ToString());
        return missed;
    }

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(Invariant));
}

/// <summary>The records of a killed read and of the read that resumed it, against the rows Ashby has.</summary>
internal sealed record KillAccount(long KilledRecords, long KilledCheckpoints, long ResumedRecords, long UniqueRows, long ExpectedRows, long Missing)
{
    public long ReadTwice => KilledRecords + ResumedRecords - UniqueRows;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
          killed after {KilledRecords:N0} records and {KilledCheckpoints:N0} checkpoints; the resumed read added {ResumedRecords:N0}
          together {UniqueRows:N0} distinct rows of the {ExpectedRows:N0} Ashby has: {(Missing == 0 ? "none missing" : $"{Missing:N0} MISSING")}, {ReadTwice:N0} read twice (rows after a stream's last checkpoint, and full-refresh streams, which start over)
        """);
}
