namespace EcoValue.Certification;

/// <summary>Text the product shows in both of its languages (a title, a brand name, a reason).</summary>
public sealed record LocalizedText(string Zh, string En)
{
    /// <summary>The text in the language asked for: Chinese when <paramref name="chinese"/>, English otherwise.</summary>
    public string In(bool chinese) => chinese ? Zh : En;
}

/// <summary>The public brand a standard belongs to (热带雨林国家公园, 海南绿色低碳, 白沙良食 …).</summary>
public sealed record BrandInfo(string Id, LocalizedText Name);

/// <summary>
/// The most a plot may yield of one category in one season, in kg per mu (亩). The certified quantity of a licence is
/// plot area × this cap (DESIGN.md "Quota"). <see cref="Illustrative"/> says the number is a placeholder chosen by
/// the standard's author, not a figure taken from a published source.
/// </summary>
public sealed record YieldCap(string Category, decimal KgPerMu, bool Illustrative, string? Note);

/// <summary>
/// A brand standard loaded from one file of certification-rules/: what it covers, how long a licence lasts, the
/// yield caps that bound a licence's quota, and the typed criteria an evaluation checks. Immutable; the
/// <see cref="Hash"/> names this exact text on chain, so two parties holding the same hash judged by the same rules.
/// Load one with <see cref="StandardLoader"/> or a folder of them with <see cref="StandardCatalog"/>.
/// </summary>
public sealed class Standard
{
    internal Standard(
        string id,
        string version,
        LocalizedText title,
        BrandInfo brand,
        IReadOnlyList<string> categories,
        int validityMonths,
        int lookbackDays,
        SeasonStart seasonStart,
        IReadOnlyList<YieldCap> yieldCaps,
        IReadOnlyList<Criterion> criteria,
        string hash,
        string canonicalJson,
        string sourceFile)
    {
        Id = id;
        Version = version;
        Title = title;
        Brand = brand;
        Categories = categories;
        ValidityMonths = validityMonths;
        LookbackDays = lookbackDays;
        SeasonStart = seasonStart;
        YieldCaps = yieldCaps;
        Criteria = criteria;
        Hash = hash;
        CanonicalJson = canonicalJson;
        SourceFile = sourceFile;
    }

    /// <summary>The standard's slug, e.g. <c>baisha-liangshi-tea</c>; the file is named after it.</summary>
    public string Id { get; }

    /// <summary>major.minor.patch as written in the file.</summary>
    public string Version { get; }

    public LocalizedText Title { get; }

    public BrandInfo Brand { get; }

    /// <summary>The product categories a licence under this standard may cover (batch.category slugs).</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>How long a licence granted against this standard is valid, in months from its grant.</summary>
    public int ValidityMonths { get; }

    /// <summary>How far back a producer-level evaluation looks at batches, inputs and lab results, in days.</summary>
    public int LookbackDays { get; }

    /// <summary>The month and day a quota season starts; a season is the twelve months from there.</summary>
    public SeasonStart SeasonStart { get; }

    public IReadOnlyList<YieldCap> YieldCaps { get; }

    /// <summary>The criteria in file order; each has an id unique within the standard.</summary>
    public IReadOnlyList<Criterion> Criteria { get; }

    /// <summary>keccak256 of the RFC 8785 canonical JSON form of the file, as <c>0x</c> + 64 lower-case hex (bytes32).</summary>
    public string Hash { get; }

    /// <summary>The RFC 8785 canonical JSON the hash is taken over (what a metadata URI may serve so anyone can re-hash it).</summary>
    public string CanonicalJson { get; }

    /// <summary>The file the standard was read from, as the caller named it (for messages, never for identity).</summary>
    public string SourceFile { get; }

    /// <summary>The yield cap for a category, or null when the category is not in this standard's scope.</summary>
    public YieldCap? CapFor(string category) => YieldCaps.FirstOrDefault(c => string.Equals(c.Category, category, StringComparison.Ordinal));

    public bool Covers(string category) => Categories.Contains(category, StringComparer.Ordinal);

    /// <summary>The quota season a date (a harvest date) falls in.</summary>
    public Season SeasonOf(DateOnly date) => Season.Containing(SeasonStart, date);

    /// <summary>The last day a licence granted on <paramref name="grantedOn"/> is valid (the day before the anniversary).</summary>
    public DateOnly LicenceValidUntil(DateOnly grantedOn) => grantedOn.AddMonths(ValidityMonths).AddDays(-1);

    public override string ToString() => $"{Id} {Version} ({Hash})";
}
