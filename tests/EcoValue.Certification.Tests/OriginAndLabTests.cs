using EcoValue.Certification.Evaluation;
using static EcoValue.Certification.Tests.TestStandards;

namespace EcoValue.Certification.Tests;

/// <summary>origin_region, lab_limit and lab_recency: pass, fail and missing evidence at producer and batch level.</summary>
public sealed class OriginAndLabTests
{
    private static readonly Standard Origin = With("""
          - id: origin
            kind: origin_region
            applies_to: both
            title: { zh: 产地, en: Origin }
            region_prefixes: ["469025", "4601"]
        """);

    private static readonly Standard Lead = With("""
          - id: lead
            kind: lab_limit
            applies_to: both
            title: { zh: 铅, en: Lead }
            analyte: lead
            aliases: [铅, Pb]
            categories: [tea]
            max_mg_per_kg: 5.0
            source: GB 2762-2022
        """);

    private static readonly Standard Recency = With("""
          - id: recent
            kind: lab_recency
            applies_to: both
            title: { zh: 近期检测, en: Recent lab }
            max_age_days: 90
        """);

    private static ProducerEvidence WithLab(params AnalyteValue[] analytes) =>
        Farm() with { LabResults = [new LabResultEvidence("lab-1", D("2025-04-12"), analytes, BatchId: "b1")] };

    [Fact]
    public void Origin_passes_when_producer_and_plots_are_in_the_region()
    {
        var result = Producer(Origin, Farm(), "origin");

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Equal("469025", result.Facts["plots"]![0]!["region"]!.GetValue<string>());
        Assert.True(result.Facts["producer"]!["within"]!.GetValue<bool>());
        Assert.Equal(Outcome.Pass, Batch(Origin, Farm(), "origin").Outcome);
    }

