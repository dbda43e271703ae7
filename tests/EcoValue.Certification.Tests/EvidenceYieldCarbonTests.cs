using EcoValue.Certification.Evaluation;
using static EcoValue.Certification.Tests.TestStandards;

namespace EcoValue.Certification.Tests;

/// <summary>evidence_required, yield_cap and carbon_intensity: pass, fail and missing evidence at producer and batch level.</summary>
public sealed class EvidenceYieldCarbonTests
{
    private static readonly Standard Documents = With("""
          - id: licence
            kind: evidence_required
            applies_to: both
            title: { zh: 营业执照, en: Business licence }
            evidence_kinds: [business-licence]
          - id: certificate
            kind: evidence_required
            applies_to: batch
            title: { zh: 合格证, en: Compliance certificate }
            evidence_kinds: [compliance-certificate]
        """);

    private static readonly Standard Cap = With("""
          - id: cap
            kind: yield_cap
            applies_to: both
            title: { zh: 产量上限, en: Yield cap }
        """);

    private static readonly Standard Carbon = With("""
          - id: carbon
            kind: carbon_intensity
            applies_to: both
            title: { zh: 碳强度, en: Carbon intensity }
            categories: [tea]
            max_kg_co2e_per_kg: 5.0
            source: ISO 14067
            illustrative: true
        """);

    [Fact]
    public void Documents_pass_when_on_file_and_valid()
    {
        var farm = Farm() with
        {
            Documents = [new EvidenceDocument("business-licence", "BL-1", ValidUntil: D("2030-01-01")), new EvidenceDocument("compliance-certificate", "CC-1", BatchId: "b1")],
        };

        Assert.Equal(Outcome.Pass, Producer(Documents, farm, "licence").Outcome);
        Assert.Equal(Outcome.Pass, Batch(Documents, farm, "licence").Outcome);
        var certificate = Batch(Documents, farm, "certificate");
        Assert.Equal(Outcome.Pass, certificate.Outcome);
        Assert.Equal("CC-1", certificate.Facts["documents"]!["compliance-certificate"]![0]!["id"]!.GetValue<string>());
        Assert.Null(Evaluator.EvaluateProducer(Documents, farm, TeaScope, AsOf).For("certificate"));
    }

    [Fact]
    public void Documents_fail_when_expired()
    {
        var farm = Farm() with
        {
            Documents = [new EvidenceDocument("business-licence", "BL-1", ValidUntil: D("2025-04-30")), new EvidenceDocument("compliance-certificate", "CC-1", BatchId: "b1", ValidUntil: D("2025-04-01"))],
        };

        var producer = Producer(Documents, farm, "licence");
        Assert.Equal(Outcome.Fail, producer.Outcome);
        Assert.Contains("expired on 2025-04-30", producer.Reason.En, StringComparison.Ordinal);
        // Valid on the harvest date (2025-04-10) is what a batch needs: the licence was; the certificate was not.
        Assert.Equal(Outcome.Pass, Batch(Documents, farm, "licence").Outcome);
        Assert.Equal(Outcome.Fail, Batch(Documents, farm, "certificate").Outcome);
    }

