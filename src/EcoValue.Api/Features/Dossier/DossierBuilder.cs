using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Anchoring.Proofs;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.Verification;
using EcoValue.Data.Certification;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Ethereum;

namespace EcoValue.Api.Features.Dossier;

/// <summary>
/// Gathers a batch's dossier: what a scan of the batch shows (<see cref="BatchPart"/>: the public facts and a proof
/// for every record shown), plus the licence's signed credential, its standard and the summary of the evaluation
/// behind it. Read in a few queries; no chain call (the proofs carry the anchoring facts, a reader checks them).
/// </summary>
public sealed class DossierBuilder(
    RegistryRepository registry,
    PublicFactsRepository facts,
    ProofBuilder proofs,
    CertificationRepository certification,
    CertificationResources resources,
    VerificationService verification,
    TimeProvider time)
{
    /// <summary>The dossier of <paramref name="batchId"/> if <paramref name="scope"/> sees it, else null (404).</summary>
    public async Task<BatchDossier?> BuildAsync(string batchId, Scope scope, string baseUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (batchId is not { Length: > 0 and <= 64 }
            || await registry.GetBatchAsync(batchId, scope, ct).ConfigureAwait(false) is not { } batch
            || await BatchPart.BuildAsync(batch, facts, proofs, resources.Catalog, ct).ConfigureAwait(false) is not { } part)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var b = part.BatchView;
        var link = Gtin.TryParse(b.Gtin, out var gtin) ? DigitalLink.ForBatch(gtin, b.Lot).ToUri(baseUrl) : string.Empty;
        var p = part.Producer;
        var licence = part.LicenceFor(now, baseUrl) is { } view && part.Licence is { } row
            ? await LicenceAsync(view, row, ct).ConfigureAwait(false)
            : null;
        return new BatchDossier(
            b.Id,
            BatchPart.Stamp(now),
            new DossierBatch(b.Id, b.Gtin, b.Lot, b.Product, b.Category, b.HarvestDate, b.Quantity, b.Unit, link),
            new DossierProducer(p.Id, p.Name, p.Region),
            p.PlotName is null && p.PlotRegion is null ? null : new DossierPlot(p.PlotName, p.PlotRegion),
            licence,
            part.Journey,
            part.LabResults,
            part.Recall,
            part.Proofs,
            await verification.ChainAsync(ct).ConfigureAwait(false));
    }

    private async Task<DossierLicence> LicenceAsync(LicenceView view, PublicLicenceRow row, CancellationToken ct)
    {
        var standard = resources.Catalog.ByHash(row.StandardHash);
        var stored = await certification.GetLicenceAsync(row.LicenceId, CertificationScope.All, ct).ConfigureAwait(false);
        JsonElement? credential = null;
        DossierEvaluation? evaluation = null;
        if (stored is not null)
        {
            using (var document = JsonDocument.Parse(stored.Document))
            {
                credential = document.RootElement.Clone();
            }

            if (await certification.GetApplicationAsync(stored.ApplicationId, CertificationScope.All, ct).ConfigureAwait(false) is { Evaluation: { } report } application)
            {
                evaluation = Summary(application.Id, report, application.DecidedAt);
            }
        }

        return new DossierLicence(
            view.Id, view.Brand, view.Status, view.StatusReason, view.ValidFrom, view.ValidUntil, view.Certifier,
            new DossierStandard(row.StandardId, row.StandardVersion, row.StandardHash, standard is null ? null : new Bilingual(standard.Title.En, standard.Title.Zh)),
            view.VerifyUrl, stored?.DocumentHash, credential, evaluation);
    }

    /// <summary>
    /// The stored report reduced to its public lines. The hash is over the whole report, as the decision record's
    /// <c>evaluation.hash</c>: the summary can be tied to the anchored decision without showing the facts.
    /// </summary>
    internal static DossierEvaluation Summary(string applicationId, string reportJson, string? decidedAt)
    {
        var report = JsonNode.Parse(reportJson)!.AsObject();
        var criteria = new List<CriterionSummary>();
        if (report["results"] is JsonArray results)
        {
            foreach (var line in results.OfType<JsonObject>())
            {
                criteria.Add(new CriterionSummary(
                    (string?)line["criterion"] ?? string.Empty,
                    (string?)line["kind"] ?? string.Empty,
                    new Bilingual((string?)line["title"]?["en"] ?? string.Empty, (string?)line["title"]?["zh"] ?? string.Empty),
                    (string?)line["outcome"] ?? string.Empty));
            }
        }

        return new DossierEvaluation(applicationId, (string?)report["overall"] ?? string.Empty, (string?)report["asOf"],
            Hex.Encode(Keccak.Hash(Jcs.Canonicalize(report))), decidedAt, criteria);
    }
}
