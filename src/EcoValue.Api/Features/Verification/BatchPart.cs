using System.Globalization;
using System.Text.Json;
using EcoValue.Anchoring.Proofs;
using EcoValue.Api.Features.Certification;
using EcoValue.Certification;
using EcoValue.Certification.Evaluation;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Verification;
using EcoValue.Ethereum;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The batch-level part of a view: all of it but the item and its scans, so it can be shared by every scan of the
/// batch for a few seconds (<see cref="VerificationCache"/>). The licence's standing and absolute URLs depend on the
/// moment and the request, so they are applied per request (<see cref="LicenceFor"/>).
/// </summary>
internal sealed record BatchPart(
    BatchRow Batch,
    BatchView BatchView,
    ProducerView Producer,
    IReadOnlyList<JourneyStepView> Journey,
    IReadOnlyList<LabResultView> LabResults,
    PublicLicenceRow? Licence,
    RecallView? Recall,
    IReadOnlyList<RecordProofView> Proofs,
    IReadOnlyList<VerificationReason> Tampered,
    bool Pending)
{
    /// <summary>The licence's standing at <paramref name="now"/>: its stored status, and expired once its validity has ended.</summary>
    public LicenceStanding Standing(DateTimeOffset now) => Licence switch
    {
        null => LicenceStanding.None,
        { Status: "revoked" } => LicenceStanding.Revoked,
        { Status: "suspended" } => LicenceStanding.Suspended,
        var l when now >= LicenceCalendar.ParseStamp(l.ValidUntil) => LicenceStanding.Expired,
        _ => LicenceStanding.Valid,
    };

    public LicenceView? LicenceFor(DateTimeOffset now, string baseUrl) => Licence is not { } l
        ? null
        : new LicenceView(l.LicenceId, new BrandView(l.BrandId, l.BrandNameZh, l.BrandNameEn), l.StandardId, l.StandardVersion,
            Standing(now).ToString().ToLowerInvariant(), l.ValidFrom, l.ValidUntil, l.CertifierAddress, l.StatusReason,
            $"{baseUrl}/api/v1/licences/{Uri.EscapeDataString(l.LicenceId)}/verify");

    /// <summary>Reads and proves everything a scan of <paramref name="batch"/> shows at batch level.</summary>
    public static async Task<BatchPart?> BuildAsync(BatchRow batch, PublicFactsRepository facts, ProofBuilder proofs, StandardCatalog standards, CancellationToken ct)
    {
        if (await facts.ReadAsync(batch.Id, ct).ConfigureAwait(false) is not { } f)
        {
            return null;
        }

        var shown = new List<(string Role, string RecordId)> { ("batch", batch.RecordId) };
        shown.AddRange(f.Journey.Select(e => ("field-event", e.RecordId)));
        shown.AddRange(f.LabResults.Select(l => ("lab-result", l.RecordId)));
        if (f.Licence is { } licence)
        {
            shown.Add(("licence", licence.LicenceRecordId));
            shown.Add(("brand-claim", licence.ClaimRecordId));
        }

        if (f.Recall is { } recall)
        {
            shown.Add(("recall", recall.RecordId));
        }

        var views = new List<RecordProofView>(shown.Count);
        foreach (var (role, recordId) in shown)
        {
            views.Add(await ProofAsync(proofs, role, recordId, ct).ConfigureAwait(false));
        }

        var limits = f.Licence is { } l && standards.ByHash(l.StandardHash) is { } standard
            ? [.. standard.Criteria.OfType<LabLimitCriterion>().Where(c => c.Covers(batch.Category))]
            : new List<LabLimitCriterion>();
        return new BatchPart(
            batch,
            new BatchView(batch.Id, batch.Gtin, batch.Lot, batch.Product, batch.Category, batch.HarvestDate, batch.Quantity, batch.Unit),
            new ProducerView(f.ProducerId, f.ProducerName, Region(f.ProducerRegion), f.PlotName, f.PlotRegion is null ? null : Region(f.PlotRegion)),
            [.. f.Journey.Select(e => new JourneyStepView(e.Kind, e.OccurredAt, e.Place, e.RegionCode is null ? null : Region(e.RegionCode), e.RecordId))],
            [.. f.LabResults.Select(r => new LabResultView(r.Lab, r.SampleDate, Analytes(r.Analytes, limits), r.RecordId))],
            f.Licence,
            f.Recall is { } rc ? new RecallView(rc.Reason, rc.CreatedAt, rc.RecordId) : null,
            views,
            [.. views.Where(v => v.Status == "tampered").Select(TamperedReason)],
            views.Any(v => v.Status is "pending" or "anchoring"));
    }

    /// <summary>One record's proof as a view shows it.</summary>
    public static async Task<RecordProofView> ProofAsync(ProofBuilder proofs, string role, string recordId, CancellationToken ct)
    {
        if (await proofs.BuildAsync(recordId, ct).ConfigureAwait(false) is not { } p)
        {
            // A row names a record that is not in the log: someone deleted it from the file.
            return new RecordProofView(role, recordId, "tampered", string.Empty, string.Empty, null, [], null, null, null, null, "the record is missing from the record log");
        }

        static string? H(byte[]? b) => b is null ? null : Hex.Encode(b);
        return new RecordProofView(role, p.RecordId, p.Status.ToString().ToLowerInvariant(), p.Envelope, Hex.Encode(p.RecordHash), H(p.Leaf),
            [.. p.Proof.Select(x => Hex.Encode(x))], H(p.Root), p.LeafIndex, H(p.TransactionHash), p.BlockNumber, p.Problem);
    }

    /// <summary>The reason a tampered record gives, naming the record and what failed.</summary>
    public static VerificationReason TamperedReason(RecordProofView proof)
    {
        var (en, zh) = VerificationText.Role(proof.Role);
        var problem = proof.Problem ?? "its content no longer matches its anchored hash";
        return new VerificationReason(
            "tampered.record",
            $"The {en} record {proof.RecordId} no longer matches what was anchored on the blockchain: {problem}.",
            $"{zh}记录 {proof.RecordId} 与区块链上存证的内容不一致：{ProblemZh(problem)}。");
    }

    private static string ProblemZh(string problem) => problem switch
    {
        "the stored envelope does not hash to the stored record hash" => "存储的记录内容与其记录哈希不符",
        "the batch's stored record hashes no longer build its anchored root" => "该存证批次中存储的记录哈希已无法重建上链的根",
        "the record hash differs from the one its batch's root was built from" => "记录哈希与构建上链根时所用的不同",
        "the record is missing from the record log" => "记录日志中缺少该记录",
        _ => problem,
    };

    private static RegionView Region(string code) =>
        RegionCode.TryParse(code, out var region) ? new RegionView(code, region.NameZh, region.NameEn) : new RegionView(code, null, null);

    /// <summary>The analytes as stored, each with the brand standard's limit in the analyte's own unit when the standard has one.</summary>
    private static List<AnalyteView> Analytes(string json, List<LabLimitCriterion> limits)
    {
        var result = new List<AnalyteView>();
        using var doc = JsonDocument.Parse(json);
        foreach (var a in doc.RootElement.EnumerateArray())
        {
            var name = a.GetProperty("name").GetString() ?? string.Empty;
            var unit = a.GetProperty("unit").GetString() ?? string.Empty;
            var value = a.GetProperty("value").GetDouble();
            double? limit = null;
            string? source = null;
            if (limits.FirstOrDefault(c => c.Measures(name)) is { } c && Units.ToMgPerKg(1, unit) is { } mgPerKgPerUnit && mgPerKgPerUnit > 0)
            {
                limit = Math.Round((double)c.MaxMgPerKg / mgPerKgPerUnit, 9);
                source = c.Source;
            }

            result.Add(new AnalyteView(name, value, unit, limit, source));
        }

        return result;
    }

    /// <summary>An instant as views show it: UTC, milliseconds, Z.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
