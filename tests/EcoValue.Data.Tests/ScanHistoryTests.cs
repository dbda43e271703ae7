using EcoValue.Data.Items;
using EcoValue.Domain.Verification;

namespace EcoValue.Data.Tests;

/// <summary>The stored form of a code's newest scans (scan_totals.recent, migration 12): exact round trips, newest first, strict reading.</summary>
public sealed class ScanHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 8, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Write_thenRead_givesTheSameScans_nullsTextAndCoordinatesExact()
    {
        List<ScanEntry> scans =
        [
            new(At.AddSeconds(2), "a1b2", 18.252847, 109.511909, "三亚 \"湾\"\n\\"),
            new(At.AddSeconds(1), "c3", -0.1, 1e-7, null),
            new(At, "d4", null, null, ""),
        ];
        var stored = ScanHistory.Write(scans);
        Assert.StartsWith("[[\"2026-12-04T08:00:02.123Z\",\"a1b2\",18.252847,109.511909,", stored, StringComparison.Ordinal);
        Assert.Equal(scans, ScanHistory.Read(stored));
        Assert.Equal(scans.Take(2), ScanHistory.Read(stored, 2));
        Assert.Empty(ScanHistory.Read(ScanHistory.Empty));
        Assert.Equal(ScanHistory.Empty, ScanHistory.Write([]));
    }

    [Fact]
    public void Merge_ordersNewestFirst_newerBeforeStoredAtTheSameMillisecond_andKeepsOnlyTheNewest()
    {
        var stored = ScanHistory.Write([new(At.AddSeconds(5), "s5", null, null, null), new(At.AddSeconds(1), "s1", null, null, null)]);
        // As the writer hands them over: oldest first, one at the same millisecond as a stored one.
        List<ScanEntry> newer = [new(At, "n0", null, null, null), new(At.AddSeconds(5), "n5", null, null, null), new(At.AddSeconds(9), "n9", null, null, null)];
        Assert.Equal(["n9", "n5", "s5", "s1", "n0"], ScanHistory.Read(ScanHistory.Merge(stored, newer, 10)).Select(s => s.Scanner));
        Assert.Equal(["n9", "n5"], ScanHistory.Read(ScanHistory.Merge(stored, newer, 2)).Select(s => s.Scanner));
        Assert.Equal(["n9", "n5", "n0"], ScanHistory.Read(ScanHistory.Merge(null, newer, 10)).Select(s => s.Scanner));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScanHistory.Merge(stored, newer, 0));
    }

    [Fact]
    public void Merge_knowingTheStoredCount_writesWhatTheFullMergeWrites()
    {
        // The shortcut (newer scans written in front of the stored text) against the full merge (stored count
        // unknown), over histories where it applies (all newer at or after the newest stored, room for all) and where
        // it must not (an older newer scan, a count that could overflow keep).
        var random = new Random(12);
        var shortcuts = 0;
        for (var run = 0; run < 2_000; run++)
        {
            // Stored as the writer stores: newest first (some at the same millisecond), the newest at At.
            var storedCount = random.Next(0, 8);
            var back = 0;
            var stored = ScanHistory.Write(Enumerable.Range(0, storedCount)
                .Select(i => new ScanEntry(At.AddMilliseconds(-(back += i == 0 ? 0 : random.Next(0, 3))), "s" + i, random.Next(2) == 0 ? null : random.NextDouble(), null, random.Next(3) == 0 ? "海口" : null)).ToList());
            var newer = Enumerable.Range(0, random.Next(1, 5))
                .Select(i => new ScanEntry(At.AddMilliseconds(random.Next(-3, 6)), "n" + i, null, random.Next(2) == 0 ? null : -random.NextDouble(), null)).ToList();
            var keep = random.Next(1, 12);
            var full = ScanHistory.Merge(stored, newer, keep);
            Assert.Equal(full, ScanHistory.Merge(stored, newer, keep, storedCount));
            Assert.Equal(full, ScanHistory.Merge(stored, newer, keep, storedCount + random.Next(0, 3)));
            if (storedCount > 0 && storedCount + newer.Count <= keep && newer.Min(s => s.At) >= At)
            {
                shortcuts++;
            }
        }

        // Both kinds were drawn often (the shortcut needs all newer scans at or after the newest stored one, At).
        Assert.InRange(shortcuts, 200, 1_800);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[[\"2026-12-04T08:00:00.000Z\",\"h\",null,null]]")]
    [InlineData("[[\"2026-12-04T08:00:00.000Z\",\"h\",\"north\",null,null]]")]
    [InlineData("[[\"2026-12-04T08:00:00.000Z\",\"h\",null,null,7]]")]
    [InlineData("[[\"2026-12-04 08:00\",\"h\",null,null,null]]")]
    [InlineData("[[\"2026-12-04T08:00:00.000Z\",\"h\",null,null,null,\"extra\"]]")]
    [InlineData("[[\"2026-12-04T08:00:00.000Z\",\"h\",null,null,null]")]
    public void Read_refusesWhatWriteNeverWrites(string stored) =>
        Assert.Throws<FormatException>(() => ScanHistory.Read(stored));
}
