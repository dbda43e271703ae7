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
    public void Binary_writeThenRead_givesTheSameScans_andAKeyedHashTakesSixteenBytes()
    {
        var hash = Convert.ToHexStringLower(Enumerable.Range(0, 16).Select(i => (byte)(255 - i)).ToArray());
        List<ScanEntry> scans =
        [
            new(At.AddSeconds(2), hash, 18.252847, 109.511909, "三亚 \"湾\"\n\\"),
            new(At.AddSeconds(1), "c3", -0.1, 1e-7, null),
            // Not the keyed hash's form (upper case, 31 digits): kept as text, exactly.
            new(At, hash.ToUpperInvariant(), null, -0.0, ""),
            new(At.AddYears(-60), hash[..31], null, null, new string('x', 300)),
            new(DateTimeOffset.UnixEpoch.AddMilliseconds(-1), "🍋", 90, -180, "海口"),
        ];
        var stored = ScanHistory.WriteBinary(scans);
        Assert.Equal(scans, ScanHistory.ReadBinary(stored));
        Assert.Equal(scans.Take(2), ScanHistory.ReadBinary(stored, 2));
        Assert.True(double.IsNegative(ScanHistory.ReadBinary(stored)[2].Longitude!.Value));
        Assert.Equal(1 + 1 + 8 + 16, ScanHistory.WriteBinary(scans.Take(1).Select(s => s with { Latitude = null, Longitude = null, Place = null })).Length);
        Assert.Equal([(byte)1], ScanHistory.WriteBinary([]));
        Assert.Empty(ScanHistory.ReadBinary([1]));
        // A third of the JSON text, or less, for what the scan log holds (keyed hash, no location).
        var typical = Enumerable.Range(0, 50).Select(i => new ScanEntry(At.AddMinutes(-i), hash, null, null, null)).ToList();
        Assert.InRange(ScanHistory.WriteBinary(typical).Length * 3, 0, System.Text.Encoding.UTF8.GetByteCount(ScanHistory.Write(typical)));
        Assert.Throws<ArgumentException>(() => ScanHistory.WriteBinary([new ScanEntry(At, "h", double.NaN, null, null)]));
        // A lone surrogate (not UTF-16 text) is written as U+FFFD, as SQLite writes it in the log: never a failing count.
        Assert.Equal("a\uFFFDb", ScanHistory.ReadBinary(ScanHistory.WriteBinary([new ScanEntry(At, "h", null, null, "a\uD800b")]))[0].Place);
    }

    [Fact]
    public void MergeBinary_writesWhatTheJsonMergeWrites_copyingTheStoredEntriesWhenAllNewerAreNewer()
    {
        // The copy (newer scans written in front of the stored bytes) and the full merge, against the JSON merge, over
        // histories where the copy applies (every newer scan at or after the newest stored one) and where it must not.
        var random = new Random(12);
        var copies = 0;
        for (var run = 0; run < 2_000; run++)
        {
            // Stored as the writer stores: newest first (some at the same millisecond), the newest at At.
            var storedCount = random.Next(0, 8);
            var back = 0;
            var stored = Enumerable.Range(0, storedCount)
                .Select(i => new ScanEntry(At.AddMilliseconds(-(back += i == 0 ? 0 : random.Next(0, 3))), random.Next(2) == 0 ? "s" + i : Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()).Concat(BitConverter.GetBytes((long)i)).ToArray()),
                    random.Next(2) == 0 ? null : random.NextDouble(), null, random.Next(3) == 0 ? "海口" : null)).ToList();
            var newer = Enumerable.Range(0, random.Next(0, 5))
                .Select(i => new ScanEntry(At.AddMilliseconds(random.Next(-3, 6)), "n" + i, null, random.Next(2) == 0 ? null : -random.NextDouble(), null)).ToList();
            var keep = random.Next(1, 12);
            var expected = ScanHistory.WriteBinary(ScanHistory.Read(ScanHistory.Merge(ScanHistory.Write(stored), newer, keep)));
            Assert.Equal(expected, ScanHistory.MergeBinary(storedCount == 0 && random.Next(2) == 0 ? [] : ScanHistory.WriteBinary(stored), newer, keep));
            if (storedCount > 0 && newer.Count > 0 && newer.Min(s => s.At) >= At)
            {
                copies++;
            }
        }

        // Both kinds were drawn often (the copy needs all newer scans at or after the newest stored one, At).
        Assert.InRange(copies, 200, 1_800);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScanHistory.MergeBinary([1], [], 0));
    }

    // Eight bytes of time (0 = 1970-01-01) for the refusals below.
    private const string Time = "0000000000000000";

    [Theory]
    [InlineData("")] // no format byte
    [InlineData("02")] // another format
    [InlineData("5b5d")] // JSON text "[]"
    [InlineData("0110")] // an undefined flag
    [InlineData("0100")] // ends inside the time
    [InlineData("0101" + Time)] // ends inside the keyed hash
    [InlineData("0100" + Time + "05616263")] // a text shorter than its length
    [InlineData("0100" + Time + "810061")] // a length padded with a zero group (0x81 0x00 for 1)
    [InlineData("0100" + Time + "80808001")] // a length past 1 MiB
    [InlineData("0100" + Time + "8080808001")] // a length of five bytes
    [InlineData("0100" + Time + "0180")] // text that is not UTF-8
    [InlineData("0102" + Time + "01610000")] // ends inside the latitude
    [InlineData("0102" + Time + "0161000000000000f87f")] // a latitude that is NaN
    [InlineData("0100ffffffffffffff7f0161")] // a time past year 9999
    [InlineData("0100" + Time + "016100")] // a byte after the last scan
    [InlineData("0100" + Time + "0161" + "0100" + Time + "0180")] // a bad scan after the first (read with a limit of 1)
    public void ReadBinary_refusesWhatWriteBinaryNeverWrites(string hex) =>
        Assert.Throws<FormatException>(() => ScanHistory.ReadBinary(Convert.FromHexString(hex), limit: 1));

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
