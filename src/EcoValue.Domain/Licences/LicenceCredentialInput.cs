using System.Globalization;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Licences;

/// <summary>The certifier who signs the licence: its account (the did:pkh issuer) and display name.</summary>
public sealed record LicenceIssuer(Address Address, string Name);

/// <summary>An identified party or thing named in the licence (the producer who holds it, the brand).</summary>
public sealed record LicenceParty(string Id, string Name);

/// <summary>The standard the licence was judged by: its id and version, and its canonical hash (32 bytes) as registered on chain.</summary>
public sealed record LicenceStandardRef(string Id, string Version, byte[] Hash)
{
    public bool Equals(LicenceStandardRef? other) =>
        other is not null && Id == other.Id && Version == other.Version && Hash.AsSpan().SequenceEqual(other.Hash);

    public override int GetHashCode() => HashCode.Combine(Id, Version);
}

/// <summary>What the licence covers: the producer's plots and the product categories.</summary>
public sealed record LicenceScope(IReadOnlyList<string> Plots, IReadOnlyList<string> Categories)
{
    public bool Equals(LicenceScope? other) =>
        other is not null && Plots.SequenceEqual(other.Plots) && Categories.SequenceEqual(other.Categories);

    public override int GetHashCode() => HashCode.Combine(Plots.Count, Categories.Count);
}

/// <summary>The certified quantity of one category in one season (DESIGN.md "Quota": plot area x the standard's yield cap).</summary>
public sealed record LicenceQuota(string Category, string Season, decimal QuantityKg);

