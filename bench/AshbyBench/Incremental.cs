using System.Text.Json.Nodes;
using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>Section 4: requests of an incremental sync after 1% of the rows changed, against the minimum.</summary>
internal sealed partial class Bench
{
    private const double ChangedFraction = 0.01;
    private static readonly string[] ChangeKinds = ["created", "updated", "archived"];

    private async Task IncrementalAsync()
    {
        var scale = options.IncrementalScale;
        Progress($"incremental: emulator at {Scale(scale)} candidates");
        await using var emulator = await EmulatorProcess.StartAsync(scale);
        await DiscoverAsync(emulator);
        var incremental = _streams.Where(s => IsIncremental(s!)).Select(s => (string)s!["name"]!).ToList();
        var config = WriteConfig(emulator.Url, _budgetMaximum, 4);
        var catalog = WriteCatalog(incremental.Contains, incremental: true);

        // 1. The previous sync: every incremental stream in incremental mode from no state (a full pass each).
        var first = await ReadAsync(_connector, config, catalog);
        var missingTokens = incremental.Where(s => first.Output.LastStates.GetValueOrDefault(s)?["sync_token"] is null).ToList();
        if (missingTokens.Count > 0)
        {
            throw new InvalidOperationException($"the first sync left no sync token for {string.Join(", ", missingTokens)}");
        }

        var state = WriteState(first.Output.LastStates);

        // 2. Change 1% of every table; the answer names every changed id.
        var mutation = await emulator.Admin.MutateAsync(new { fraction = ChangedFraction });
        var changed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (table, lists) in mutation["tables"]!.AsObject())
        {
            changed[table] = ChangeKinds
                .SelectMany(kind => lists![kind]?.AsArray() ?? [])
                .Select(id => (string)id!)
                .Distinct(StringComparer.Ordinal)
                .Count();
        }

        // 3. The incremental sync from the first sync's state, counted by the emulator.
        await emulator.Admin.ResetStatsAsync();
        Progress("incremental: the sync after the change");
        var second = await ReadAsync(_connector, config, catalog, state);
        var byEndpoint = (await emulator.Admin.StatsAsync())["byEndpoint"]!.AsObject();

        var rows = new List<IReadOnlyList<string>>();
        long totalPages = 0, totalMinimum = 0, totalRequests = 0, totalChanged = 0, totalRecords = 0;
        foreach (var stream in incremental)
        {
            var count = changed.GetValueOrDefault(stream);
            var minimum = ((count + PageSize - 1) / PageSize) + 1;
            var requests = Count(byEndpoint, EndpointOf(stream));
            var records = second.Output.StateRecordCounts.GetValueOrDefault(stream);
            totalMinimum += minimum;
            totalPages += Math.Max(1, minimum - 1);
            totalRequests += requests;
            totalChanged += count;
            totalRecords += records;
            rows.Add([stream, F0(count), F0(records), F0(Math.Max(1, minimum - 1)), F0(minimum), F0(requests), Ratio((double)requests / minimum)]);
        }

        rows.Add([$"**all {incremental.Count}**", F0(totalChanged), F0(totalRecords), F0(totalPages), F0(totalMinimum), F0(totalRequests), Ratio((double)totalRequests / totalMinimum)]);

        _sections.Line("## 4. Incremental cost").Line();
        _sections.Line($"The {incremental.Count} incremental streams at {Scale(scale)} candidates: a first sync in incremental mode from no state (a full pass")
            .Line($"each, {F0(first.Output.Records)} records), then `POST /_admin/mutate {{\"fraction\":{ChangedFraction}}}`, then an incremental sync from the first sync's")
            .Line("final states. Changed rows are the distinct ids the mutate call returns per table (created, updated, archived); the minimum is")
            .Line($"⌈changed / {PageSize}⌉ + 1 requests per stream. Requests are counted by the emulator; records are the sync's `sourceStats.recordCount`.")
            .Line();
        _sections.Table(["stream", ">changed rows", ">records synced", $">pages needed max(1, ⌈changed / {PageSize}⌉)", ">minimum requests (+1)", ">requests", ">requests / minimum"], rows);
        _sections.Line("A pass needs no empty final page: its last page says `moreDataAvailable: false` and carries the new sync token, so an")
            .Line("incremental stream can finish in max(1, ⌈changed / page size⌉) requests and the ratio to the minimum can fall below 1.")
            .Line();

        _targets.Add(new TargetRow("4", $"incremental sync after 1% changed, 13 streams at {Scale(scale)}", "requests ≤ 1.1 × minimum",
            $"{F0(totalRequests)} vs minimum {F0(totalMinimum)} = {Ratio((double)totalRequests / totalMinimum)} ({F0(totalRecords)} records for {F0(totalChanged)} changed rows)",
            totalRequests <= 1.1 * totalMinimum));
    }
}
