using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Certification;
using EcoValue.Data.Certification;

namespace EcoValue.Api.Features.Certification;

// What the certification routes return. Entries carry their version and the id of their newest record (its proof:
// GET /api/v1/records/{recordId}/proof), and entries that live on chain their chain state: the newest LicenceRegistry
// operation about them, pending -> sent -> confirmed | failed, with its transaction and the contract's error.

/// <summary>The newest chain operation about an entry: what it does, how far it got, its transaction and block, and why it failed.</summary>
public sealed record ChainStateResponse(string Operation, string Status, string? TxHash, long? BlockNumber, string? Error, string? ErrorName, long Attempts, string UpdatedAt)
{
    public static ChainStateResponse? From(ChainOperationRow? op) => op is null ? null : new(
        op.Kind, op.Status, op.TxHash, op.BlockNumber, op.Error,
        op.Status == "failed" && op.Error is { } e && e.IndexOf('(', StringComparison.Ordinal) is > 0 and var paren && e[..paren].All(char.IsAsciiLetterOrDigit) ? e[..paren] : null,
        op.Attempts, op.UpdatedAt);
}

public sealed record LocalizedName(string Zh, string En);

public sealed record StandardRefResponse(string Id, string Version, string Hash, LocalizedName? Title);

public sealed record BrandResponse(
    string Id, LocalizedName Name, StandardRefResponse Standard, string ChainId, string MetadataUri, long Version, string RecordId,
    ChainStateResponse? Chain, string CreatedAt, string UpdatedAt)
{
    public static BrandResponse From(BrandRow r, Standard? standard, ChainOperationRow? op) => new(
        r.Id, new LocalizedName(r.NameZh, r.NameEn),
        new StandardRefResponse(r.StandardId, r.StandardVersion, r.StandardHash, standard is null ? null : new LocalizedName(standard.Title.Zh, standard.Title.En)),
        r.ChainIdHash, r.MetadataUri, r.Version, r.RecordId, ChainStateResponse.From(op), r.CreatedAt, r.UpdatedAt);
}

public sealed record AccreditationResponse(
    string BrandId, string UserId, string? Username, string Address, string Status, long Version, string RecordId, ChainStateResponse? Chain, string CreatedAt, string UpdatedAt)
{
    public static AccreditationResponse From(AccreditationRow r, string? username, ChainOperationRow? op) => new(
        r.BrandId, r.UserId, username, r.Address, r.Status, r.Version, r.RecordId, ChainStateResponse.From(op), r.CreatedAt, r.UpdatedAt);
}

public sealed record DecisionResponse(string Status, string? By, string? At, string? Notes, string? Overall);

public sealed record ApplicationResponse(
    string Id, string ProducerId, string BrandId, IReadOnlyList<string> Plots, IReadOnlyList<string> Categories, string? Notes, string Status,
    DecisionResponse? Decision, string? LicenceId, long Version, string RecordId, string CreatedAt, string UpdatedAt)
{
    public static ApplicationResponse From(ApplicationRow r) => new(
        r.Id, r.ProducerId, r.BrandId, Strings(r.Plots), Strings(r.Categories), r.Notes, r.Status,
        r.DecidedAt is null ? null : new DecisionResponse(r.Status, r.DecidedBy, r.DecidedAt, r.DecisionNotes, r.Evaluation is null ? null : (string?)JsonNode.Parse(r.Evaluation)?["overall"]),
        r.LicenceId, r.Version, r.RecordId, r.CreatedAt, r.UpdatedAt);

    internal static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
}

/// <summary>The evaluation report (docs/certification.md); <c>live</c> when computed now (a submitted application), else the one the decision was taken on.</summary>
public sealed record EvaluationResponse(string ApplicationId, string Status, bool Live, JsonElement Report);

public sealed record LicenceEventResponse(string Action, string Status, string? Reason, string UserId, string At, string RecordId);

public sealed record QuotaResponse(string Category, string Season, double QuantityKg, double ClaimedKg, double RemainingKg);

public sealed record LicenceResponse(
    string Id, string ChainId, string ApplicationId, string ProducerId, string BrandId, string CertifierUserId, string CertifierAddress,
    string StandardHash, string ValidFrom, string ValidUntil, string DocumentHash, string Status, long Version, string RecordId,
    ChainStateResponse? Chain, string CreatedAt, string UpdatedAt)
{
    public static LicenceResponse From(LicenceRow r, ChainOperationRow? op) => new(
        r.Id, r.ChainIdHash, r.ApplicationId, r.ProducerId, r.BrandId, r.CertifierUserId, r.CertifierAddress, r.StandardHash, r.ValidFrom,
        r.ValidUntil, r.DocumentHash, r.Status, r.Version, r.RecordId, ChainStateResponse.From(op), r.CreatedAt, r.UpdatedAt);
}

/// <summary>One licence in full: the signed credential exactly as stored (hashed and signed), its history, quota use and chain operations.</summary>
public sealed record LicenceDetailResponse(
    LicenceResponse Licence, JsonElement Credential, IReadOnlyList<LicenceEventResponse> History, IReadOnlyList<QuotaResponse> Quota,
    IReadOnlyList<ChainStateResponse> Operations);

/// <summary>What the chain says about a licence (one eth_call each), or why it could not be asked.</summary>
public sealed record ChainLicenceResponse(
    bool Reachable, string? Status, bool? ValidNow, string? Certifier, string? DocumentHash, bool? DocumentHashMatches, bool? CertifierMatchesProof, string? Error);

/// <summary>The credential's own proof, checked with no chain: who signed it (recovered), or why it does not hold.</summary>
public sealed record ProofCheckResponse(bool Valid, string? Certifier, string? DocumentHash, string? Error);

/// <summary>
/// Anyone's check of a licence: the service's record of it, the proof in its document, and LicenceRegistry's answer.
/// <c>verdict</c>: valid, suspended, revoked, expired, pending (not on chain yet), failed (the chain refused it),
/// tampered (the document no longer matches what was signed or what the chain holds), unverifiable (chain unreachable).
/// </summary>
public sealed record LicenceVerifyResponse(
    string LicenceId, string ChainId, string BrandId, string Status, string ValidFrom, string ValidUntil, ProofCheckResponse Proof,
    ChainLicenceResponse Chain, ChainStateResponse? Operation, string Verdict, string CheckedAt, JsonElement Credential);

public sealed record BrandClaimResponse(string BatchId, string BrandId, string LicenceId, string Category, string Season, double QuantityKg, string RecordId, string CreatedAt)
{
    public static BrandClaimResponse From(BrandClaimRow r) => new(r.BatchId, r.BrandId, r.LicenceId, r.Category, r.Season, r.QuantityKg, r.RecordId, r.CreatedAt);
}

public sealed record EligibilityFailureResponse(string Rule, string? LicenceId, string? Criterion, string Message);

public sealed record EligibilityResponse(
    string BrandId, bool Eligible, string? LicenceId, string? Season, QuotaResponse? Quota, double? RequestedKg,
    IReadOnlyList<EligibilityFailureResponse> Failures, JsonElement? Evaluation);

/// <summary>A batch's brand: the claim it carries (if any) and, per brand asked about, whether it may carry it and why not.</summary>
public sealed record BatchBrandResponse(string BatchId, BrandClaimResponse? Claim, IReadOnlyList<EligibilityResponse> Eligibility);