    [Fact]
    public void Documents_are_missing_when_absent_for_that_subject_or_issued_later()
    {
        Assert.Equal(Outcome.MissingEvidence, Producer(Documents, Farm(), "licence").Outcome);
        var otherBatch = Farm() with { Documents = [new EvidenceDocument("compliance-certificate", "CC-9", BatchId: "b9"), new EvidenceDocument("business-licence", "BL-2", BatchId: "b1")] };
        Assert.Equal(Outcome.MissingEvidence, Batch(Documents, otherBatch, "certificate").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Documents, otherBatch, "licence").Outcome);
        var later = Farm() with { Documents = [new EvidenceDocument("business-licence", "BL-3", IssuedOn: D("2025-06-01"))] };
        Assert.Equal(Outcome.MissingEvidence, Producer(Documents, later, "licence").Outcome);
    }

    [Fact]
    public void Yield_within_area_times_cap_passes_up_to_the_exact_cap()
    {
        // plot-1 is 10 mu, tea cap 100 kg/mu: 1,000 kg a season.
        var farm = Farm() with
        {
            Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 300, "kg"), new BatchEvidence("b2", "plot-1", "tea", D("2025-04-20"), 0.7, "t")],
        };

        var batch = Batch(Cap, farm, "cap", "b2");

        Assert.Equal(Outcome.Pass, batch.Outcome);
        Assert.Equal(1000m, batch.Facts["capKg"]!.GetValue<decimal>());
        Assert.Equal(1000m, batch.Facts["harvestedKg"]!.GetValue<decimal>());
        Assert.Equal("2025", batch.Facts["season"]!.GetValue<string>());
        Assert.Equal(Outcome.Pass, Producer(Cap, farm, "cap").Outcome);
        Assert.Equal(Outcome.Pass, Producer(Cap, Farm() with { Batches = [] }, "cap").Outcome);
    }

    [Fact]
    public void Yield_over_the_cap_fails_and_other_seasons_do_not_count()
    {
        var farm = Farm() with
        {
            Batches =
            [
                new BatchEvidence("last-year", "plot-1", "tea", D("2024-11-10"), 900, "kg"),
                new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 600, "kg"),
                new BatchEvidence("b2", "plot-1", "tea", D("2025-04-20"), 400001, "g"),
            ],
        };

        var batch = Batch(Cap, farm, "cap", "b2");
        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("1000.001 kg harvested, over the cap of 1000 kg", batch.Reason.En, StringComparison.Ordinal);
        Assert.Equal(Outcome.Pass, Batch(Cap, farm, "cap", "last-year").Outcome);
        Assert.Equal(Outcome.Fail, Producer(Cap, farm, "cap").Outcome);
    }

    [Fact]
    public void Yield_lacks_evidence_for_unweighable_batches_or_an_unknown_area()
    {
        var boxes = Farm() with { Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 30, "box")] };
        Assert.Equal(Outcome.MissingEvidence, Batch(Cap, boxes, "cap").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Cap, boxes, "cap").Outcome);

        var noArea = Farm() with { Plots = [new PlotEvidence("plot-1", "469025", null)] };
        Assert.Equal(Outcome.MissingEvidence, Batch(Cap, noArea, "cap").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Cap, noArea, "cap").Outcome);

        // Batches that can be weighed and already exceed the cap fail, whatever the unweighable ones hold.
        var over = Farm() with { Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 1200, "kg"), new BatchEvidence("b2", "plot-1", "tea", D("2025-04-11"), 3, "box")] };
        Assert.Equal(Outcome.Fail, Batch(Cap, over, "cap", "b2").Outcome);
    }

    [Fact]
    public void Carbon_within_the_ceiling_passes_using_the_latest_declaration()
    {
        var farm = Farm() with
        {
            CarbonDeclarations = [new CarbonDeclaration("tea", 6.0, D("2024-01-01")), new CarbonDeclaration("tea", 4.2, D("2025-02-01"), "ISO 14067 report R-7")],
        };

        var producer = Producer(Carbon, farm, "carbon");
        Assert.Equal(Outcome.Pass, producer.Outcome);
        Assert.Equal(4.2, producer.Facts["declared"]!["tea"]!["kgCo2ePerKg"]!.GetValue<double>());
        Assert.Equal(Outcome.Pass, Batch(Carbon, farm, "carbon").Outcome);
    }

    [Fact]
    public void Carbon_over_the_ceiling_fails_and_a_later_declaration_is_not_used_early()
    {
        var farm = Farm() with
        {
            CarbonDeclarations = [new CarbonDeclaration("tea", 5.5, D("2025-01-01")), new CarbonDeclaration("tea", 3.0, D("2025-06-01"))],
        };

        var batch = Batch(Carbon, farm, "carbon");
        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("5.5", batch.Reason.En, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, Producer(Carbon, farm, "carbon").Outcome);
    }

    [Fact]
    public void Carbon_lacks_evidence_without_a_declaration_for_the_category()
    {
        var farm = Farm() with { CarbonDeclarations = [new CarbonDeclaration("coffee", 1.0)] };

        Assert.Equal(Outcome.MissingEvidence, Batch(Carbon, farm, "carbon").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Carbon, farm, "carbon").Outcome);
    }
}
