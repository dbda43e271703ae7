using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Api.Infrastructure;
using EcoValue.Certification.Evaluation;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Domain.Licences;
using EcoValue.Domain.Records;

namespace EcoValue.Api.Features.Certification;

/// <summary>One rule a batch fails for a brand: a stable code, the licence it concerns (if any) and why, in both languages.</summary>
public sealed record EligibilityFailure(string Rule, string? LicenceId, string? Criterion, string En, string Zh);

/// <summary>
/// Whether a batch may carry a brand, and why not: the licence that would cover it, the batch-level evaluation, and the
/// quota of its category and season (certified, claimed, what this batch asks).
/// </summary>
public sealed record Eligibility(
    string BatchId,
    string BrandId,
    LicenceRow? Licence,
    IReadOnlyList<EligibilityFailure> Failures,
    EvaluationReport? Evaluation,
    string? Season,
    QuotaRow? Quota,
    decimal? RequestedKg)
{
    public bool Eligible => Failures.Count == 0;
}

/// <summary>
/// Brand eligibility of a batch and the claim itself (docs/certification-workflow.md, "Quota and eligibility"). A batch
/// may carry a brand when: its producer is approved; a licence of that producer for the brand was active on the
/// harvest date (inside its validity, no suspension touching that day even if reinstated since, not revoked on or
/// before it) and its issuance was not refused on chain; the batch's category and plot are in the licence's scope;
/// the standard's batch-level criteria pass; and the quantity fits the season's quota. Days are read in UTC+8
/// (<see cref="LicenceCalendar"/>): a status change on a day counts for all of that day, the cautious reading.
/// </summary>
public sealed class BrandClaims(CertificationRepository repo, RegistryRepository registry, CertificationResources resources)
{
    public async Task<Eligibility> CheckAsync(BatchRow batch, BrandRow brand, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(brand);
        var failures = new List<EligibilityFailure>();
        var rows = await registry.ReadEvidenceAsync(batch.ProducerId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"producer {batch.ProducerId} is gone");
        if (rows.Producer.Status != "approved")
        {
            failures.Add(new("producer.approved", null, null, $"the producer is {rows.Producer.Status}, not approved", $"生产主体状态为 {rows.Producer.Status}，未通过审核"));
        }

        if (await repo.GetClaimAsync(batch.Id, ct).ConfigureAwait(false) is { } claimed)
        {
            failures.Add(new("batch.claimed", claimed.LicenceId, null, $"the batch carries brand {claimed.BrandId} already", $"该批次已使用品牌 {claimed.BrandId}"));
        }

        var harvest = DateOnly.ParseExact(batch.HarvestDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var licences = (await repo.ListLicencesAsync(CertificationScope.All, null, brand.Id, batch.ProducerId, null, CertificationRepository.MaxPageSize, ct).ConfigureAwait(false)).Items;
        if (licences.Count == 0)
        {
            failures.Add(new("licence.none", null, null, $"the producer holds no licence for brand {brand.Id}", $"生产主体没有品牌 {brand.Id} 的许可"));
            return new Eligibility(batch.Id, brand.Id, null, failures, null, null, null, null);
        }

        LicenceRow? chosen = null;
        var licenceFailures = new List<EligibilityFailure>();
        foreach (var licence in licences.OrderByDescending(l => l.ValidFrom, StringComparer.Ordinal))
        {
            var own = await LicenceFailuresAsync(licence, batch, harvest, ct).ConfigureAwait(false);
            if (own.Count == 0)
            {
                chosen = licence;
                break;
            }

            licenceFailures.AddRange(own);
        }

        if (chosen is null)
        {
            failures.AddRange(licenceFailures);
            return new Eligibility(batch.Id, brand.Id, null, failures, null, null, null, null);
        }

        if (resources.Catalog.ByHash(chosen.StandardHash) is not { } standard)
        {
            failures.Add(new("standard.unavailable", chosen.Id, null, $"the licence's standard {chosen.StandardHash} is not loaded", $"未加载许可依据的标准 {chosen.StandardHash}"));
            return new Eligibility(batch.Id, brand.Id, chosen, failures, null, null, null, null);
        }

        var report = Evaluator.EvaluateBatch(standard, EvidenceMapper.Map(rows), batch.Id, LicenceCalendar.Day(now));
        foreach (var line in report.Results.Where(r => r.Outcome is Outcome.Fail or Outcome.MissingEvidence))
        {
            failures.Add(new("batch.criteria", chosen.Id, line.CriterionId,
                $"{line.Title.En}: {EvaluationReport.OutcomeName(line.Outcome)} ({line.Reason.En})", $"{line.Title.Zh}：{(line.Outcome == Outcome.Fail ? "不合格" : "缺少证据")}（{line.Reason.Zh}）"));
        }

        var season = standard.SeasonOf(harvest).Id;
        var quota = (await repo.ListQuotaAsync(chosen.Id, ct).ConfigureAwait(false)).FirstOrDefault(q => q.Category == batch.Category && q.Season == season);
        var kg = Units.ToKg(batch.Quantity, batch.Unit);
        if (kg is null)
        {
            failures.Add(new("quota.unit", chosen.Id, null, $"{batch.Quantity} {batch.Unit} is not a mass, so it cannot be balanced against the quota (kg, g, t)",
                $"{batch.Quantity} {batch.Unit} 不是质量单位，无法核算配额（kg、g、t）"));
        }
        else if (quota is null)
        {
            failures.Add(new("quota.season", chosen.Id, null, $"the licence certifies no {batch.Category} for season {season}", $"许可未核定 {season} 季的 {batch.Category} 数量"));
        }
        else if ((decimal)quota.ClaimedKg + kg.Value > (decimal)quota.QuantityKg)
        {
            failures.Add(new("quota.exceeded", chosen.Id, null,
                $"over quota: {batch.Category} for season {season} is certified for {quota.QuantityKg} kg, {quota.ClaimedKg} kg claimed, {kg} kg asked",
                $"超出配额：{season} 季 {batch.Category} 核定 {quota.QuantityKg} kg，已用 {quota.ClaimedKg} kg，本次 {kg} kg"));
        }

        return new Eligibility(batch.Id, brand.Id, chosen, failures, report, season, quota, kg);
    }

    /// <summary>
    /// Claims the brand for the batch: 422 naming the failed rules, 409 when the batch carries a brand already or the
    /// quantity does not fit the quota (with the numbers). The quota is checked again in the claiming transaction.
    /// </summary>
    public async Task<BrandClaimRow> ClaimAsync(BatchRow batch, BrandRow brand, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var check = await CheckAsync(batch, brand, now, ct).ConfigureAwait(false);
        if (!check.Eligible)
        {
            throw Refusal(check);
        }

        var licence = check.Licence!;
        var kg = (double)check.RequestedKg!.Value;
        try
        {
            return await repo.ClaimBrandAsync(batch.Id, licence.Id, brand.Id, batch.Category, check.Season!, kg,
                RecordEnvelope.Create(CertificationKinds.BrandClaim, "batch:" + batch.Id, actor, now, new JsonObject
                {
                    ["batch"] = batch.Id,
                    ["producer"] = batch.ProducerId,
                    ["brand"] = brand.Id,
                    ["licence"] = licence.Id,
                    ["category"] = batch.Category,
                    ["season"] = check.Season,
                    ["quantityKg"] = kg,
                }), ct).ConfigureAwait(false);
        }
        catch (QuotaExceededException e)
        {
            // Another claim took the rest between the check and this transaction.
            throw QuotaProblem(e.Category, e.Season, e.QuotaKg, e.ClaimedKg, e.RequestedKg, e.LicenceId);
        }
    }

    private static ProblemException Refusal(Eligibility check)
    {
        if (check.Failures.FirstOrDefault(f => f.Rule == "batch.claimed") is { } claimed)
        {
            return new ProblemException(StatusCodes.Status409Conflict, "conflict-batch-claimed", "The batch carries a brand already", "该批次已使用品牌", claimed.En, claimed.Zh);
        }

        if (check.Failures.All(f => f.Rule == "quota.exceeded"))
        {
            return QuotaProblem(check.Quota!.Category, check.Season!, check.Quota.QuantityKg, check.Quota.ClaimedKg, (double)check.RequestedKg!.Value, check.Licence!.Id);
        }

        return new ProblemException(StatusCodes.Status422UnprocessableEntity, "brand-claim-refused", "The batch may not carry this brand", "该批次不能使用此品牌",
            "The batch fails: " + string.Join("; ", check.Failures.Select(f => f.Rule)) + ".",
            "该批次未满足：" + string.Join("；", check.Failures.Select(f => f.Rule)) + "。",
            new Dictionary<string, object?>
            {
                ["brand"] = check.BrandId,
                ["rules"] = check.Failures.Select(f => (object?)f.Rule).Distinct().ToList(),
                ["failures"] = check.Failures.Select(f => (object?)new Dictionary<string, object?>
                {
                    ["rule"] = f.Rule, ["licence"] = f.LicenceId, ["criterion"] = f.Criterion, ["message"] = new Bilingual(f.En, f.Zh),
                }).ToList(),
            });
    }

    private static ProblemException QuotaProblem(string category, string season, double quotaKg, double claimedKg, double requestedKg, string licenceId) =>
        new(StatusCodes.Status409Conflict, "quota-exceeded", "The claim exceeds the licence's quota", "超出许可配额",
            $"The licence certifies {quotaKg} kg of {category} for season {season}; {claimedKg} kg are claimed already, so {Math.Max(quotaKg - claimedKg, 0)} kg remain and this batch asks {requestedKg} kg.",
            $"许可核定 {season} 季 {category} {quotaKg} kg，已用 {claimedKg} kg，仅余 {Math.Max(quotaKg - claimedKg, 0)} kg，本批次申请 {requestedKg} kg。",
            new Dictionary<string, object?>
            {
                ["licence"] = licenceId, ["category"] = category, ["season"] = season, ["quotaKg"] = quotaKg, ["claimedKg"] = claimedKg,
                ["remainingKg"] = Math.Max(quotaKg - claimedKg, 0), ["requestedKg"] = requestedKg,
            });

    /// <summary>Why one licence cannot cover the batch: validity, history on the harvest day, scope, and its issuance on chain.</summary>
    private async Task<List<EligibilityFailure>> LicenceFailuresAsync(LicenceRow licence, BatchRow batch, DateOnly harvest, CancellationToken ct)
    {
        var failures = new List<EligibilityFailure>();
        var from = LicenceCalendar.Day(LicenceCalendar.ParseStamp(licence.ValidFrom));
        var until = LicenceCalendar.Day(LicenceCalendar.ParseStamp(licence.ValidUntil));
        if (harvest < from || harvest >= until)
        {
            failures.Add(new("licence.validity", licence.Id, null, $"harvested on {Day(harvest)}, outside the licence's validity {Day(from)} to {Day(until.AddDays(-1))}",
                $"采收日期 {Day(harvest)} 不在许可有效期 {Day(from)} 至 {Day(until.AddDays(-1))} 之内"));
        }

        DateOnly? suspendedFrom = null;
        foreach (var e in await repo.ListLicenceEventsAsync(licence.Id, ct).ConfigureAwait(false))
        {
            var day = LicenceCalendar.Day(LicenceCalendar.ParseStamp(e.At));
            if (suspendedFrom is { } s && e.Action is "reinstate" or "revoke" && harvest >= s && harvest <= day)
            {
                failures.Add(new("licence.suspended", licence.Id, null, $"harvested on {Day(harvest)}, while the licence was suspended ({Day(s)} to {Day(day)})",
                    $"采收日期 {Day(harvest)} 时许可处于暂停状态（{Day(s)} 至 {Day(day)}）"));
            }

            suspendedFrom = e.Action == "suspend" ? day : e.Action is "reinstate" or "revoke" ? null : suspendedFrom;
            if (e.Action == "revoke" && harvest >= day)
            {
                failures.Add(new("licence.revoked", licence.Id, null, $"the licence was revoked on {Day(day)}; nothing harvested from then on qualifies",
                    $"许可已于 {Day(day)} 撤销；此后采收的产品均不符合"));
            }
        }

        if (suspendedFrom is { } open && harvest >= open)
        {
            failures.Add(new("licence.suspended", licence.Id, null, $"the licence is suspended since {Day(open)}", $"许可自 {Day(open)} 起处于暂停状态"));
        }

        var scope = LicenceCredential.Read((JsonNode.Parse(licence.Document) as JsonObject)!).Scope;
        if (!scope.Categories.Contains(batch.Category, StringComparer.Ordinal))
        {
            failures.Add(new("licence.scope-category", licence.Id, null, $"category {batch.Category} is not in the licence's scope ({string.Join(", ", scope.Categories)})",
                $"品类 {batch.Category} 不在许可范围内（{string.Join("、", scope.Categories)}）"));
        }

        if (!scope.Plots.Contains("urn:ecovalue:plot:" + batch.PlotId, StringComparer.Ordinal))
        {
            failures.Add(new("licence.scope-plot", licence.Id, null, "the batch's plot is not in the licence's scope", "批次所在地块不在许可范围内"));
        }

        var issue = (await repo.ListOperationsAsync(ChainOperations.LicenceSubject(licence.Id), ct).ConfigureAwait(false)).FirstOrDefault(o => o.Kind == ChainOperations.IssueLicence);
        if (issue is { Status: "failed" })
        {
            failures.Add(new("licence.chain", licence.Id, null, $"LicenceRegistry refused the licence's issuance ({issue.Error})", $"LicenceRegistry 拒绝了该许可的签发（{issue.Error}）"));
        }

        return failures;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
