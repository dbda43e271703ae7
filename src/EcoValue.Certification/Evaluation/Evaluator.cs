using System.Text.Json.Nodes;
using EcoValue.Certification.Evaluation.Checks;

namespace EcoValue.Certification.Evaluation;

/// <summary>
/// Evaluates evidence against a standard. Pure: same standard, evidence, scope and date give the same report, and
/// nothing dated after the evaluation date is looked at, so a decision can be replayed later exactly.
/// <para>
/// Producer level (<see cref="EvaluateProducer"/>) judges an application: the criteria with <c>applies_to</c>
/// producer or both, over the scoped plots and categories. Batch level (<see cref="EvaluateBatch"/>) judges one batch
/// that would carry the brand: the criteria with <c>applies_to</c> batch or both. Each report starts with its
/// preconditions (producer approved; scope within the standard; for a batch, its category within the standard),
/// which are lines like the criteria with kind <c>precondition</c>.
/// </para>
/// </summary>
public static class Evaluator
{
    public const string PreconditionKind = "precondition";

    /// <summary>Evaluates a producer's application for a licence covering <paramref name="scope"/>.</summary>
    public static EvaluationReport EvaluateProducer(Standard standard, ProducerEvidence evidence, EvaluationScope scope, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(scope);
        var ctx = new EvaluationContext(standard, evidence, asOf, scope);
        var results = new List<CriterionResult> { Approved(evidence), ScopeCategories(standard, scope), ScopePlots(ctx, scope) };
        foreach (var criterion in standard.Criteria.Where(c => c.AtProducerLevel))
        {
            results.Add(criterion switch
            {
                OriginRegionCriterion c => OriginRegionCheck.Producer(ctx, c),
                LabLimitCriterion c => LabLimitCheck.Producer(ctx, c),
                LabRecencyCriterion c => LabRecencyCheck.Producer(ctx, c),
                PreHarvestIntervalCriterion c => PreHarvestIntervalCheck.Producer(ctx, c),
                ForbiddenInputsCriterion c => ForbiddenInputsCheck.Producer(ctx, c),
                EvidenceRequiredCriterion c => EvidenceRequiredCheck.Producer(ctx, c),
                YieldCapCriterion c => YieldCapCheck.Producer(ctx, c),
                CarbonIntensityCriterion c => CarbonIntensityCheck.Producer(ctx, c),
                _ => throw new NotSupportedException($"criterion kind {criterion.Kind} has no producer check"),
            });
        }

        return new EvaluationReport(standard.Id, standard.Version, standard.Hash, EvaluationLevel.Producer, evidence.ProducerId, null, asOf, results);
    }

    /// <summary>Evaluates one of the producer's batches for carrying the brand.</summary>
    /// <exception cref="KeyNotFoundException">The evidence has no batch <paramref name="batchId"/>.</exception>
    public static EvaluationReport EvaluateBatch(Standard standard, ProducerEvidence evidence, string batchId, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(evidence);
        var ctx = new EvaluationContext(standard, evidence, asOf, null);
        var batch = ctx.Batch(batchId) ?? throw new KeyNotFoundException($"producer {evidence.ProducerId} has no batch {batchId}");
        var results = new List<CriterionResult> { Approved(evidence), BatchCategory(standard, batch) };
        foreach (var criterion in standard.Criteria.Where(c => c.AtBatchLevel))
        {
            results.Add(criterion switch
            {
                OriginRegionCriterion c => OriginRegionCheck.Batch(ctx, c, batch),
                LabLimitCriterion c => LabLimitCheck.Batch(ctx, c, batch),
                LabRecencyCriterion c => LabRecencyCheck.Batch(ctx, c, batch),
                PreHarvestIntervalCriterion c => PreHarvestIntervalCheck.Batch(ctx, c, batch),
                ForbiddenInputsCriterion c => ForbiddenInputsCheck.Batch(ctx, c, batch),
                EvidenceRequiredCriterion c => EvidenceRequiredCheck.Batch(ctx, c, batch),
                YieldCapCriterion c => YieldCapCheck.Batch(ctx, c, batch),
                CarbonIntensityCriterion c => CarbonIntensityCheck.Batch(ctx, c, batch),
                _ => throw new NotSupportedException($"criterion kind {criterion.Kind} has no batch check"),
            });
        }

        return new EvaluationReport(standard.Id, standard.Version, standard.Hash, EvaluationLevel.Batch, evidence.ProducerId, batch.Id, asOf, results);
    }

