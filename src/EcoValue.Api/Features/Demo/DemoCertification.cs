using System.Globalization;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.Registry;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Api.Features.Demo;

/// <summary>
/// The demo's certification part (dev profile, seeded once with the registry): every loaded standard's brand
/// registered, the demo certifier accredited for all of them, the evidence the standards ask for, and — when
/// LicenceRegistry is deployed and the node answers, as after <c>scripts/run</c>'s deploy — the tea cooperative's
/// Baisha Liangshi licence (a batch harvested today carries the brand) and the orange cooperative's Hainan Green
/// Low-Carbon licence, revoked. Everything goes through the same services as the API; the relayer takes the
/// operations to the chain after start. Dates are relative to today (UTC+8) so the demo evaluates the same any day.
/// </summary>
public sealed partial class DemoCertification(
    RegistryWriter writer,
    RegistryRepository registry,
    CertificationRepository repo,
    CertificationResources resources,
    BrandAdministration brands,
    ApplicationDecisions applications,
    LicenceStatusChanges statusChanges,
    BrandClaims claims,
    LicenceChain chain,
    EthClient eth,
    ILogger<DemoCertification> logger)
{
    public const string TeaBrand = "baisha-liangshi";
    public const string GreenBrand = "hainan-green-low-carbon";

    /// <summary>The registry entries of the demo the certification part builds on.</summary>
    public sealed record Context(UserAccount Admin, UserAccount Farmer, UserAccount Certifier, string TeaProducer, string TeaPlot, string OrangeProducer, string OrangePlot);

    public async Task SeedAsync(Context demo, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var admin = "user:" + demo.Admin.Id;
        var farmer = "user:" + demo.Farmer.Id;
        foreach (var standard in resources.Catalog.All)
        {
            var (brand, _) = await brands.RegisterAsync(standard.Id, null, admin, now, ct).ConfigureAwait(false);
            await brands.AccreditAsync(brand.Id, demo.Certifier.Id, admin, now, ct).ConfigureAwait(false);
        }

        var today = LicenceCalendar.Day(now);
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // 白沙良食 tea: the cooperative's documents, an autumn batch with its inputs and lab result, and today's batch.
        await DocumentsAsync(demo.TeaProducer, farmer, now, Day(-400), Day(700), ("business-licence", "营业执照 Business licence"),
            ("soil-environment-report", "产地环境检测报告 Soil and water environment report"), ("input-log", "投入品使用记录 Input log")).ConfigureAwait(false);
        await TeaBatchAsync(demo.TeaProducer, demo.TeaPlot, "BS2026AUTUMN", 380, Day(-30), farmer, now, ct).ConfigureAwait(false);
        var winter = await TeaBatchAsync(demo.TeaProducer, demo.TeaPlot, "BS" + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), 120, Day(0), farmer, now, ct).ConfigureAwait(false);

        // 海南绿色低碳 oranges: a carbon-footprint report with its declaration, documents, a recent batch tested.
        await writer.AddEvidenceAsync(demo.OrangeProducer, Scope.All, EvidenceFacts.Validate(new EvidenceInput(EvidenceFacts.CarbonReportKind, "绿橙碳足迹核算报告 Green orange carbon footprint (demo)",
            null, Day(-60), Day(300), "sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393", new CarbonInput("tropical-fruit", 0.42, "ISO 14067:2018, cradle to farm gate")), today), admin, now, ct).ConfigureAwait(false);
        await DocumentsAsync(demo.OrangeProducer, admin, now, Day(-400), Day(700), ("business-licence", "营业执照 Business licence"), ("input-log", "投入品使用记录 Input log")).ConfigureAwait(false);
        var oranges = (await writer.AddBatchAsync(demo.OrangeProducer, BatchFacts.Validate(new BatchInput("琼中绿橙 Qiongzhong green orange", "tropical-fruit", "6901234567908", "QZ2026AUTUMN", demo.OrangePlot, Day(-20), 3, "t"), today), admin, now, ct).ConfigureAwait(false)).Id;
        await writer.AddLabResultAsync(oranges, Scope.All, LabResultFacts.Validate(new LabResultInput("海南省农产品质量安全检测中心 (demo)", "HN-QZ-" + Day(-18), Day(-18),
            [new AnalyteInput("铅", 0.03, "mg/kg", 0.01, "GB 5009.12-2023")], null), today.AddDays(1)), admin, now, ct).ConfigureAwait(false);

        if (await ChainProblemAsync(ct).ConfigureAwait(false) is { } problem)
        {
            LogLicencesSkipped(logger, problem);
            return;
        }

        try
        {
            await LicencesAsync(demo, farmer, admin, winter, now, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Infrastructure.ProblemException or CertificationStateException)
        {
            // A demo that cannot finish its licences still starts (the registry and brands are there); say why.
            LogLicencesSkipped(logger, e.Message);
        }
    }

    private async Task LicencesAsync(Context demo, string farmer, string admin, string winter, DateTimeOffset now, CancellationToken ct)
    {
        // Applied, evaluated, approved (signed by the demo certifier's own key), and a batch harvested today carries the brand.
        var tea = await applications.ApplyAsync(demo.TeaProducer, new ApplicationFacts(TeaBrand, [demo.TeaPlot], ["tea"], "演示申请 Demo application"), farmer, now, ct).ConfigureAwait(false);
        await applications.ApproveAsync(tea, demo.Certifier, "演示：资料齐全，检测合格 Demo: documents complete, lab results within limits", now, ct).ConfigureAwait(false);
        await claims.ClaimAsync((await registry.GetBatchAsync(winter, Scope.All, ct).ConfigureAwait(false))!, (await repo.GetBrandAsync(TeaBrand, ct).ConfigureAwait(false))!, farmer, now, ct).ConfigureAwait(false);

        // One revoked licence (DESIGN.md "Dev profile").
        var orange = await applications.ApplyAsync(demo.OrangeProducer, new ApplicationFacts(GreenBrand, [demo.OrangePlot], ["tropical-fruit"], "演示申请 Demo application"), admin, now, ct).ConfigureAwait(false);
        var (_, licence) = (await applications.ApproveAsync(orange, demo.Certifier, "演示 Demo", now, ct).ConfigureAwait(false))!.Value;
        await statusChanges.ChangeAsync(licence, "revoke", "演示：抽检碳足迹声明与实际不符 Demo: the carbon declaration did not hold up at a spot check", demo.Certifier, now, ct).ConfigureAwait(false);
    }

    private async Task DocumentsAsync(string producer, string actor, DateTimeOffset now, string issued, string until, params (string Kind, string Title)[] documents)
    {
        foreach (var (kind, title) in documents)
        {
            await writer.AddEvidenceAsync(producer, Scope.All, EvidenceFacts.Validate(new EvidenceInput(kind, title, null, issued, until, null, null), LicenceCalendar.Day(now)), actor, now).ConfigureAwait(false);
        }
    }

    /// <summary>A tea batch with its input (matrine, 20 days before harvest), its lab result on the harvest day and its compliance certificate.</summary>
    private async Task<string> TeaBatchAsync(string producer, string plot, string lot, double kg, string harvested, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var today = LicenceCalendar.Day(now).AddDays(1);
        var batch = (await writer.AddBatchAsync(producer, BatchFacts.Validate(new BatchInput("白沙绿茶 Baisha green tea", "tea", "6901234567892", lot, plot, harvested, kg, "kg"), today), actor, now, ct).ConfigureAwait(false)).Id;
        var applied = DateOnly.ParseExact(harvested, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await writer.AddEventAsync(batch, Scope.All, FieldEventFacts.Validate(new FieldEventInput("input-applied", applied + "T08:30:00+08:00", "元门乡 1 号茶园", "469025", "符小明",
            new InputAppliedInput("苦参碱 0.3% 水剂 (matrine 0.3% AS)", "matrine", 120, "mL/mu", "茶小绿叶蝉 tea green leafhopper"), null, null, null), now), actor, now, ct).ConfigureAwait(false);
        // Analytes named as the standards name them (or by an alias such as 铅), so the engine matches them.
        await writer.AddLabResultAsync(batch, Scope.All, LabResultFacts.Validate(new LabResultInput("海南省农产品质量安全检测中心 (demo)", "HN-" + lot, harvested,
        [
            new AnalyteInput("lead", 0.32, "mg/kg", 0.02, "GB 5009.12-2023"),
            new AnalyteInput("imidacloprid", 0.02, "mg/kg", 0.01, "GB 23200.113-2018"),
            new AnalyteInput("acetamiprid", 0, "mg/kg", 0.01, "GB 23200.113-2018"),
            new AnalyteInput("bifenthrin", 0.05, "mg/kg", 0.01, "GB 23200.113-2018"),
            new AnalyteInput("glyphosate", 0, "mg/kg", 0.05, "GB 23200.51-2016"),
            new AnalyteInput("cypermethrin", 0.1, "mg/kg", 0.01, "GB 23200.113-2018"),
        ], null), today), actor, now, ct).ConfigureAwait(false);
        await writer.AddEvidenceAsync(producer, Scope.All, EvidenceFacts.Validate(new EvidenceInput("compliance-certificate", "承诺达标合格证 Compliance certificate " + lot, batch, harvested, null, null, null), today), actor, now, ct).ConfigureAwait(false);
        return batch;
    }

    /// <summary>Why licences cannot be signed now (no LicenceRegistry recorded, node not answering), or null.</summary>
    private async Task<string?> ChainProblemAsync(CancellationToken ct)
    {
        if (await chain.DomainAsync(ct).ConfigureAwait(false) is null)
        {
            return "no LicenceRegistry recorded for the configured chain (scripts/run deploys it first)";
        }

        try
        {
            await eth.BlockNumberAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (RpcClientException e)
        {
            return "the chain does not answer: " + e.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo licences skipped ({Reason}); brands, accreditation and evidence are seeded")]
    private static partial void LogLicencesSkipped(ILogger logger, string reason);
}
