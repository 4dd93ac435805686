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
