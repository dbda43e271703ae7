using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation;

/// <summary>
/// Collects what a criterion found about each subject it looked at (each plot, batch, category …) and turns it into
/// one result: the worst outcome wins, and the reason lists the findings that decided it.
/// </summary>
internal sealed class Findings
{
    private readonly List<(Outcome Outcome, string En, string Zh)> _items = [];

    public void Add(Outcome outcome, string en, string zh) => _items.Add((outcome, en, zh));

    public void Pass(string en, string zh) => Add(Outcome.Pass, en, zh);

    public void Fail(string en, string zh) => Add(Outcome.Fail, en, zh);

    public void Missing(string en, string zh) => Add(Outcome.MissingEvidence, en, zh);

    public bool IsEmpty => _items.Count == 0;

    public Outcome Outcome => EvaluationReport.Combine(_items.Select(i => i.Outcome));

    public CriterionResult Result(Criterion criterion, JsonObject facts)
    {
        var outcome = Outcome;
        var deciding = _items.Where(i => i.Outcome == outcome).ToList();
        var reason = new LocalizedText(string.Join("；", deciding.Select(i => i.Zh)), string.Join("; ", deciding.Select(i => i.En)));
        return new CriterionResult(criterion.Id, criterion.Kind, criterion.Title, outcome, facts, reason);
    }

    public static CriterionResult NotApplicable(Criterion criterion, string en, string zh, JsonObject? facts = null) =>
        new(criterion.Id, criterion.Kind, criterion.Title, Outcome.NotApplicable, facts ?? [], new LocalizedText(zh, en));

    /// <summary>The usual not-applicable line for a batch of a category the criterion does not concern.</summary>
    public static CriterionResult OtherCategory(Criterion criterion, string category) => NotApplicable(
        criterion,
        $"does not concern category {category} (covers {string.Join(", ", criterion.Categories)})",
        $"不涉及类别 {category}（适用于 {string.Join("、", criterion.Categories)}）",
        new JsonObject { ["category"] = category, ["criterionCategories"] = Strings(criterion.Categories) });

    /// <summary>The usual not-applicable line for a producer scope without any category the criterion concerns.</summary>
    public static CriterionResult NoCoveredCategory(Criterion criterion, IReadOnlyList<string> scope) => NotApplicable(
        criterion,
        $"the scope ({string.Join(", ", scope)}) has no category this criterion covers ({string.Join(", ", criterion.Categories)})",
        $"申请范围（{string.Join("、", scope)}）中没有本准则适用的类别（{string.Join("、", criterion.Categories)}）",
        new JsonObject { ["scopeCategories"] = Strings(scope), ["criterionCategories"] = Strings(criterion.Categories) });

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
