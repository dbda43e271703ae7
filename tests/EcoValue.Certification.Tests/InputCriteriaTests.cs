using EcoValue.Certification.Evaluation;
using static EcoValue.Certification.Tests.TestStandards;

namespace EcoValue.Certification.Tests;

/// <summary>pre_harvest_interval and forbidden_inputs: pass, fail and missing evidence at producer and batch level.</summary>
public sealed class InputCriteriaTests
{
    private static readonly Standard Phi = With("""
          - id: phi
            kind: pre_harvest_interval
            applies_to: both
            title: { zh: 安全间隔期, en: Pre-harvest interval }
            active_ingredient: bifenthrin
            aliases: [联苯菊酯]
            categories: [tea]
            min_days: 7
            source: label
        """);

    private static readonly Standard Banned = With("""
          - id: banned
            kind: forbidden_inputs
            applies_to: both
            title: { zh: 禁用农药, en: Banned pesticides }
            ingredients:
              - { name: paraquat, aliases: [百草枯] }
              - { name: fipronil, aliases: [氟虫腈] }
            source: 禁限用农药名录
          - id: tea-only
            kind: forbidden_inputs
            applies_to: both
            title: { zh: 茶树禁用, en: Banned on tea }
            ingredients: [{ name: fenvalerate, aliases: [氰戊菊酯] }]
            categories: [tea]
            source: 禁限用农药名录
        """);

    private static ProducerEvidence WithInputs(params InputApplication[] inputs) => Farm() with { Inputs = inputs };

    [Fact]
    public void Interval_passes_when_the_last_application_is_long_enough_before_harvest()
    {
        var farm = WithInputs(
            new InputApplication(D("2025-03-20"), "Talstar", "联苯菊酯", PlotId: "plot-1"),
            new InputApplication(D("2025-04-03"), "Talstar", "bifenthrin", PlotId: "plot-1"));

        var batch = Batch(Phi, farm, "phi");

        Assert.Equal(Outcome.Pass, batch.Outcome);
        Assert.Equal(7, batch.Facts["batches"]![0]!["intervalDays"]!.GetValue<int>());
        Assert.Equal(Outcome.Pass, Producer(Phi, farm, "phi").Outcome);
        Assert.Equal(Outcome.Pass, Batch(Phi, WithInputs(new InputApplication(D("2025-04-09"), "Urea", "urea", PlotId: "plot-1")), "phi").Outcome);
    }

    [Fact]
    public void Interval_fails_when_applied_too_close_to_harvest()
    {
        var farm = WithInputs(new InputApplication(D("2025-04-05"), "Talstar", "Bifenthrin", BatchId: "b1"));

        var batch = Batch(Phi, farm, "phi");

        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("5 days before harvest", batch.Reason.En, StringComparison.Ordinal);
        Assert.Contains("要求不少于 7 天", batch.Reason.Zh, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, Producer(Phi, farm, "phi").Outcome);
    }

    [Fact]
    public void Interval_ignores_applications_on_other_plots_and_after_harvest()
    {
        var farm = WithInputs(
            new InputApplication(D("2025-04-08"), "Talstar", "bifenthrin", PlotId: "plot-2"),
            new InputApplication(D("2025-04-12"), "Talstar", "bifenthrin", PlotId: "plot-1"));

        Assert.Equal(Outcome.Pass, Batch(Phi, farm, "phi").Outcome);
    }

    [Fact]
    public void Interval_lacks_evidence_for_an_unknown_ingredient_inside_the_interval_only()
    {
        var inside = WithInputs(new InputApplication(D("2025-04-06"), "Mystery spray", null, PlotId: "plot-1"));
        var outside = WithInputs(new InputApplication(D("2025-03-01"), "Mystery spray", null, PlotId: "plot-1"));

        var result = Batch(Phi, inside, "phi");
        Assert.Equal(Outcome.MissingEvidence, result.Outcome);
        Assert.Contains("Mystery spray", result.Reason.En, StringComparison.Ordinal);
        Assert.Equal(Outcome.Pass, Batch(Phi, outside, "phi").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Batch(Phi, Farm() with { Batches = [new BatchEvidence("b1", "plot-1", "tea", null, 300, "kg")] }, "phi").Outcome);
    }

