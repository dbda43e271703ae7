using System.Globalization;

namespace EcoValue.Domain.Verification;

/// <summary>One logged scan of an item: when, by whom (a keyed hash of the network address, never the address), and roughly where.</summary>
/// <param name="At">UTC time of the scan.</param>
/// <param name="Scanner">Keyed hash of the client address (same network = same value, irreversible without the key).</param>
/// <param name="Latitude">Coarse latitude from a trusted proxy header (rounded to 0.1°), if any.</param>
/// <param name="Longitude">Coarse longitude, if any.</param>
/// <param name="Place">A place name from the proxy (city or country), for messages only.</param>
public sealed record ScanEntry(DateTimeOffset At, string Scanner, double? Latitude, double? Longitude, string? Place);

/// <summary>Thresholds for <see cref="CloneRules"/>; defaults suit a consumer good on a shop shelf.</summary>
public sealed record CloneThresholds
{
    /// <summary>More distinct scanners than this make a single pack implausible (a family, a shop assistant, a few shoppers).</summary>
    public int MaxDistinctScanners { get; init; } = 12;

    /// <summary>More scans than this in <see cref="BurstWindow"/> are a burst no single pack sees.</summary>
    public int MaxScansInBurst { get; init; } = 30;

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Faster than an airliner between two scans is impossible for one physical pack.</summary>
    public double MaxSpeedKmh { get; init; } = 900;

    /// <summary>Locations are coarse (0.1° ≈ 11 km, and proxies place users by their provider's gateway): closer than this is "the same place".</summary>
    public double MinDistanceKm { get; init; } = 150;
}

/// <summary>The scan pattern's assessment of an item, with what the page shows: first scan, counts, and why it is suspicious.</summary>
public sealed record CloneAssessment(
    bool Suspicious,
    IReadOnlyList<VerificationReason> Reasons,
    DateTimeOffset? FirstScanAt,
    int ScanCount,
    int DistinctScanners);

/// <summary>
/// Clone detection over an item's scan log (DESIGN.md "Verification": SUSPICIOUS). A copied QR code shows up as one
/// serial scanned by more people than one pack meets, in bursts, or in two places no parcel could travel between in
/// the time. The rules are deliberately simple and explainable, because the page has to tell the consumer why.
/// </summary>
public sealed class CloneRules(CloneThresholds thresholds)
{
    public CloneThresholds Thresholds { get; } = thresholds ?? throw new ArgumentNullException(nameof(thresholds));

    /// <summary>Assesses <paramref name="scans"/> (any order; the current scan included).</summary>
    public CloneAssessment Assess(IReadOnlyList<ScanEntry> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (scans.Count == 0)
        {
            return new CloneAssessment(false, [], null, 0, 0);
        }

        var ordered = scans.OrderBy(s => s.At).ToList();
        var distinct = ordered.Select(s => s.Scanner).Distinct(StringComparer.Ordinal).Count();
        var reasons = new List<VerificationReason>();
        if (distinct > Thresholds.MaxDistinctScanners)
        {
            reasons.Add(new(
                "scans.many_scanners",
                $"This code has been scanned from {distinct} different networks. One genuine pack is rarely scanned by more than {Thresholds.MaxDistinctScanners}: the code may have been copied onto other packs.",
                $"此码已被 {distinct} 个不同网络扫描。一件正品通常不会被超过 {Thresholds.MaxDistinctScanners} 个网络扫描：此码可能被复制到了其他包装上。"));
        }

        var burst = MaxInWindow(ordered, Thresholds.BurstWindow);
        if (burst > Thresholds.MaxScansInBurst)
        {
            var window = Duration(Thresholds.BurstWindow);
            reasons.Add(new(
                "scans.burst",
                $"This code was scanned {burst} times within {window.En}, more than one pack plausibly is.",
                $"此码在 {window.Zh}内被扫描了 {burst} 次，超出一件商品的合理范围。"));
        }

        if (ImpossibleTravel(ordered) is { } travel)
        {
            reasons.Add(travel);
        }

        return new CloneAssessment(reasons.Count > 0, reasons, ordered[0].At, ordered.Count, distinct);
    }

    /// <summary>Great-circle distance (haversine, mean Earth radius 6,371 km).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0;
        static double Rad(double d) => d * Math.PI / 180.0;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static int MaxInWindow(List<ScanEntry> ordered, TimeSpan window)
    {
        var best = 0;
        var start = 0;
        for (var end = 0; end < ordered.Count; end++)
        {
            while (ordered[end].At - ordered[start].At > window)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    /// <summary>The first pair of located scans (each against the previous located one) that no pack could travel between.</summary>
    private VerificationReason? ImpossibleTravel(List<ScanEntry> ordered)
    {
        ScanEntry? previous = null;
        foreach (var scan in ordered)
        {
            // No location, or one no place on Earth has (a broken proxy header), says nothing about travel.
            if (scan.Latitude is not { } lat || scan.Longitude is not { } lon || !(Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180))
            {
                continue;
            }

            if (previous is { Latitude: { } plat, Longitude: { } plon })
            {
                var km = DistanceKm(plat, plon, lat, lon);
                var hours = Math.Max((scan.At - previous.At).TotalHours, 1.0 / 60);
                if (km >= Thresholds.MinDistanceKm && km / hours > Thresholds.MaxSpeedKmh)
                {
                    var from = previous.Place ?? $"{Number(plat)}, {Number(plon)}";
                    var to = scan.Place ?? $"{Number(lat)}, {Number(lon)}";
                    var gap = Duration(scan.At - previous.At);
                    return new VerificationReason(
                        "scans.impossible_travel",
                        $"This code was scanned in {from} and in {to}, {Number(Math.Round(km))} km apart, within {gap.En}. One pack cannot travel that fast: the code may have been copied.",
                        $"此码先后在{from}和{to}被扫描，两地相距 {Number(Math.Round(km))} 公里，间隔仅 {gap.Zh}。同一件商品不可能移动这么快：此码可能被复制。");
                }
            }

            previous = scan;
        }

        return null;
    }

    /// <summary>A gap or window as people say it: whole minutes under 90 minutes (at least one), else hours to one decimal.</summary>
    private static (string En, string Zh) Duration(TimeSpan t)
    {
        if (t.TotalMinutes < 90)
        {
            var minutes = Math.Max(1, Math.Round(t.TotalMinutes));
            return ($"{Number(minutes)} minute{(minutes == 1 ? string.Empty : "s")}", $"{Number(minutes)} 分钟");
        }

        var hours = Math.Round(t.TotalHours, 1);
        return ($"{Number(hours)} hours", $"{Number(hours)} 小时");
    }

    private static string Number(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
