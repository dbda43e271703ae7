using EcoValue.Domain.Verification;

namespace EcoValue.Domain.Tests.Verification;

/// <summary>
/// <see cref="CloneRules"/> at its edges with the default thresholds (12 scanners, 30 scans an hour, 900 km/h beyond
/// 150 km), the great-circle distance against known ones, and the bilingual reasons the page shows.
/// </summary>
public class CloneRulesTests
{
    private const double HaikouLat = 20.04, HaikouLon = 110.34;
    private const double BeijingLat = 39.9, BeijingLon = 116.4;

    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly CloneRules _rules = new(new CloneThresholds());

    [Fact]
    public void Default_thresholds_are_the_documented_ones()
    {
        var t = new CloneThresholds();

        Assert.Equal(12, t.MaxDistinctScanners);
        Assert.Equal(30, t.MaxScansInBurst);
        Assert.Equal(TimeSpan.FromHours(1), t.BurstWindow);
        Assert.Equal(900, t.MaxSpeedKmh);
        Assert.Equal(150, t.MinDistanceKm);
    }

    [Fact]
    public void No_scans_is_not_suspicious_and_has_no_first_scan()
    {
        var a = _rules.Assess([]);

        Assert.False(a.Suspicious);
        Assert.Empty(a.Reasons);
        Assert.Null(a.FirstScanAt);
        Assert.Equal(0, a.ScanCount);
        Assert.Equal(0, a.DistinctScanners);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(12, false)]
    [InlineData(13, true)]
    [InlineData(40, true)]
    public void Distinct_scanners_twelve_is_plausible_thirteen_is_not(int scanners, bool suspicious)
    {
        // One scan a day from a new network: no burst, no location.
        var scans = Enumerable.Range(0, scanners).Select(i => Scan(T0.AddDays(i), $"net{i}")).ToList();
        scans.Add(Scan(T0.AddDays(scanners), "net0")); // a repeat scanner adds a scan, not a scanner

        var a = _rules.Assess(scans);

        Assert.Equal(scanners, a.DistinctScanners);
        Assert.Equal(scanners + 1, a.ScanCount);
        Assert.Equal(suspicious, a.Suspicious);
        if (suspicious)
        {
            var reason = Assert.Single(a.Reasons);
            Assert.Equal("scans.many_scanners", reason.Code);
            Assert.Contains($"{scanners} different networks", reason.En, StringComparison.Ordinal);
            Assert.Contains("more than 12", reason.En, StringComparison.Ordinal);
            Assert.Contains($"{scanners} 个不同网络", reason.Zh, StringComparison.Ordinal);
            Assert.Contains("超过 12", reason.Zh, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(a.Reasons);
        }
    }

    [Theory]
    [InlineData(30, 60, false)] // 30 scans in an hour: the most a pack plausibly gets
    [InlineData(31, 60, true)] // 31 scans with the last exactly one hour after the first: still inside the window
    [InlineData(31, 61, false)] // spread over 61 minutes: no hour holds more than 30
    [InlineData(100, 10, true)]
    public void Burst_window_edges(int scans, int overMinutes, bool suspicious)
    {
        var step = TimeSpan.FromMinutes(overMinutes) / (scans - 1);
        var list = Enumerable.Range(0, scans).Select(i => Scan(T0 + (step * i), "same-shop")).ToList();

        var a = _rules.Assess(list);

        Assert.Equal(suspicious, a.Suspicious);
        if (suspicious)
        {
            var reason = Assert.Single(a.Reasons);
            Assert.Equal("scans.burst", reason.Code);
            Assert.Contains("within 60 minutes", reason.En, StringComparison.Ordinal);
            Assert.Contains("60 分钟内", reason.Zh, StringComparison.Ordinal);
            Assert.Matches(@"scanned \d+ times", reason.En);
        }
    }

    [Fact]
    public void Burst_message_counts_the_busiest_window()
    {
        // 31 scans within an hour on day one, then 10 more spread over a week: the message says 31.
        var scans = Enumerable.Range(0, 31).Select(i => Scan(T0.AddMinutes(i), "a"))
            .Concat(Enumerable.Range(1, 10).Select(i => Scan(T0.AddHours(12 * i), "a"))).ToList();

        var reason = Assert.Single(_rules.Assess(scans).Reasons);

        Assert.Contains("scanned 31 times within 60 minutes", reason.En, StringComparison.Ordinal);
        Assert.Contains("被扫描了 31 次", reason.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Haikou_to_Beijing_in_thirty_minutes_is_impossible_travel_and_the_page_says_where()
    {
        var a = _rules.Assess([Haikou(T0, "a"), Beijing(T0.AddMinutes(30), "b")]);

        Assert.True(a.Suspicious);
        var reason = Assert.Single(a.Reasons);
        Assert.Equal("scans.impossible_travel", reason.Code);
        Assert.Contains("in Haikou and in Beijing", reason.En, StringComparison.Ordinal);
        Assert.Contains("within 30 minutes", reason.En, StringComparison.Ordinal);
        Assert.Matches(@"22[5-9]\d km apart", reason.En);
        Assert.Contains("Haikou", reason.Zh, StringComparison.Ordinal);
        Assert.Contains("Beijing", reason.Zh, StringComparison.Ordinal);
        Assert.Matches(@"相距 22[5-9]\d 公里", reason.Zh);
        Assert.Contains("30 分钟", reason.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Haikou_to_Beijing_in_five_hours_is_a_plane_ride()
    {
        var a = _rules.Assess([Haikou(T0, "a"), Beijing(T0.AddHours(5), "b")]);

        Assert.False(a.Suspicious);
        Assert.Empty(a.Reasons);
    }

    [Fact]
    public void The_edge_is_the_speed_of_an_airliner()
    {
        var km = CloneRules.DistanceKm(HaikouLat, HaikouLon, BeijingLat, BeijingLon);
        var atLimit = TimeSpan.FromHours(km / 900);

        Assert.False(_rules.Assess([Haikou(T0, "a"), Beijing(T0 + atLimit + TimeSpan.FromMinutes(1), "b")]).Suspicious);
        Assert.True(_rules.Assess([Haikou(T0, "a"), Beijing(T0 + atLimit - TimeSpan.FromMinutes(1), "b")]).Suspicious);
    }

    [Fact]
    public void Two_scans_twenty_km_apart_within_a_minute_are_the_same_place_for_coarse_locations()
    {
        // Haikou city and Haikou's airport district: ~20 km, as a proxy's gateway location can jump.
        var a = _rules.Assess([Scan(T0, "a", 20.04, 110.34, "Haikou"), Scan(T0.AddSeconds(40), "b", 19.94, 110.50, "Meilan")]);

        Assert.InRange(CloneRules.DistanceKm(20.04, 110.34, 19.94, 110.50), 15, 25);
        Assert.False(a.Suspicious);
    }

    [Fact]
    public void Scans_without_a_location_are_ignored_for_travel()
    {
        // Unlocated scans between Haikou and Beijing do not hide the jump ...
        var hidden = _rules.Assess([Haikou(T0, "a"), Scan(T0.AddMinutes(10), "x"), Scan(T0.AddMinutes(20), "y", 30, null, "half"), Beijing(T0.AddMinutes(30), "b")]);
        Assert.Equal(["scans.impossible_travel"], hidden.Reasons.Select(r => r.Code));

        // ... and a scan with no location (or an impossible one from a broken header) is no evidence of travel.
        Assert.False(_rules.Assess([Haikou(T0, "a"), Scan(T0.AddMinutes(1), "b")]).Suspicious);
        Assert.False(_rules.Assess([Haikou(T0, "a"), Scan(T0.AddMinutes(1), "b", double.NaN, 116.4, "?")]).Suspicious);
        Assert.False(_rules.Assess([Haikou(T0, "a"), Scan(T0.AddMinutes(1), "b", 39.9, 400, "?")]).Suspicious);
        Assert.False(_rules.Assess([Haikou(T0, "a"), Scan(T0.AddMinutes(1), "b", double.PositiveInfinity, 0, "?")]).Suspicious);
    }

    [Fact]
    public void Without_place_names_the_message_gives_coordinates_and_simultaneous_scans_read_as_one_minute()
    {
        var a = _rules.Assess([Scan(T0, "a", HaikouLat, HaikouLon, null), Scan(T0, "b", BeijingLat, BeijingLon, null)]);

        var reason = Assert.Single(a.Reasons);
        Assert.Contains("in 20.04, 110.34 and in 39.9, 116.4", reason.En, StringComparison.Ordinal);
        Assert.Contains("within 1 minute.", reason.En, StringComparison.Ordinal);
        Assert.Contains("1 分钟", reason.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void First_scan_is_the_earliest_whatever_the_input_order()
    {
        var scans = Enumerable.Range(0, 20).Select(i => Scan(T0.AddHours(i * 7), $"n{i % 5}")).ToList();
        var rng = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = scans.OrderBy(_ => rng.Next()).ToList();

            var a = _rules.Assess(shuffled);

            Assert.Equal(T0, a.FirstScanAt);
            Assert.Equal(20, a.ScanCount);
            Assert.Equal(5, a.DistinctScanners);
        }

        // Offsets are instants: 08:00+08:00 is before 01:00Z.
        var early = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(early, _rules.Assess([Scan(new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.Zero), "a"), Scan(early, "b")]).FirstScanAt);
    }

    [Fact]
    public void Travel_is_found_out_of_order_and_all_reasons_come_together()
    {
        var scans = Enumerable.Range(0, 40).Select(i => Scan(T0.AddMinutes(i), $"n{i}")).ToList();
        scans.Add(Beijing(T0.AddMinutes(45), "b"));
        scans.Insert(0, Haikou(T0.AddMinutes(15), "h"));

        var a = _rules.Assess(scans);

        Assert.True(a.Suspicious);
        Assert.Equal(["scans.many_scanners", "scans.burst", "scans.impossible_travel"], a.Reasons.Select(r => r.Code));
        Assert.Equal(T0, a.FirstScanAt);
    }

    [Fact]
    public void Thresholds_are_honoured()
    {
        var strict = new CloneRules(new CloneThresholds { MaxDistinctScanners = 2, MaxScansInBurst = 3, BurstWindow = TimeSpan.FromMinutes(1), MaxSpeedKmh = 100, MinDistanceKm = 10 });

        Assert.Equal(["scans.many_scanners"], strict.Assess([Scan(T0, "a"), Scan(T0.AddDays(1), "b"), Scan(T0.AddDays(2), "c")]).Reasons.Select(r => r.Code));
        var burst = Assert.Single(strict.Assess([.. Enumerable.Range(0, 4).Select(i => Scan(T0.AddSeconds(i * 10), "a"))]).Reasons);
        Assert.Contains("within 1 minute,", burst.En, StringComparison.Ordinal);
        Assert.True(strict.Assess([Scan(T0, "a", 20.04, 110.34, "Haikou"), Scan(T0.AddMinutes(10), "a", 19.94, 110.50, "Meilan")]).Suspicious);
        Assert.Throws<ArgumentNullException>(() => new CloneRules(null!));
        Assert.Throws<ArgumentNullException>(() => _rules.Assess(null!));
    }

    [Fact]
    public void Distance_haikou_beijing_is_about_2280_km()
    {
        Assert.InRange(CloneRules.DistanceKm(HaikouLat, HaikouLon, BeijingLat, BeijingLon), 2280 * 0.98, 2280 * 1.02);
    }

    [Theory]
    // London (51.5074, -0.1278) – Paris (48.8566, 2.3522): 343.5 km great-circle (commonly given as 344 km).
    [InlineData(51.5074, -0.1278, 48.8566, 2.3522, 343.5, 0.01)]
    // Beijing – Shanghai (31.2304, 121.4737): 1,067 km.
    [InlineData(39.9042, 116.4074, 31.2304, 121.4737, 1067, 0.02)]
    // Exact on the sphere of radius 6,371 km: a quarter meridian, half the equator, and across the date line.
    [InlineData(0, 0, 90, 0, 10007.543, 1e-6)]
    [InlineData(0, 0, 0, 180, 20015.087, 1e-6)]
    [InlineData(0, 179.9, 0, -179.9, 22.239, 1e-4)]
    [InlineData(20.04, 110.34, 20.04, 110.34, 0, 0)]
    public void Distance_matches_known_distances(double lat1, double lon1, double lat2, double lon2, double km, double tolerance)
    {
        var d = CloneRules.DistanceKm(lat1, lon1, lat2, lon2);

        Assert.InRange(d, (km * (1 - tolerance)) - 1e-9, (km * (1 + tolerance)) + 1e-9);
        Assert.Equal(d, CloneRules.DistanceKm(lat2, lon2, lat1, lon1), 9);
    }

    private static ScanEntry Scan(DateTimeOffset at, string scanner, double? lat = null, double? lon = null, string? place = null) => new(at, scanner, lat, lon, place);

    private static ScanEntry Haikou(DateTimeOffset at, string scanner) => Scan(at, scanner, HaikouLat, HaikouLon, "Haikou");

    private static ScanEntry Beijing(DateTimeOffset at, string scanner) => Scan(at, scanner, BeijingLat, BeijingLon, "Beijing");
}
