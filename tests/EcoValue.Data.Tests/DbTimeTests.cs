using System.Globalization;

namespace EcoValue.Data.Tests;

/// <summary>Stored instants: the hand-written reader gives what .NET's exact parse of the format gives, and refuses what it refuses.</summary>
public sealed class DbTimeTests
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static DateTimeOffset Exact(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void Parse_readsWhatToTextWrites_asTheExactParseDoes()
    {
        var random = new Random(13);
        for (var i = 0; i < 5_000; i++)
        {
            var at = new DateTimeOffset(DateTime.UnixEpoch.AddMilliseconds(random.NextInt64(0, 8_000_000_000_000L)), TimeSpan.Zero);
            var text = DbTime.ToText(at);
            Assert.Equal(at, DbTime.Parse(text));
            Assert.Equal(Exact(text), DbTime.Parse(text));
            Assert.Equal(TimeSpan.Zero, DbTime.Parse(text).Offset);
        }

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 23, 59, 59, 999, TimeSpan.Zero), DbTime.Parse("2026-12-04T23:59:59.999Z"));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), DbTime.Parse("2024-02-29T00:00:00.000Z"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-12-04T08:00:00.000")]
    [InlineData("2026-12-04T08:00:00.000z")]
    [InlineData("2026-12-04 08:00:00.000Z")]
    [InlineData("2026-12-04T08:00:00.00Z")]
    [InlineData("2026-12-04T08:00:00.0000Z")]
    [InlineData("2026-12-04T08:00:00Z")]
    [InlineData(" 2026-12-04T08:00:00.000Z")]
    [InlineData("2026-12-04T08:00:00.000Z ")]
    [InlineData("2026-13-04T08:00:00.000Z")]
    [InlineData("2026-02-30T08:00:00.000Z")]
    [InlineData("2025-02-29T08:00:00.000Z")]
    [InlineData("2026-12-04T24:00:00.000Z")]
    [InlineData("2026-12-04T08:60:00.000Z")]
    [InlineData("2026-12-04T08:00:60.000Z")]
    [InlineData("2026-12-00T08:00:00.000Z")]
    [InlineData("0000-12-04T08:00:00.000Z")]
    [InlineData("2026-12-04T08:00:00.+00Z")]
    [InlineData("2026-12-04T08:00:0a.000Z")]
    [InlineData("2026-1２-04T08:00:00.000Z")]
    [InlineData("2026-12-04T08:00:00.000+00:00")]
    [InlineData("-026-12-04T08:00:00.000Z")]
    public void Parse_refusesWhatTheExactParseRefuses(string text)
    {
        Assert.Throws<FormatException>(() => Exact(text));
        Assert.Throws<FormatException>(() => DbTime.Parse(text));
    }
}