/// <summary>
/// Everything a licence document says, as plain values: what <see cref="LicenceCredential.Build"/> takes and what
/// <see cref="LicenceCredential.Read"/> gives back. Times must be whole seconds (the chain stores Unix seconds);
/// <see cref="ValidUntil"/> is exclusive, as on chain.
/// </summary>
public sealed record LicenceCredentialInput(
    Guid LicenceKey,
    LicenceRegistryDomain Registry,
    LicenceIssuer Issuer,
    LicenceParty Holder,
    LicenceParty Brand,
    LicenceStandardRef Standard,
    LicenceScope Scope,
    IReadOnlyList<LicenceQuota> Quota,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil)
{
    public const int MaxName = 200;
    public const int MaxId = 200;
    public const int MaxShort = 50;
    public const int MaxPlots = 1000;
    public const int MaxCategories = 100;
    public const int MaxQuota = 1000;
    public const decimal MaxQuantityKg = 1_000_000_000_000m;

    /// <summary>The licence document's id, <c>urn:ecovalue:licence:{uuid}</c>.</summary>
    public string Id => LicenceIds.LicenceUrn(LicenceKey);

    public bool Equals(LicenceCredentialInput? other) =>
        other is not null && LicenceKey == other.LicenceKey && Registry == other.Registry && Issuer == other.Issuer
        && Holder == other.Holder && Brand == other.Brand && Standard == other.Standard && Scope == other.Scope
        && Quota.SequenceEqual(other.Quota) && ValidFrom == other.ValidFrom && ValidUntil == other.ValidUntil;

    public override int GetHashCode() => LicenceKey.GetHashCode();

    /// <summary>Every problem with the input at once, in English and Chinese; nothing is thrown when it is valid.</summary>
    public void Validate()
    {
        var errors = new FieldErrors();
        if (LicenceKey == Guid.Empty)
        {
            errors.Add("licenceKey", "required", "is required", "必填");
        }

        if (Registry is null || Registry.ChainId == 0 || Registry.VerifyingContract == Address.Zero)
        {
            errors.Add("registry", "licence.registry", "must name a chain id and the LicenceRegistry contract", "必须指明链 ID 和 LicenceRegistry 合约地址");
        }

        if (Issuer is null || Issuer.Address == Address.Zero)
        {
            errors.Add("issuer.address", "required", "is required", "必填");
        }

        TextRules.Required(errors, "issuer.name", Issuer?.Name, MaxName);
        if (TextRules.Required(errors, "holder.id", Holder?.Id, MaxId) is { } holderId && !IsUri(holderId))
        {
            errors.Add("holder.id", "licence.holder_uri", "must be a URI such as urn:ecovalue:producer:…", "必须是 URI，例如 urn:ecovalue:producer:…");
        }

        TextRules.Required(errors, "holder.name", Holder?.Name, MaxName);
        TextRules.Required(errors, "brand.id", Brand?.Id, MaxId);
        TextRules.Required(errors, "brand.name", Brand?.Name, MaxName);
        TextRules.Required(errors, "standard.id", Standard?.Id, MaxId);
        TextRules.Required(errors, "standard.version", Standard?.Version, MaxShort);
        if (Standard?.Hash is not { Length: 32 } hash || !hash.AsSpan().ContainsAnyExcept((byte)0))
        {
            errors.Add("standard.hash", "licence.standard_hash", "must be the standard's 32-byte canonical hash", "必须是标准的 32 字节规范哈希");
        }

        var categories = ValidateScope(errors);
        ValidateQuota(errors, categories);
        ValidateTimes(errors);
        errors.ThrowIfAny();
    }

    private HashSet<string> ValidateScope(FieldErrors errors)
    {
        var categories = new HashSet<string>(StringComparer.Ordinal);
        if (Scope is null)
        {
            errors.Add("scope", "required", "is required", "必填");
            return categories;
        }

        List("scope.plots", Scope.Plots, MaxPlots, MaxId, errors, new HashSet<string>(StringComparer.Ordinal));
        List("scope.categories", Scope.Categories, MaxCategories, MaxShort, errors, categories);
        return categories;
    }

    private static void List(string field, IReadOnlyList<string>? items, int maxCount, int maxLength, FieldErrors errors, HashSet<string> seen)
    {
        if (items is null || items.Count == 0)
        {
            errors.Add(field, "required", "needs at least one entry", "至少需要一项");
            return;
        }

        if (items.Count > maxCount)
        {
            errors.Add(field, "too_many", $"has more than {maxCount} entries", $"超过 {maxCount} 项");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (TextRules.Required(errors, path, items[i], maxLength) is { } item && !seen.Add(item))
            {
                errors.Add(path, "duplicate", "is listed twice", "重复列出");
            }
        }
    }

    private void ValidateQuota(FieldErrors errors, HashSet<string> categories)
    {
        if (Quota is null)
        {
            errors.Add("quota", "required", "is required (it may be empty)", "必填（可以为空列表）");
            return;
        }

        if (Quota.Count > MaxQuota)
        {
            errors.Add("quota", "too_many", $"has more than {MaxQuota} entries", $"超过 {MaxQuota} 项");
            return;
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < Quota.Count; i++)
        {
            var path = $"quota[{i.ToString(CultureInfo.InvariantCulture)}]";
            var q = Quota[i];
            if (q is null)
            {
                errors.Add(path, "required", "is required", "必填");
                continue;
            }

            var category = TextRules.Required(errors, path + ".category", q.Category, MaxShort);
            if (category is not null && !categories.Contains(category))
            {
                errors.Add(path + ".category", "licence.quota_category", "is not one of the scope's categories", "不在许可范围的品类之内");
            }

            var season = TextRules.Required(errors, path + ".season", q.Season, MaxShort);
            if (q.QuantityKg < 0 || q.QuantityKg > MaxQuantityKg || decimal.Round(q.QuantityKg, 3) != q.QuantityKg)
            {
                errors.Add(path + ".quantityKg", "licence.quantity", "must be between 0 and 10^12 kg with at most 3 decimals", "必须在 0 到 10^12 千克之间，最多 3 位小数");
            }

            if (category is not null && season is not null && !seen.Add((category, season)))
            {
                errors.Add(path, "duplicate", "repeats a category and season listed before", "品类与季节重复");
            }
        }
    }

    private void ValidateTimes(FieldErrors errors)
    {
        foreach (var (field, time) in new[] { ("validFrom", ValidFrom), ("validUntil", ValidUntil) })
        {
            if (time.UtcTicks % TimeSpan.TicksPerSecond != 0 || time.ToUnixTimeSeconds() < 0)
            {
                errors.Add(field, "licence.time", "must be whole seconds, not before 1970", "必须精确到秒，且不早于 1970 年");
            }
        }

        if (ValidFrom >= ValidUntil)
        {
            errors.Add("validUntil", "licence.validity", "must be after validFrom", "必须晚于 validFrom");
        }
    }

    private static bool IsUri(string text) => Uri.TryCreate(text, UriKind.Absolute, out _) && text.Contains(':', StringComparison.Ordinal);
}
