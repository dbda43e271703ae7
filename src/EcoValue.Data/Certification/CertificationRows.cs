namespace EcoValue.Data.Certification;

// Rows as the certification tables hold them (migration 5, CertificationSchema). JSON columns stay JSON text here;
// the API shapes them.

public sealed record BrandRow(
    string Id, string RecordId, long Version, string NameZh, string NameEn, string StandardId, string StandardVersion,
    string StandardHash, string ChainIdHash, string MetadataUri, string CreatedAt, string UpdatedAt);

public sealed record CertifierKeyRow(string UserId, string Address, string SealedKey, string CreatedAt);

public sealed record AccreditationRow(
    string BrandId, string UserId, string Address, string Status, string RecordId, long Version, string CreatedAt, string UpdatedAt);

public sealed record ApplicationRow(
    string Id, string ProducerId, string BrandId, string RecordId, long Version, string Plots, string Categories, string? Notes,
    string Status, string? Evaluation, string? DecisionNotes, string? DecidedBy, string? DecidedAt, string? LicenceId,
    string CreatedAt, string UpdatedAt);

public sealed record LicenceRow(
    string Id, string ChainIdHash, string ApplicationId, string ProducerId, string BrandId, string CertifierUserId,
    string CertifierAddress, string StandardHash, string ValidFrom, string ValidUntil, string Document, string DocumentHash,
    string Status, string RecordId, long Version, string CreatedAt, string UpdatedAt);

public sealed record LicenceEventRow(long Seq, string LicenceId, string Action, string Status, string? Reason, string UserId, string At, string RecordId);

/// <summary>A licence's certified quantity for one category and season, and how much batches have claimed of it.</summary>
public sealed record QuotaRow(string LicenceId, string Category, string Season, double QuantityKg, double ClaimedKg)
{
    public double RemainingKg => QuantityKg - ClaimedKg;
}

public sealed record BrandClaimRow(string BatchId, string LicenceId, string BrandId, string Category, string Season, double QuantityKg, string RecordId, string CreatedAt);

public sealed record ChainOperationRow(
    long Id, string Kind, string Subject, string Payload, string Status, string? TxHash, long? BlockNumber, string? Error,
    long Attempts, string CreatedAt, string UpdatedAt);

/// <summary>A licence to insert at approval, with its quota per category and season.</summary>
public sealed record NewLicence(
    string Id, string ChainIdHash, string CertifierUserId, string CertifierAddress, string StandardHash, string ValidFrom,
    string ValidUntil, string Document, string DocumentHash, IReadOnlyList<(string Category, string Season, double QuantityKg)> Quota);

/// <summary>A chain operation to queue with a decision (same transaction), for the relayer.</summary>
public sealed record NewChainOperation(string Kind, string Subject, string Payload);

/// <summary>
/// What a caller may see: a farmer its producer's applications and licences; a certifier those of the brands it is
/// accredited for (actively); an admin everything. Out of scope is "not found" (404), as in the registry.
/// </summary>
public readonly record struct CertificationScope(string? ProducerId, string? CertifierUserId)
{
    public static CertificationScope All => new(null, null);

    public static CertificationScope Producer(string producerId) => new(producerId, null);

    public static CertificationScope Certifier(string userId) => new(null, userId);
}

/// <summary>A decision that the current state does not allow (deciding twice, reinstating a revoked licence, …).</summary>
public sealed class CertificationStateException(string code, string message) : Exception(message)
{
    /// <summary>Stable code for the problem type: application.decided, licence.transition, brand.exists, …</summary>
    public string Code { get; } = code;
}

/// <summary>A brand claim beyond the licence's certified quantity for the category and season (mass balance).</summary>
public sealed class QuotaExceededException(string licenceId, string category, string season, double quotaKg, double claimedKg, double requestedKg)
    : Exception($"licence {licenceId} certifies {quotaKg} kg of {category} for season {season}; {claimedKg} kg are claimed already, {requestedKg} kg more would exceed it")
{
    public string LicenceId { get; } = licenceId;

    public string Category { get; } = category;

    public string Season { get; } = season;

    public double QuotaKg { get; } = quotaKg;

    public double ClaimedKg { get; } = claimedKg;

    public double RequestedKg { get; } = requestedKg;
}
