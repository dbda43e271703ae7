using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>carbon_intensity</c>: the producer's latest declaration (by the evaluation date) for a category is at most
/// <c>max_kg_co2e_per_kg</c>. Batch level judges the batch's category; producer level every covered category. No
/// declaration is missing evidence. The engine trusts the declared figure; its basis (a footprint report) is what
/// an <c>evidence_required</c> criterion can demand.
/// </summary>
internal static class CarbonIntensityCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, CarbonIntensityCriterion c)
    {
        var categories = ctx.CoveredCategories(c);
        if (categories.Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var findings = new Findings();
        var declared = new JsonObject();
        foreach (var category in categories)
        {
            declared[category] = Judge(ctx, c, category, findings);
        }

        return findings.Result(c, Facts(c, declared));
    }

    public static CriterionResult Batch(EvaluationContext ctx, CarbonIntensityCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var declared = new JsonObject { [batch.Category] = Judge(ctx, c, batch.Category, findings) };
        return findings.Result(c, Facts(c, declared));
    }

    private static JsonObject? Judge(EvaluationContext ctx, CarbonIntensityCriterion c, string category, Findings findings)
    {
        var latest = ctx.Evidence.CarbonDeclarations
            .Where(d => d.Category == category && (d.DeclaredOn is not { } on || on <= ctx.AsOf))
            .OrderBy(d => d.DeclaredOn ?? DateOnly.MinValue)
            .LastOrDefault();
        var max = EvaluationContext.Num(c.MaxKgCo2ePerKg);
        if (latest is null)
        {
            findings.Missing($"{category}: no carbon intensity declared", $"{category}：未申报碳强度");
            return null;
        }

        var value = EvaluationContext.Num(latest.KgCo2ePerKg);
        if (!double.IsFinite(latest.KgCo2ePerKg) || latest.KgCo2ePerKg < 0)
        {
            findings.Missing($"{category}: declared carbon intensity {value} is not a usable figure", $"{category}：申报的碳强度 {value} 不是有效数值");
        }
        else if (latest.KgCo2ePerKg > (double)c.MaxKgCo2ePerKg)
        {
            findings.Fail($"{category}: declared {value} kg CO2e/kg, over {max}", $"{category}：申报 {value} kg CO2e/kg，超过 {max}");
        }
        else
        {
            findings.Pass($"{category}: declared {value} kg CO2e/kg, at most {max}", $"{category}：申报 {value} kg CO2e/kg，不超过 {max}");
        }

        return new JsonObject { ["kgCo2ePerKg"] = latest.KgCo2ePerKg, ["declaredOn"] = EvaluationContext.Day(latest.DeclaredOn), ["basis"] = latest.Basis };
    }

    private static JsonObject Facts(CarbonIntensityCriterion c, JsonObject declared) => new()
    {
        ["maxKgCo2ePerKg"] = c.MaxKgCo2ePerKg,
        ["source"] = c.Source,
        ["illustrative"] = c.Illustrative,
        ["declared"] = declared,
    };
}
