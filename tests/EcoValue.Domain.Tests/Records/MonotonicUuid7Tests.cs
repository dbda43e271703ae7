using EcoValue.Domain.Records;

namespace EcoValue.Domain.Tests.Records;

/// <summary>Ids made in one millisecond sort in the order they were made, stay version 7 / variant 10, and keep their time.</summary>
public class MonotonicUuid7Tests
{
    [Fact]
    public void IdsOfOneMillisecond_sortInTheOrderMade_andStayValidUuid7()
    {
        var at = new DateTimeOffset(2026, 12, 3, 22, 0, 0, 123, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5_000).Select(_ => RecordEnvelope.NewId(at)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            var guid = Guid.Parse(id);
            Assert.Equal(7, guid.Version);
            Assert.Equal(0b10, guid.Variant >> 2);
            Assert.StartsWith(ids[0][..13], id, StringComparison.Ordinal); // the same 48-bit millisecond
        });
    }

    [Fact]
    public void AnEarlierMillisecond_isTakenAsMade_neverMovedForward()
    {
        var later = new DateTimeOffset(2026, 12, 3, 22, 0, 1, 0, TimeSpan.Zero);
        var earlier = later.AddSeconds(-1);
        _ = RecordEnvelope.NewId(later);
        var id = RecordEnvelope.NewId(earlier);
        Assert.Equal(earlier.ToUnixTimeMilliseconds(), Convert.ToInt64(id.Replace("-", string.Empty, StringComparison.Ordinal)[..12], 16));
    }
}