    [Fact]
    public void Interval_at_producer_level_lacks_evidence_without_a_harvest_in_the_window()
    {
        var farm = Farm() with { Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2023-04-10"), 300, "kg")] };

        Assert.Equal(Outcome.MissingEvidence, Producer(Phi, farm, "phi").Outcome);
    }

    [Fact]
    public void Forbidden_inputs_pass_when_none_is_recorded_or_all_are_allowed()
    {
        Assert.Equal(Outcome.Pass, Batch(Banned, Farm(), "banned").Outcome);
        var farm = WithInputs(new InputApplication(D("2025-03-01"), "Confidor", "imidacloprid", PlotId: "plot-1"));
        var producer = Producer(Banned, farm, "banned");
        Assert.Equal(Outcome.Pass, producer.Outcome);
        Assert.Equal(1, producer.Facts["inputsChecked"]!.GetValue<int>());
    }

    [Fact]
    public void Forbidden_inputs_fail_on_a_banned_ingredient_by_any_of_its_names()
    {
        var farm = WithInputs(new InputApplication(D("2025-02-01"), "克无踪", "百草枯", PlotId: "plot-1"));

        var batch = Batch(Banned, farm, "banned");

        Assert.Equal(Outcome.Fail, batch.Outcome);
        Assert.Contains("百草枯", batch.Reason.Zh, StringComparison.Ordinal);
        Assert.Equal("克无踪", batch.Facts["forbiddenFound"]![0]!["product"]!.GetValue<string>());
        Assert.Equal(Outcome.Fail, Producer(Banned, farm, "banned").Outcome);
    }

    [Fact]
    public void Forbidden_inputs_lack_evidence_for_an_input_without_its_active_ingredient()
    {
        var farm = WithInputs(new InputApplication(D("2025-02-01"), "Unlabelled bottle", "  ", PlotId: "plot-1"));

        Assert.Equal(Outcome.MissingEvidence, Batch(Banned, farm, "banned").Outcome);
        Assert.Equal(Outcome.MissingEvidence, Producer(Banned, farm, "banned").Outcome);
    }

    [Fact]
    public void Forbidden_inputs_outside_the_window_or_for_another_category_do_not_count()
    {
        var old = WithInputs(new InputApplication(D("2023-12-01"), "Gramoxone", "paraquat", PlotId: "plot-1"));
        Assert.Equal(Outcome.Pass, Producer(Banned, old, "banned").Outcome);

        // Fenvalerate is banned on tea only; a coffee plot's spraying does not concern a tea scope.
        var farm = Farm() with
        {
            Plots = [new PlotEvidence("plot-1", "469025", 10), new PlotEvidence("plot-2", "469025", 5)],
            Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 300, "kg"), new BatchEvidence("b2", "plot-2", "coffee", D("2025-01-10"), 100, "kg")],
            Inputs = [new InputApplication(D("2025-03-01"), "Sumicidin", "fenvalerate", PlotId: "plot-2")],
        };
        var both = new EvaluationScope(["plot-1", "plot-2"], ["tea", "coffee"]);
        Assert.Equal(Outcome.Pass, Producer(Banned, farm, "tea-only", both).Outcome);
        Assert.Equal(Outcome.NotApplicable, Batch(Banned, farm, "tea-only", "b2").Outcome);
        var onTea = farm with { Inputs = [new InputApplication(D("2025-03-01"), "Sumicidin", "fenvalerate", PlotId: "plot-1")] };
        Assert.Equal(Outcome.Fail, Producer(Banned, onTea, "tea-only", both).Outcome);
    }
}