    private static CriterionResult Approved(ProducerEvidence evidence) => Precondition(
        "precondition:producer-approved",
        new LocalizedText("生产者注册已审核通过", "Producer registration approved"),
        evidence.Approved ? Outcome.Pass : Outcome.Fail,
        new JsonObject { ["producer"] = evidence.ProducerId, ["approved"] = evidence.Approved },
        evidence.Approved ? new LocalizedText("生产者已审核通过", "the producer is approved") : new LocalizedText("生产者注册尚未审核通过", "the producer's registration is not approved"));

    private static CriterionResult ScopeCategories(Standard standard, EvaluationScope scope)
    {
        var outside = scope.Categories.Where(c => !standard.Covers(c)).Distinct(StringComparer.Ordinal).ToList();
        var facts = new JsonObject { ["requested"] = Findings.Strings(scope.Categories), ["standardCategories"] = Findings.Strings(standard.Categories) };
        var title = new LocalizedText("申请类别在标准范围内", "Requested categories within the standard's scope");
        if (scope.Categories.Count == 0)
        {
            return Precondition("precondition:scope-categories", title, Outcome.Fail, facts, new LocalizedText("申请未列出任何类别", "the application names no category"));
        }

        return outside.Count > 0
            ? Precondition("precondition:scope-categories", title, Outcome.Fail, facts, new LocalizedText($"标准不涵盖：{string.Join("、", outside)}", $"not covered by the standard: {string.Join(", ", outside)}"))
            : Precondition("precondition:scope-categories", title, Outcome.Pass, facts, new LocalizedText("所有申请类别均在标准范围内", "every requested category is covered"));
    }

    private static CriterionResult ScopePlots(EvaluationContext ctx, EvaluationScope scope)
    {
        var unknown = ctx.ScopePlotIds.Where(id => ctx.Plot(id) is null).ToList();
        var facts = new JsonObject { ["requested"] = Findings.Strings(scope.PlotIds), ["unknown"] = Findings.Strings(unknown) };
        var title = new LocalizedText("申请地块属于该生产者", "Requested plots belong to the producer");
        if (scope.PlotIds.Count == 0)
        {
            return Precondition("precondition:scope-plots", title, Outcome.Fail, facts, new LocalizedText("申请未列出任何地块", "the application names no plot"));
        }

        return unknown.Count > 0
            ? Precondition("precondition:scope-plots", title, Outcome.Fail, facts, new LocalizedText($"不是该生产者的地块：{string.Join("、", unknown)}", $"not plots of this producer: {string.Join(", ", unknown)}"))
            : Precondition("precondition:scope-plots", title, Outcome.Pass, facts, new LocalizedText("所有申请地块均属于该生产者", "every requested plot is the producer's"));
    }

    private static CriterionResult BatchCategory(Standard standard, BatchEvidence batch) => Precondition(
        "precondition:batch-category",
        new LocalizedText("批次类别在标准范围内", "Batch category within the standard's scope"),
        standard.Covers(batch.Category) ? Outcome.Pass : Outcome.Fail,
        new JsonObject { ["batch"] = batch.Id, ["category"] = batch.Category, ["standardCategories"] = Findings.Strings(standard.Categories) },
        standard.Covers(batch.Category)
            ? new LocalizedText($"类别 {batch.Category} 在标准范围内", $"category {batch.Category} is covered")
            : new LocalizedText($"标准不涵盖类别 {batch.Category}", $"the standard does not cover category {batch.Category}"));

    private static CriterionResult Precondition(string id, LocalizedText title, Outcome outcome, JsonObject facts, LocalizedText reason) =>
        new(id, PreconditionKind, title, outcome, facts, reason);
}
