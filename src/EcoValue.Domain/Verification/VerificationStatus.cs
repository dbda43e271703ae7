namespace EcoValue.Domain.Verification;

/// <summary>
/// What a scan answers, in DESIGN.md's order of severity ("Verification"): the first that applies wins, so a revoked
/// licence is never hidden behind "genuine" and a tampered record never behind "revoked". The numeric order is that
/// severity (lower is worse); clients should use the names, which are stable.
/// </summary>
public enum VerificationStatus
{
    /// <summary>No such code: possibly counterfeit.</summary>
    Unknown = 0,

    /// <summary>Stored content no longer matches its anchored hash.</summary>
    Tampered = 1,

    /// <summary>The producer's licence for the brand the batch bears was revoked.</summary>
    Revoked = 2,

    /// <summary>The licence is suspended.</summary>
    Suspended = 3,

    /// <summary>The licence's validity has ended.</summary>
    Expired = 4,

    /// <summary>The batch was recalled.</summary>
    Recalled = 5,

    /// <summary>The item's scans look like a copied code (too many, or too far apart too quickly).</summary>
    Suspicious = 6,

    /// <summary>Recorded, not yet anchored on chain.</summary>
    Pending = 7,

    /// <summary>Known, untouched, anchored, licensed (or carrying no brand), not recalled, scans plausible.</summary>
    Genuine = 8,
}

/// <summary>Where the licence behind a branded batch stands today (none when the batch carries no brand).</summary>
public enum LicenceStanding
{
    None,
    Valid,
    Suspended,
    Revoked,
    Expired,
}

/// <summary>A reason behind a status, said in both languages; <paramref name="Code"/> is stable for clients.</summary>
public sealed record VerificationReason(string Code, string En, string Zh);

/// <summary>The facts a verdict is drawn from, gathered by the caller (database, proofs, scan log).</summary>
/// <param name="Known">The code names a batch or item this system issued.</param>
/// <param name="Tampered">Why stored content no longer matches what was anchored (empty when intact).</param>
/// <param name="Licence">The licence's standing on the day of the scan.</param>
/// <param name="RecallReason">The recall's reason as the admin wrote it, or null.</param>
/// <param name="Clones">The scan pattern's assessment for an item; null for a batch link.</param>
/// <param name="Pending">Some record shown is not yet anchored with the configured confirmations.</param>
public sealed record VerificationFacts(
    bool Known,
    IReadOnlyList<VerificationReason> Tampered,
    LicenceStanding Licence,
    string? RecallReason,
    CloneAssessment? Clones,
    bool Pending);

/// <summary>The answer: the status and every reason that applies (worst first), not only the winning one.</summary>
public sealed record Verdict(VerificationStatus Status, IReadOnlyList<VerificationReason> Reasons)
{
    /// <summary>Applies DESIGN.md's order. Every applicable reason is kept so the page can say, e.g., "revoked, and also recalled".</summary>
    public static Verdict Decide(VerificationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(facts.Tampered, nameof(facts.Tampered));
        if (!facts.Known)
        {
            return new Verdict(VerificationStatus.Unknown, [new("unknown", "This code was never issued by this system. The product may be counterfeit.", "本系统从未签发过此码，商品可能是假冒的。")]);
        }

        var found = new List<(VerificationStatus Status, VerificationReason Reason)>();
        found.AddRange(facts.Tampered.Select(r => (VerificationStatus.Tampered, r)));
        switch (facts.Licence)
        {
            case LicenceStanding.Revoked:
                found.Add((VerificationStatus.Revoked, new("licence.revoked", "The producer's licence for this brand has been revoked.", "生产者的品牌使用许可已被撤销。")));
                break;
            case LicenceStanding.Suspended:
                found.Add((VerificationStatus.Suspended, new("licence.suspended", "The producer's licence for this brand is suspended.", "生产者的品牌使用许可已被暂停。")));
                break;
            case LicenceStanding.Expired:
                found.Add((VerificationStatus.Expired, new("licence.expired", "The producer's licence for this brand has expired.", "生产者的品牌使用许可已过期。")));
                break;
        }

        if (facts.RecallReason is { } recall)
        {
            found.Add((VerificationStatus.Recalled, string.IsNullOrWhiteSpace(recall)
                ? new("batch.recalled", "This batch has been recalled.", "该批次已被召回。")
                : new("batch.recalled", $"This batch has been recalled: {recall.Trim()}", $"该批次已被召回：{recall.Trim()}")));
        }

        if (facts.Clones is { Suspicious: true } clones)
        {
            // An assessment that says "suspicious" without saying why still must not read as genuine.
            found.AddRange(clones.Reasons.Count > 0
                ? clones.Reasons.Select(r => (VerificationStatus.Suspicious, r))
                : [(VerificationStatus.Suspicious, new("scans.suspicious", "This code's scans look like a copied code.", "此码的扫描记录像是被复制的码。"))]);
        }

        if (facts.Pending)
        {
            found.Add((VerificationStatus.Pending, new("pending", "Recorded, but not yet anchored on the blockchain; the proof will be ready within minutes.", "已记录，但尚未上链存证；证明将在几分钟内生成。")));
        }

        if (found.Count == 0)
        {
            return new Verdict(VerificationStatus.Genuine, []);
        }

        var ordered = found.OrderBy(f => f.Status).ToList();
        return new Verdict(ordered[0].Status, [.. ordered.Select(f => f.Reason)]);
    }
}
