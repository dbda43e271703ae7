namespace EcoValue.Certification.Evaluation;

/// <summary>The certified quantity of one category per season: scoped area (mu) × the standard's cap (kg/mu).</summary>
public sealed record CategoryQuota(string Category, decimal AreaMu, decimal KgPerMu, decimal CertifiedKg);

/// <summary>
/// The answer to "may this quantity carry the brand?": the season's certified and already claimed quantity, what this
/// claim asks, what would remain, and a reason in both languages. <see cref="Code"/> is stable:
/// <c>quota.within</c>, <c>quota.exceeded</c>, <c>quota.category</c> (category not licensed), <c>quota.unit</c>
/// (a quantity that is not a mass cannot be balanced).
/// </summary>
public sealed record QuotaCheck(
    string Category,
    string Season,
    decimal CertifiedKg,
    decimal ClaimedKg,
    decimal? RequestedKg,
    decimal RemainingKg,
    bool Allowed,
    string Code,
    LocalizedText Reason);

/// <summary>
/// A licence's mass balance (DESIGN.md "Quota"): per category and season, the brand may be claimed for at most
/// the sum of the scoped plots' areas × the standard's yield cap. Arithmetic is decimal so 0.1 + 0.2 is 0.3 and a
/// claim that exactly fills the quota is allowed.
/// </summary>
public sealed class LicenceQuota
{
    private LicenceQuota(Standard standard, decimal areaMu, IReadOnlyList<CategoryQuota> categories)
    {
        Standard = standard;
        AreaMu = areaMu;
        Categories = categories;
    }

    public Standard Standard { get; }

    /// <summary>Total scoped area in mu.</summary>
    public decimal AreaMu { get; }

    public IReadOnlyList<CategoryQuota> Categories { get; }

    /// <summary>The quota of a licence over plots of these areas (mu) for these categories.</summary>
    /// <exception cref="ArgumentException">An area is not a positive finite number, or a category is not in the standard.</exception>
    public static LicenceQuota For(Standard standard, IEnumerable<double> plotAreasMu, IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(plotAreasMu);
        ArgumentNullException.ThrowIfNull(categories);
        var area = 0m;
        foreach (var a in plotAreasMu)
        {
            if (!(a > 0 && a < 1e12))
            {
                throw new ArgumentException($"plot area {a} mu is not a positive number", nameof(plotAreasMu));
            }

            area += (decimal)a;
        }

        var quotas = new List<CategoryQuota>();
        foreach (var category in categories.Distinct(StringComparer.Ordinal))
        {
            var cap = standard.CapFor(category) ?? throw new ArgumentException($"standard {standard.Id} has no yield cap for category {category}", nameof(categories));
            quotas.Add(new CategoryQuota(category, area, cap.KgPerMu, area * cap.KgPerMu));
        }

        return new LicenceQuota(standard, area, quotas);
    }

    /// <summary>The certified kg per season of a category, or null when the licence does not cover it.</summary>
    public decimal? CertifiedKg(string category) => Categories.FirstOrDefault(q => q.Category == category)?.CertifiedKg;

    /// <summary>
    /// Would claiming <paramref name="quantity"/> <paramref name="unit"/> of <paramref name="category"/> in
    /// <paramref name="season"/>, on top of <paramref name="alreadyClaimedKg"/> already claimed that season, stay
    /// within the quota?
    /// </summary>
    public QuotaCheck Check(string category, Season season, decimal alreadyClaimedKg, double quantity, string unit)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(unit);
        if (alreadyClaimedKg < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alreadyClaimedKg), "claimed quantity cannot be negative");
        }

        var certified = CertifiedKg(category);
        Func<decimal, string> n = EvaluationContext.Num;
        if (certified is not { } quota)
        {
            return new QuotaCheck(category, season.Id, 0, alreadyClaimedKg, Units.ToKg(quantity, unit), 0, false, "quota.category",
                new LocalizedText($"许可不涵盖类别 {category}", $"the licence does not cover category {category}"));
        }

        var remaining = quota - alreadyClaimedKg;
        if (Units.ToKg(quantity, unit) is not { } kg || kg <= 0)
        {
            return new QuotaCheck(category, season.Id, quota, alreadyClaimedKg, null, remaining, false, "quota.unit",
                new LocalizedText($"数量 {quantity} {unit} 不是以质量单位（kg、g、t）计的正数，无法核算配额", $"{quantity} {unit} is not a positive mass (kg, g, t), so it cannot be balanced against the quota"));
        }

        return kg <= remaining
            ? new QuotaCheck(category, season.Id, quota, alreadyClaimedKg, kg, remaining - kg, true, "quota.within",
                new LocalizedText($"{season.Id} 季 {category} 配额 {n(quota)} kg，已用 {n(alreadyClaimedKg)} kg，本次 {n(kg)} kg，余 {n(remaining - kg)} kg", $"{category} quota for season {season.Id} is {n(quota)} kg; {n(alreadyClaimedKg)} kg claimed, {n(kg)} kg now, {n(remaining - kg)} kg left"))
            : new QuotaCheck(category, season.Id, quota, alreadyClaimedKg, kg, remaining, false, "quota.exceeded",
                new LocalizedText($"超出配额：{season.Id} 季 {category} 配额 {n(quota)} kg，已用 {n(alreadyClaimedKg)} kg，仅余 {n(Math.Max(remaining, 0))} kg，本次申请 {n(kg)} kg", $"over quota: {category} quota for season {season.Id} is {n(quota)} kg, {n(alreadyClaimedKg)} kg already claimed, {n(Math.Max(remaining, 0))} kg left, {n(kg)} kg asked"));
    }
}
