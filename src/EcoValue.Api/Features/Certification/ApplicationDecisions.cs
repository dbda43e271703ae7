using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Api.Infrastructure;
using EcoValue.Certification;
using EcoValue.Certification.Evaluation;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Licences;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;
using Microsoft.Extensions.Options;
using DomainQuota = EcoValue.Domain.Licences.LicenceQuota;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// A producer's application and the certifier's decision on it. The evaluation is the engine's report on the
/// producer's registry data (<see cref="EvidenceMapper"/>) against the brand's current standard, on today's date
/// (UTC+8). Approval is possible only when no line fails or lacks evidence; it builds the licence credential
/// (validity from the standard, quota = scoped plot area x yield cap per category and season), signs its
/// <c>IssueLicence</c> with the certifier's own key, and commits decision, licence and issue operation together.
/// </summary>
public sealed class ApplicationDecisions(
    CertificationRepository repo,
    RegistryRepository registry,
    BrandAdministration brands,
    CertifierSigning signing,
    RelayerSignal relayer,
    IOptions<CertificationOptions> options)
{
    /// <summary>
    /// Files an application of <paramref name="producerId"/> (which must be approved) for a brand. The brand must exist,
    /// every plot must be the producer's and every category one the brand's standard covers: field errors otherwise.
    /// </summary>
    public async Task<ApplicationRow> ApplyAsync(string producerId, ApplicationFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var producer = await registry.GetProducerAsync(producerId, Scope.All, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"producer {producerId} does not exist");
        if (producer.Status != "approved")
        {
            throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "producer-not-approved", "The producer is not approved", "生产主体尚未通过审核",
                $"Producer {producerId} is {producer.Status}; an admin approves a producer before it may apply for a brand.",
                $"生产主体 {producerId} 的状态为 {producer.Status}；须经管理员审核通过后才能申请品牌。");
        }

        var errors = new FieldErrors();
        var brand = await repo.GetBrandAsync(facts.BrandId, ct).ConfigureAwait(false);
        if (brand is null)
        {
            errors.Add("brandId", "brand.unknown", "no brand has this id", "没有该品牌");
        }
        else
        {
            var standard = brands.StandardOf(brand);
            for (var i = 0; i < facts.Categories.Count; i++)
            {
                if (!standard.Covers(facts.Categories[i]))
                {
                    errors.Add($"categories[{i}]", "category.scope", $"is not covered by {standard.Id} (covers {string.Join(", ", standard.Categories)})",
                        $"不在 {standard.Id} 的范围内（范围：{string.Join("、", standard.Categories)}）");
                }
            }
        }

        for (var i = 0; i < facts.Plots.Count; i++)
        {
            if (await registry.GetPlotAsync(facts.Plots[i], Scope.Producer(producerId), ct).ConfigureAwait(false) is null)
            {
                errors.Add($"plots[{i}]", "plot.not_found", "no such plot among this producer's plots", "该生产主体没有这个地块");
            }
        }

        errors.ThrowIfAny();
        var id = RecordEnvelope.NewId(now);
        return await repo.CreateApplicationAsync(id, producerId, facts.BrandId, JsonSerializer.Serialize(facts.Plots), JsonSerializer.Serialize(facts.Categories), facts.Notes,
            RecordEnvelope.Create(CertificationKinds.Application, "application:" + id, actor, now, new JsonObject
            {
                ["application"] = id,
                ["producer"] = producerId,
                ["brand"] = facts.BrandId,
                ["plots"] = new JsonArray([.. facts.Plots.Select(p => JsonValue.Create(p))]),
                ["categories"] = new JsonArray([.. facts.Categories.Select(c => JsonValue.Create(c))]),
                ["notes"] = facts.Notes,
            }), ct).ConfigureAwait(false);
    }

    /// <summary>The application evaluated now against its brand's current standard.</summary>
    public async Task<EvaluationReport> EvaluateAsync(ApplicationRow application, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var brand = await repo.GetBrandAsync(application.BrandId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"brand {application.BrandId} is gone");
        var rows = await registry.ReadEvidenceAsync(application.ProducerId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"producer {application.ProducerId} is gone");
        return Evaluator.EvaluateProducer(brands.StandardOf(brand), EvidenceMapper.Map(rows), ScopeOf(application), LicenceCalendar.Day(now));
    }

    /// <summary>Rejects with notes; null when the certifier is not (or no longer) accredited for the application's brand.</summary>
    public async Task<ApplicationRow?> RejectAsync(ApplicationRow application, UserAccount certifier, string? notes, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(certifier);
        var report = await EvaluateAsync(application, now, ct).ConfigureAwait(false);
        var json = report.ToJson();
        return await repo.RejectAsync(application.Id, CertificationScope.Certifier(certifier.Id), json.ToJsonString(), notes, certifier.Id,
            current => DecisionRecord(application, "rejected", notes, json, null, certifier, now, current), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Approves and issues the licence (see the class summary); null when the certifier is not (or no longer)
    /// accredited for the brand. A 422 problem lists the criteria that fail or lack evidence.
    /// </summary>
    public async Task<(ApplicationRow Application, LicenceRow Licence)?> ApproveAsync(ApplicationRow application, UserAccount certifier, string? notes, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(certifier);
        if (application.Status != "submitted")
        {
            throw new CertificationStateException("application.decided", $"application {application.Id} was {application.Status} already");
        }

        var brand = await repo.GetBrandAsync(application.BrandId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"brand {application.BrandId} is gone");
        var standard = brands.StandardOf(brand);
        var rows = await registry.ReadEvidenceAsync(application.ProducerId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"producer {application.ProducerId} is gone");
        var scope = ScopeOf(application);
        var report = Evaluator.EvaluateProducer(standard, EvidenceMapper.Map(rows), scope, LicenceCalendar.Day(now));
        var blocking = report.Results.Where(r => r.Outcome is Outcome.Fail or Outcome.MissingEvidence).ToList();
        if (blocking.Count > 0)
        {
            throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "approval-blocked", "The evaluation does not allow approval", "评估结果不允许批准",
                $"{blocking.Count} criteria fail or lack evidence; approval needs every criterion to pass.",
                $"有 {blocking.Count} 项标准不合格或缺少证据；全部通过后方可批准。",
                new Dictionary<string, object?>
                {
                    ["criteria"] = blocking.Select(r => (object?)new Dictionary<string, object?>
                    {
                        ["criterion"] = r.CriterionId,
                        ["kind"] = r.Kind,
                        ["outcome"] = EvaluationReport.OutcomeName(r.Outcome),
                        ["title"] = new Bilingual(r.Title.En, r.Title.Zh),
                        ["reason"] = new Bilingual(r.Reason.En, r.Reason.Zh),
                    }).ToList(),
                    ["overall"] = EvaluationReport.OutcomeName(report.Overall),
                });
        }

        var plots = rows.Plots.Where(p => scope.PlotIds.Contains(p.Id, StringComparer.Ordinal)).ToList();
        var validFrom = LicenceCalendar.Seconds(now);
        var lastDay = standard.LicenceValidUntil(LicenceCalendar.Day(validFrom));
        var validUntil = LicenceCalendar.StartOf(lastDay.AddDays(1));
        var quota = QuotaOf(standard, plots.Select(p => p.AreaMu), scope.Categories, LicenceCalendar.Day(validFrom), lastDay);
        var json = report.ToJson();

        var result = await signing.SignAsync(certifier.Id, now, async s =>
        {
            var key = LicenceIds.NewLicenceKey();
            var input = new LicenceCredentialInput(
                key,
                s.Domain,
                new LicenceIssuer(s.Key.Address, $"{options.Value.IssuerName} · {certifier.Username}"),
                new LicenceParty("urn:ecovalue:producer:" + application.ProducerId, rows.Producer.Name),
                new LicenceParty(brand.Id, $"{brand.NameZh} {brand.NameEn}"),
                new LicenceStandardRef(standard.Id, standard.Version, Hex.Decode(standard.Hash)),
                new LicenceScope([.. scope.PlotIds.Select(p => "urn:ecovalue:plot:" + p)], [.. scope.Categories]),
                quota,
                validFrom,
                validUntil);
            var signed = LicenceProof.Sign(LicenceCredential.Build(input), s.Key, s.Nonce, s.Deadline);
            var verified = LicenceProof.Verify(signed);
            var licenceId = key.ToString("D");
            var licence = new NewLicence(licenceId, Hex.Encode(verified.Message.LicenceId), certifier.Id, s.Key.Address.ToString(), standard.Hash,
                LicenceCalendar.Stamp(validFrom), LicenceCalendar.Stamp(validUntil), signed.ToJsonString(), Hex.Encode(verified.DocumentHash),
                [.. quota.Select(q => (q.Category, q.Season, (double)q.QuantityKg))]);
            return await repo.ApproveAsync(application.Id, CertificationScope.Certifier(certifier.Id), json.ToJsonString(), notes, certifier.Id, licence,
                current => DecisionRecord(application, "approved", notes, json, licenceId, certifier, now, current),
                decision => RecordEnvelope.Create(CertificationKinds.Licence, ChainOperations.LicenceSubject(licenceId), "user:" + certifier.Id, now, new JsonObject
                {
                    ["licence"] = licenceId,
                    ["application"] = application.Id,
                    ["decision"] = decision,
                    ["producer"] = application.ProducerId,
                    ["brand"] = brand.Id,
                    ["chainId"] = licence.ChainIdHash,
                    ["documentHash"] = licence.DocumentHash,
                    ["certifier"] = licence.CertifierAddress,
                    ["standardHash"] = standard.Hash,
                    ["validFrom"] = licence.ValidFrom,
                    ["validUntil"] = licence.ValidUntil,
                }),
                ChainOperations.Issue(licenceId, verified.Message, verified.Signature, s.Domain, s.Key.Address), ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        if (result is not null)
        {
            relayer.Wake();
        }

        return result;
    }

    public static EvaluationScope ScopeOf(ApplicationRow application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new EvaluationScope(JsonSerializer.Deserialize<List<string>>(application.Plots) ?? [], JsonSerializer.Deserialize<List<string>>(application.Categories) ?? []);
    }

    /// <summary>
    /// Per category in scope and per quota season the validity touches: scoped area x the standard's yield cap,
    /// rounded down to grams (the credential carries at most 3 decimals).
    /// </summary>
    public static IReadOnlyList<DomainQuota> QuotaOf(Standard standard, IEnumerable<double> areasMu, IReadOnlyList<string> categories, DateOnly firstDay, DateOnly lastDay)
    {
        ArgumentNullException.ThrowIfNull(standard);
        var quota = EcoValue.Certification.Evaluation.LicenceQuota.For(standard, areasMu, categories);
        var list = new List<DomainQuota>();
        foreach (var category in quota.Categories)
        {
            for (var season = standard.SeasonOf(firstDay); season.Start <= lastDay; season = standard.SeasonOf(season.End.AddDays(1)))
            {
                list.Add(new DomainQuota(category.Category, season.Id, Math.Floor(category.CertifiedKg * 1000m) / 1000m));
            }
        }

        return list;
    }

    private static RecordEnvelope DecisionRecord(ApplicationRow application, string decision, string? notes, JsonObject evaluation, string? licenceId, UserAccount certifier, DateTimeOffset now, string current) =>
        RecordEnvelope.Create(CertificationKinds.ApplicationDecision, "application:" + application.Id, "user:" + certifier.Id, now, new JsonObject
        {
            ["application"] = application.Id,
            ["decision"] = decision,
            ["notes"] = notes,
            ["licence"] = licenceId,
            ["certifier"] = certifier.Id,
            // The report itself is stored with the application; its hash binds the decision to exactly that report.
            ["evaluation"] = new JsonObject
            {
                ["overall"] = (string?)evaluation["overall"],
                ["standardHash"] = (string?)evaluation["standard"]?["hash"],
                ["hash"] = Hex.Encode(Keccak.Hash(Jcs.Canonicalize(evaluation))),
            },
            ["supersedes"] = current,
        });
}
