using EcoValue.Certification.Evaluation;
using EcoValue.Testing;
using static EcoValue.Certification.Tests.TestStandards;

namespace EcoValue.Certification.Tests;

/// <summary>Preconditions, overall outcomes, the report's JSON, quota arithmetic, seasons and units.</summary>
public sealed class ReportAndQuotaTests
{
    private static readonly Standard Baisha = StandardLoader.LoadFile(Path.Combine(RepoPaths.Root, "certification-rules", "baisha-liangshi-tea.yaml"));

    /// <summary>A Baisha tea garden with everything the Baisha standard asks for.</summary>
    private static ProducerEvidence CompleteBaishaFarm() => new()
    {
        ProducerId = "producer-1",
        RegionCode = "469025",
        Approved = true,
        Plots = [new PlotEvidence("plot-1", "469025", 12.5)],
        Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 300, "kg")],
        Inputs = [new InputApplication(D("2025-03-01"), "Talstar", "联苯菊酯", PlotId: "plot-1"), new InputApplication(D("2025-02-01"), "Organic fertiliser", "organic matter", PlotId: "plot-1")],
        LabResults =
        [
            new LabResultEvidence("lab-1", D("2025-04-12"),
            [
                new AnalyteValue("铅", 0.9, "mg/kg"), new AnalyteValue("吡虫啉", 0.01, "mg/kg"), new AnalyteValue("啶虫脒", 0.05, "mg/kg"),
                new AnalyteValue("联苯菊酯", 0.2, "mg/kg"), new AnalyteValue("草甘膦", 50, "μg/kg"), new AnalyteValue("高效氯氰菊酯", 0.3, "mg/kg"),
            ], BatchId: "b1"),
        ],
        Documents =
        [
            new EvidenceDocument("business-licence", "91469025MA5T000000"), new EvidenceDocument("soil-environment-report", "ENV-2024-17", ValidUntil: D("2026-12-31")),
            new EvidenceDocument("input-log", "LOG-2025"), new EvidenceDocument("compliance-certificate", "CC-b1", BatchId: "b1"),
        ],
    };

    [Fact]
    public void A_complete_farm_passes_the_shipped_Baisha_standard_at_both_levels()
    {
        var producer = Evaluator.EvaluateProducer(Baisha, CompleteBaishaFarm(), TeaScope, AsOf);
        var batch = Evaluator.EvaluateBatch(Baisha, CompleteBaishaFarm(), "b1", AsOf);

        Assert.All(producer.Results, r => Assert.True(r.Outcome == Outcome.Pass, $"{r.CriterionId}: {r.Reason.En}"));
        Assert.Equal(Outcome.Pass, producer.Overall);
        Assert.Equal(Outcome.Pass, batch.Overall);
        Assert.Equal(Baisha.Hash, producer.StandardHash);
        // Level is explicit: the per-batch certificate is judged for the batch only, the producer documents for the producer only.
        Assert.Null(producer.For("batch-certificate"));
        Assert.NotNull(batch.For("batch-certificate"));
        Assert.Null(batch.For("producer-documents"));
        Assert.Null(producer.For("phi-bifenthrin"));
    }

    [Fact]
    public void Overall_is_missing_evidence_when_nothing_fails_and_fail_when_anything_does()
    {
        var missing = CompleteBaishaFarm() with { Documents = [] };
        Assert.Equal(Outcome.MissingEvidence, Evaluator.EvaluateProducer(Baisha, missing, TeaScope, AsOf).Overall);

        var banned = missing with { Inputs = [new InputApplication(D("2025-03-01"), "Gramoxone", "百草枯", PlotId: "plot-1")] };
        var report = Evaluator.EvaluateProducer(Baisha, banned, TeaScope, AsOf);
        Assert.Equal(Outcome.Fail, report.Overall);
        Assert.Equal(Outcome.Fail, report.For("banned-pesticides")!.Outcome);
    }

    [Fact]
    public void Preconditions_refuse_an_unapproved_producer_and_a_scope_outside_the_standard()
    {
        var unapproved = Evaluator.EvaluateProducer(Baisha, CompleteBaishaFarm() with { Approved = false }, TeaScope, AsOf);
        Assert.Equal(Outcome.Fail, unapproved.For("precondition:producer-approved")!.Outcome);
        Assert.Equal(Outcome.Fail, unapproved.Overall);

        var coffee = Evaluator.EvaluateProducer(Baisha, CompleteBaishaFarm(), new EvaluationScope(["plot-1"], ["tea", "coffee"]), AsOf);
        var categories = coffee.For("precondition:scope-categories")!;
        Assert.Equal((Outcome.Fail, Evaluator.PreconditionKind), (categories.Outcome, categories.Kind));
        Assert.Contains("coffee", categories.Reason.En, StringComparison.Ordinal);

        var stranger = Evaluator.EvaluateProducer(Baisha, CompleteBaishaFarm(), new EvaluationScope(["plot-1", "someone-elses"], ["tea"]), AsOf);
        Assert.Equal(Outcome.Fail, stranger.For("precondition:scope-plots")!.Outcome);
        Assert.Equal(Outcome.Fail, Evaluator.EvaluateProducer(Baisha, CompleteBaishaFarm(), new EvaluationScope([], []), AsOf).Overall);

        var coffeeBatch = CompleteBaishaFarm() with { Batches = [new BatchEvidence("b1", "plot-1", "coffee", D("2025-04-10"), 300, "kg")] };
        var batch = Evaluator.EvaluateBatch(Baisha, coffeeBatch, "b1", AsOf);
        Assert.Equal(Outcome.Fail, batch.For("precondition:batch-category")!.Outcome);
        Assert.Throws<KeyNotFoundException>(() => Evaluator.EvaluateBatch(Baisha, coffeeBatch, "no-such-batch", AsOf));
    }

    [Fact]
    public void The_report_serialises_with_outcomes_facts_and_reasons_in_both_languages()
    {
        var report = Evaluator.EvaluateBatch(Baisha, CompleteBaishaFarm() with { Documents = [] }, "b1", AsOf);

        var json = report.ToJson();
        var text = json.ToJsonString();

        Assert.Equal("missing_evidence", json["overall"]!.GetValue<string>());
        Assert.Equal("batch", json["level"]!.GetValue<string>());
        Assert.Equal(Baisha.Hash, json["standard"]!["hash"]!.GetValue<string>());
        var certificate = json["results"]!.AsArray().Single(r => r!["criterion"]!.GetValue<string>() == "batch-certificate")!;
        Assert.Equal("missing_evidence", certificate["outcome"]!.GetValue<string>());
        Assert.Equal("缺少 compliance-certificate", certificate["reason"]!["zh"]!.GetValue<string>());
        Assert.Contains("\"lead-tea\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcomes_combine_fail_over_missing_over_pass_ignoring_not_applicable()
    {
        Assert.Equal(Outcome.Pass, EvaluationReport.Combine([]));
        Assert.Equal(Outcome.Pass, EvaluationReport.Combine([Outcome.Pass, Outcome.NotApplicable]));
        Assert.Equal(Outcome.MissingEvidence, EvaluationReport.Combine([Outcome.Pass, Outcome.MissingEvidence, Outcome.NotApplicable]));
        Assert.Equal(Outcome.Fail, EvaluationReport.Combine([Outcome.MissingEvidence, Outcome.Fail, Outcome.Pass]));
    }

    [Fact]
    public void Quota_is_area_times_cap_and_a_claim_may_fill_it_exactly()
    {
        var quota = LicenceQuota.For(Baisha, [12.5, 0.1, 0.2], ["tea"]);
        var season = Baisha.SeasonOf(D("2025-04-10"));

        Assert.Equal(12.8m, quota.AreaMu);
        Assert.Equal(1280m, quota.CertifiedKg("tea"));
        Assert.Null(quota.CertifiedKg("coffee"));

        var fits = quota.Check("tea", season, 980m, 300, "kg");
        Assert.True(fits.Allowed);
        Assert.Equal(("quota.within", 0m, "2025"), (fits.Code, fits.RemainingKg, fits.Season));

        var over = quota.Check("tea", season, 980m, 300.001, "kg");
        Assert.False(over.Allowed);
        Assert.Equal("quota.exceeded", over.Code);
        Assert.Contains("300 kg left", over.Reason.En, StringComparison.Ordinal);
        Assert.Contains("超出配额", over.Reason.Zh, StringComparison.Ordinal);

        Assert.True(quota.Check("tea", season, 0m, 1.28, "t").Allowed);
        Assert.False(quota.Check("tea", season, 0m, 1280001, "g").Allowed);
        Assert.Equal("quota.unit", quota.Check("tea", season, 0m, 10, "box").Code);
        Assert.Equal("quota.unit", quota.Check("tea", season, 0m, -1, "kg").Code);
        Assert.Equal("quota.category", quota.Check("coffee", season, 0m, 1, "kg").Code);
        Assert.Throws<ArgumentException>(() => LicenceQuota.For(Baisha, [10], ["coffee"]));
        Assert.Throws<ArgumentException>(() => LicenceQuota.For(Baisha, [0], ["tea"]));
    }

    [Fact]
    public void Quota_sums_of_many_small_claims_do_not_drift()
    {
        var quota = LicenceQuota.For(Baisha, [0.3], ["tea"]); // 30 kg
        var season = Baisha.SeasonOf(D("2025-06-01"));
        var claimed = 0m;
        for (var i = 0; i < 300; i++)
        {
            var check = quota.Check("tea", season, claimed, 0.1, "kg");
            Assert.True(check.Allowed, $"claim {i}");
            claimed += check.RequestedKg!.Value;
        }

        Assert.Equal(30m, claimed);
        Assert.False(quota.Check("tea", season, claimed, 0.001, "kg").Allowed);
    }

    [Theory]
    [InlineData("01-01", "2025-01-01", "2025", "2025-01-01", "2025-12-31")]
    [InlineData("01-01", "2025-12-31", "2025", "2025-01-01", "2025-12-31")]
    [InlineData("03-01", "2025-02-28", "2024/25", "2024-03-01", "2025-02-28")]
    [InlineData("03-01", "2024-02-29", "2023/24", "2023-03-01", "2024-02-29")]
    [InlineData("03-01", "2025-03-01", "2025/26", "2025-03-01", "2026-02-28")]
    public void Seasons_are_twelve_months_from_the_season_start(string start, string date, string id, string from, string to)
    {
        var season = Season.Containing(SeasonStart.Parse(start), D(date));

        Assert.Equal((id, D(from), D(to)), (season.Id, season.Start, season.End));
        Assert.True(season.Contains(D(date)));
    }

    [Theory]
    [InlineData(2.5, "kg", 2.5)]
    [InlineData(2500, "g", 2.5)]
    [InlineData(0.0025, "t", 2.5)]
    [InlineData(5, "斤", 2.5)]
    [InlineData(2.5, "公斤", 2.5)]
    public void Masses_convert_to_kg(double quantity, string unit, double kg) => Assert.Equal((decimal)kg, Units.ToKg(quantity, unit));

    [Theory]
    [InlineData(1, "mg/kg", 1)]
    [InlineData(1, "ppm", 1)]
    [InlineData(1000, "µg/kg", 1)]
    [InlineData(1000, "μg/kg", 1)]
    [InlineData(1000, "ppb", 1)]
    [InlineData(0.001, "g/kg", 1)]
    [InlineData(1, "毫克/千克", 1)]
    public void Concentrations_convert_to_mg_per_kg(double value, string unit, double mgPerKg) => Assert.Equal(mgPerKg, Units.ToMgPerKg(value, unit)!.Value, 12);

    [Theory]
    [InlineData("piece")]
    [InlineData("L")]
    [InlineData("box")]
    public void Count_and_volume_units_do_not_convert(string unit)
    {
        Assert.Null(Units.ToKg(1, unit));
        Assert.Null(Units.ToMgPerKg(1, unit));
    }
}
