using System.Text.Json;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Features.Dossier;

// A batch's provenance dossier (docs/dossier.md, issue 7): one model rendered as JSON, HTML and PDF. Public fields
// only, the same the consumer page shows (no contacts, no plot coordinates, no input details, no certifier notes),
// so a buyer may take it home and show it to anyone. Every record shown comes with its proof, checkable offline:
// keccak256(envelope) = recordHash, leaf = keccak(keccak(recordHash)), proof -> root, root anchored on
// chain.contract in transactionHash.

/// <summary>The dossier of one batch at <see cref="GeneratedAt"/>.</summary>
public sealed record BatchDossier(
    string BatchId,
    string GeneratedAt,
    DossierBatch Batch,
    DossierProducer Producer,
    DossierPlot? Plot,
    DossierLicence? Licence,
    IReadOnlyList<JourneyStepView> Journey,
    IReadOnlyList<LabResultView> LabResults,
    RecallView? Recall,
    IReadOnlyList<RecordProofView> Proofs,
    ChainView Chain);

/// <summary>The batch as registered, with its GS1 Digital Link (the code on its labels).</summary>
public sealed record DossierBatch(
    string Id, string Gtin, string Lot, string Product, string Category, string HarvestDate, double Quantity, string Unit, string DigitalLink);

/// <summary>The producer as published: name and region (contacts stay private).</summary>
public sealed record DossierProducer(string Id, string Name, RegionView Region);

/// <summary>The batch's plot: name and region only, never its coordinates.</summary>
public sealed record DossierPlot(string? Name, RegionView? Region);

/// <summary>The standard a licence was granted against, named by the hash of its exact text.</summary>
public sealed record DossierStandard(string Id, string Version, string Hash, Bilingual? Title);

/// <summary>
/// The licence behind the brand the batch carries: its standing now, the signed W3C VC 2.0 credential as stored
/// (checkable with no service: its EIP-712 proof recovers the certifier, <see cref="CredentialHash"/> is what
/// LicenceRegistry holds) and the evaluation that led to it.
/// </summary>
public sealed record DossierLicence(
    string Id, BrandView Brand, string Status, string? StatusReason, string ValidFrom, string ValidUntil, string Certifier,
    DossierStandard Standard, string VerifyUrl, string? CredentialHash, JsonElement? Credential, DossierEvaluation? Evaluation);

/// <summary>
/// What the certifier decided on: per criterion its outcome, without the facts (they name plots, inputs and
/// documents). <see cref="ReportHash"/> is keccak256(JCS(report)), the hash the anchored decision record carries.
/// </summary>
public sealed record DossierEvaluation(
    string ApplicationId, string Overall, string? AsOf, string ReportHash, string? DecidedAt, IReadOnlyList<CriterionSummary> Criteria);

/// <summary>One criterion's line: pass, fail, missing_evidence or not_applicable.</summary>
public sealed record CriterionSummary(string Criterion, string Kind, Bilingual Title, string Outcome);
