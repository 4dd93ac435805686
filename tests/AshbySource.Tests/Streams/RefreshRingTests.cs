using AshbySource.Streams;

namespace AshbySource.Tests.Streams;

/// <summary>The rolling refresh's sizing and rotation, over weeks of syncs on a clock that is only a number.</summary>
public sealed class RefreshRingTests
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(7);

    /// <summary>
    /// Syncs every <paramref name="interval"/> for two periods after a first sync that read every parent's children;
    /// returns, per parent, the times its children were read (the first sync's included).
    /// </summary>
    private static List<long>[] Simulate(TimeSpan interval, double[] positions, int pageSize, out List<long> readsPerSync)
    {
        var reads = positions.Select(_ => new List<long> { 0 }).ToArray();
        readsPerSync = [];
        var refresh = RefreshRing.NewCycle(0, positions.Length, null, null);
        var step = (long)interval.TotalMilliseconds;
        for (var now = step; now <= 2 * (long)Period.TotalMilliseconds; now += step)
        {
            var end = RefreshRing.NextSliceEnd(refresh, now, Period, pageSize);
            end.Should().NotBeNull("time has passed since the last sync");
            var start = refresh.Done;
            var inSlice = Enumerable.Range(0, positions.Length).Where(i => RefreshRing.InSlice(positions[i], start, end!.Value)).ToList();
            inSlice.ForEach(i => reads[i].Add(now));
            readsPerSync.Add(inSlice.Count);
            refresh = RefreshRing.AfterSlice(refresh with { LastSync = now }, end!.Value, inSlice.Count, null);
        }

        return reads;
    }

    private static double[] HashPositions(int parents) => Enumerable.Range(0, parents).Select(i => RefreshRing.KeyPosition($"application-{i:D6}")).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public void OverTwoPeriods_EveryParentIsReReadOncePerPeriod_WhateverTheSyncInterval(int hours)
    {
        var interval = TimeSpan.FromHours(hours);
        const int Parents = 5_000;
        var reads = Simulate(interval, HashPositions(Parents), pageSize: 10, out var perSync);

        reads.Where(times => times.Count != 3).Should().BeEmpty("every parent is read by the first sync and once in each of the two periods");
        var gaps = reads.SelectMany(times => times.Zip(times.Skip(1), (a, b) => b - a)).ToList();
        gaps.Max().Should().BeLessThanOrEqualTo((long)Period.TotalMilliseconds, "no parent waits longer than the period");
        reads.Select(times => times[2] - times[1]).Min().Should().BeGreaterThanOrEqualTo((long)(Period - interval).TotalMilliseconds, "none is read twice within a period, beyond the slice in flight");

        // Requests per day stay parents ÷ days whether syncs run hourly or daily.
        var perDay = perSync.Chunk(24 / hours).Select(day => day.Sum()).ToList();
        perDay.Should().HaveCount(14).And.OnlyContain(n => Math.Abs(n - (Parents / 7.0)) < Parents / 7.0 * 0.1);
    }

    [Fact]
    public void FewParents_ASliceHasAtLeastAPageOfThem()
    {
        var reads = Simulate(TimeSpan.FromHours(1), HashPositions(1_000), pageSize: 100, out var perSync);

        // An hour is 1/168 of the period, 6 of 1,000 parents; a page is 100, so a slice is a tenth of the ring.
        perSync.Average().Should().BeApproximately(100, 25);
        reads.Where(times => times.Count < 30).Should().BeEmpty("a cycle takes ten hourly syncs, so two periods hold 33 of them");
    }

    [Fact]
    public void CreationWindowsOfACycle_FollowEachOtherWithoutGapOrOverlap()
    {
        var refresh = RefreshRing.NewCycle(now: 1_767_225_600_000, parents: 100_000, firstCreated: null, rangeStart: 1_600_000_000_000);
        var windows = new List<CreationWindow>();
        for (var now = refresh.CycleStarted + 86_400_000L; refresh.Done > 0 || windows.Count == 0; now += 86_400_000L)
        {
            var end = RefreshRing.NextSliceEnd(refresh, now, Period, 100)!.Value;
            windows.Add(RefreshRing.Window(refresh, refresh.Done, end));
            refresh = RefreshRing.AfterSlice(refresh with { LastSync = now }, end, 1, null);
        }

        windows.Should().HaveCount(7);
        windows[0].After.Should().BeNull("the first slice is open below: parents created before the ring are not left out");
        windows[^1].Before.Should().BeNull("the last slice is open above: parents created during the cycle are not left out");
        windows.Zip(windows.Skip(1)).Should().OnlyContain(pair => pair.First.Before == pair.Second.After && pair.Second.After != null);
        refresh.CycleStarted.Should().Be(1_767_225_600_000 + (7 * 86_400_000L), "a new cycle begins with the sync that ended the last one");
    }

    [Fact]
    public void NoTimeAndNoKnownParents_NoSlice()
    {
        var refresh = RefreshRing.NewCycle(now: 1_000, parents: null, firstCreated: null, rangeStart: null);

        RefreshRing.NextSliceEnd(refresh, now: 1_000, Period, 100).Should().BeNull();
        RefreshRing.NextSliceEnd(refresh, now: 1_000 + (long)Period.TotalMilliseconds * 3, Period, 100).Should().Be(1, "a slice never goes past the end of the ring");
    }
}
