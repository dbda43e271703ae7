using System.Globalization;
using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation;

/// <summary>
/// What one criterion concluded. <see cref="MissingEvidence"/> is not a failure: the certifier asks for the evidence.
/// <see cref="NotApplicable"/> marks a criterion that does not concern this subject (a tea limit for a coffee batch)
/// and never changes the overall outcome.
/// </summary>
public enum Outcome
{
    Pass,
    Fail,
    MissingEvidence,
    NotApplicable,
}

/// <summary>Whether an evaluation judged a producer's application (scope of plots and categories) or one batch.</summary>
public enum EvaluationLevel
{
    Producer,
    Batch,
}

/// <summary>
/// One line of a report: a criterion (or a precondition, whose id starts with <c>precondition:</c> and whose kind is
/// <c>precondition</c>), its outcome, the facts it used as a JSON object a certifier can read and an auditor can
/// recompute, and the reason in both languages.
/// </summary>
public sealed record CriterionResult(string CriterionId, string Kind, LocalizedText Title, Outcome Outcome, JsonObject Facts, LocalizedText Reason)
{
    public JsonObject ToJson() => new()
    {
        ["criterion"] = CriterionId,
        ["kind"] = Kind,
        ["title"] = new JsonObject { ["zh"] = Title.Zh, ["en"] = Title.En },
        ["outcome"] = EvaluationReport.OutcomeName(Outcome),
        ["facts"] = Facts.DeepClone(),
        ["reason"] = new JsonObject { ["zh"] = Reason.Zh, ["en"] = Reason.En },
    };
}

/// <summary>
/// The result of evaluating a producer or a batch against one standard on one date. <see cref="Overall"/> is Fail if
/// any line failed, else MissingEvidence if any line lacks evidence, else Pass. The report names the standard by its
/// hash, so it can be read back against the exact text that judged it.
/// </summary>
public sealed record EvaluationReport(
    string StandardId,
    string StandardVersion,
    string StandardHash,
    EvaluationLevel Level,
    string ProducerId,
    string? BatchId,
    DateOnly AsOf,
    IReadOnlyList<CriterionResult> Results)
{
    public Outcome Overall => Combine(Results.Select(r => r.Outcome));

    /// <summary>The line of a criterion (or precondition) by id; null when it was not evaluated at this level.</summary>
    public CriterionResult? For(string criterionId) => Results.FirstOrDefault(r => r.CriterionId == criterionId);

    /// <summary>Fail beats missing evidence beats pass; not-applicable lines count for nothing (no lines at all: pass).</summary>
    public static Outcome Combine(IEnumerable<Outcome> outcomes)
    {
        var result = Outcome.Pass;
        foreach (var o in outcomes)
        {
            if (o == Outcome.Fail)
            {
                return Outcome.Fail;
            }

            if (o == Outcome.MissingEvidence)
            {
                result = Outcome.MissingEvidence;
            }
        }

        return result;
    }

    /// <summary>The outcome as the report's JSON spells it: pass, fail, missing_evidence, not_applicable.</summary>
    public static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        Outcome.MissingEvidence => "missing_evidence",
        _ => "not_applicable",
    };

    /// <summary>The report as JSON (for the API, and to store with an application decision).</summary>
    public JsonObject ToJson() => new()
    {
        ["standard"] = new JsonObject { ["id"] = StandardId, ["version"] = StandardVersion, ["hash"] = StandardHash },
        ["level"] = Level == EvaluationLevel.Producer ? "producer" : "batch",
        ["producer"] = ProducerId,
        ["batch"] = BatchId,
        ["asOf"] = AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["overall"] = OutcomeName(Overall),
        ["results"] = new JsonArray([.. Results.Select(r => (JsonNode)r.ToJson())]),
    };
}