    [Fact]
    public void Origin_fails_for_a_plot_outside_the_region_at_both_levels()
    {
        var farm = Farm() with { Plots = [new PlotEvidence("plot-1", "460200", 10)] };

        var producer = Producer(Origin, farm, "origin");
        var batch = Batch(Origin, farm, "origin");

        Assert.Equal(Outcome.Fail, producer.Outcome);
        Assert.Contains("460200", producer.Reason.En, StringComparison.Ordinal);
        Assert.Contains("460200", producer.Reason.Zh, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Equal(Outcome.Pass, Batch(Origin, Farm() with { Plots = [new PlotEvidence("plot-1", "460107", 10)] }, "origin").Outcome);
    }

    [Fact]
    public void Origin_lacks_evidence_without_region_codes()
    {
        Assert.Equal(Outcome.MissingEvidence, Producer(Origin, Farm() with { RegionCode = null }, "origin").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Batch(Origin, Farm() with { Plots = [new PlotEvidence("plot-1", null, 10)] }, "origin").Outcome);
        var farm = Farm() with { Batches = [new BatchEvidence("b1", "plot-elsewhere", "tea", D("2025-04-10"), 300, "kg")] };
        Assert.Equal(Outcome.MissingEvidence, Batch(Origin, farm, "origin").Outcome);
    }

    [Fact]
    public void Lead_within_the_limit_passes_by_name_alias_and_converted_unit()
    {
        Assert.Equal(Outcome.Pass, Batch(Lead, WithLab(new AnalyteValue("lead", 1.2, "mg/kg")), "lead").Outcome);
        Assert.Equal(Outcome.Pass, Batch(Lead, WithLab(new AnalyteValue("铅", 4999, "µg/kg")), "lead").Outcome);
        Assert.Equal(Outcome.Pass, Batch(Lead, WithLab(new AnalyteValue(" PB ", 5, "ppm")), "lead").Outcome);
        var producer = Producer(Lead, WithLab(new AnalyteValue("Lead", 0.8, "MG/KG")), "lead");
        Assert.Equal(Outcome.Pass, producer.Outcome);
        Assert.Equal(0.8, producer.Facts["categories"]!["tea"]![0]!["mgPerKg"]!.GetValue<double>());
    }

    [Fact]
    public void Lead_over_the_limit_fails_and_names_the_measurement()
    {
        var batch = Batch(Lead, WithLab(new AnalyteValue("铅", 6000, "μg/kg")), "lead");

        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("6 mg/kg", batch.Reason.En, StringComparison.Ordinal);
        Assert.Contains("超过限量 5 mg/kg", batch.Reason.Zh, StringComparison.Ordinal);
        Assert.Equal(6.0, batch.Facts["measurements"]![0]!["mgPerKg"]!.GetValue<double>(), 9);
        Assert.Equal(Outcome.Fail, Producer(Lead, WithLab(new AnalyteValue("lead", 5.01, "mg/kg")), "lead").Outcome);
    }

    [Fact]
    public void Lead_without_a_usable_measurement_is_missing_evidence()
    {
        Assert.Equal(Outcome.MissingEvidence, Batch(Lead, Farm(), "lead").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Lead, Farm(), "lead").Outcome);
        var onlyCadmium = Batch(Lead, WithLab(new AnalyteValue("cadmium", 0.01, "mg/kg")), "lead");
        Assert.Equal(Outcome.MissingEvidence, onlyCadmium.Outcome);
        Assert.Contains("not measured", onlyCadmium.Reason.En, StringComparison.Ordinal);
        var perLitre = Batch(Lead, WithLab(new AnalyteValue("lead", 0.1, "mg/L")), "lead");
        Assert.Equal(Outcome.MissingEvidence, perLitre.Outcome);
        Assert.Contains("mg/L", perLitre.Reason.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_ignores_a_result_sampled_after_the_evaluation_date()
    {
        var farm = Farm() with { LabResults = [new LabResultEvidence("later", D("2025-05-02"), [new AnalyteValue("lead", 9, "mg/kg")], BatchId: "b1")] };

        Assert.Equal(Outcome.MissingEvidence, Batch(Lead, farm, "lead").Outcome);
    }

    [Fact]
    public void A_field_sample_of_a_scoped_plot_speaks_for_the_producer_but_not_for_a_batch()
    {
        var farm = Farm() with { LabResults = [new LabResultEvidence("field", D("2025-03-01"), [new AnalyteValue("lead", 0.3, "mg/kg")], PlotId: "plot-1", Category: "tea")] };

        Assert.Equal(Outcome.Pass, Producer(Lead, farm, "lead").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Batch(Lead, farm, "lead").Outcome);
    }

    [Fact]
    public void A_tea_limit_does_not_concern_a_coffee_batch()
    {
        var farm = Farm() with { Batches = [new BatchEvidence("b1", "plot-1", "coffee", D("2025-04-10"), 300, "kg")] };

        var result = Batch(Lead, farm, "lead");

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Equal(Outcome.NotApplicable, Producer(Lead, farm, "lead", new EvaluationScope(["plot-1"], ["coffee"])).Outcome);
    }

    [Fact]
    public void Recency_passes_for_a_sample_near_the_harvest_and_a_recent_producer_sample()
    {
        var farm = Farm() with { LabResults = [new LabResultEvidence("lab-1", D("2025-04-15"), [new AnalyteValue("lead", 1, "mg/kg")], BatchId: "b1")] };

        Assert.Equal(Outcome.Pass, Batch(Recency, farm, "recent").Outcome);
        var producer = Producer(Recency, farm, "recent");
        Assert.Equal(Outcome.Pass, producer.Outcome);
        Assert.Equal(16, producer.Facts["newest"]!["tea"]!["ageDays"]!.GetValue<int>());
    }

    [Fact]
    public void Recency_fails_for_stale_samples()
    {
        var farm = Farm() with { LabResults = [new LabResultEvidence("old", D("2024-10-01"), [new AnalyteValue("lead", 1, "mg/kg")], BatchId: "b1")] };

        var batch = Batch(Recency, farm, "recent");
        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("191 days", batch.Reason.En, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, Producer(Recency, farm, "recent").Outcome);
    }

    [Fact]
    public void Recency_lacks_evidence_without_a_sample_or_a_harvest_date()
    {
        Assert.Equal(Outcome.MissingEvidence, Batch(Recency, Farm(), "recent").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Recency, Farm(), "recent").Outcome);
        var unharvested = Farm() with
        {
            Batches = [new BatchEvidence("b1", "plot-1", "tea", null, 300, "kg")],
            LabResults = [new LabResultEvidence("lab-1", D("2025-04-15"), [], BatchId: "b1")],
        };
        Assert.Equal(Outcome.MissingEvidence, Batch(Recency, unharvested, "recent").Outcome);
    }
}
