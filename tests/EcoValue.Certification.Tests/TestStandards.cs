using EcoValue.Certification.Evaluation;

namespace EcoValue.Certification.Tests;

/// <summary>A small standard (scope tea and coffee) to which a test adds the criteria it exercises, and a farm to judge.</summary>
internal static class TestStandards
{
    public const string Header = """
        id: test-standard
        version: 1.0.0
        title: { zh: 测试标准, en: Test standard }
        brand: { id: test-brand, name: { zh: 测试品牌, en: Test brand } }
        scope: { categories: [tea, coffee] }
        validity: { months: 24 }
        evaluation: { lookback_days: 365 }
        quota:
          season_start: "01-01"
          yield_caps:
            - { category: tea, kg_per_mu: 100 }
            - { category: coffee, kg_per_mu: 120 }
        criteria:

        """;

    public static readonly DateOnly AsOf = new(2025, 5, 1);

    public static Standard With(string criteria) => StandardLoader.Parse(Header + criteria, "test.yaml");

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// An approved producer in Baisha (469025) with one 10 mu tea plot and one 300 kg tea batch harvested 2025-04-10,
    /// and nothing else: each test adds the evidence its criterion looks at.
    /// </summary>
    public static ProducerEvidence Farm() => new()
    {
        ProducerId = "producer-1",
        RegionCode = "469025",
        Approved = true,
        Plots = [new PlotEvidence("plot-1", "469025", 10)],
        Batches = [new BatchEvidence("b1", "plot-1", "tea", D("2025-04-10"), 300, "kg")],
    };

    public static readonly EvaluationScope TeaScope = new(["plot-1"], ["tea"]);

    public static CriterionResult Producer(Standard standard, ProducerEvidence evidence, string criterionId, EvaluationScope? scope = null) =>
        Evaluator.EvaluateProducer(standard, evidence, scope ?? TeaScope, AsOf).For(criterionId) ?? throw new InvalidOperationException($"{criterionId} not evaluated at producer level");

    public static CriterionResult Batch(Standard standard, ProducerEvidence evidence, string criterionId, string batchId = "b1") =>
        Evaluator.EvaluateBatch(standard, evidence, batchId, AsOf).For(criterionId) ?? throw new InvalidOperationException($"{criterionId} not evaluated at batch level");
}
