using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>lab_limit</c>: every measurement of the analyte (by name or alias) is at most the limit once converted to mg/kg.
/// Batch level: the batch's own lab results. Producer level: for each covered category of the scope, the results
/// of its scoped batches and field samples within the look-back window. No measurement of the analyte, or only
/// measurements in units that cannot be converted, is missing evidence; one measurement over the limit fails.
/// </summary>
internal static class LabLimitCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, LabLimitCriterion c)
    {
        var categories = ctx.CoveredCategories(c);
        if (categories.Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var findings = new Findings();
        var perCategory = new JsonObject();
        foreach (var category in categories)
        {
            perCategory[category] = Judge(findings, c, ctx.ScopedResults(category).ToList(), $"category {category}", $"类别 {category}");
        }

        return findings.Result(c, Facts(c, "categories", perCategory));
    }

    public static CriterionResult Batch(EvaluationContext ctx, LabLimitCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var measured = Judge(findings, c, ctx.ResultsOfBatch(batch.Id).ToList(), $"batch {batch.Id}", $"批次 {batch.Id}");
        return findings.Result(c, Facts(c, "measurements", measured));
    }

    private static JsonArray Judge(Findings findings, LabLimitCriterion c, List<LabResultEvidence> results, string en, string zh)
    {
        var names = Names.Set(c.Analyte, c.Aliases);
        var limit = (double)c.MaxMgPerKg;
        var rows = new JsonArray();
        var over = new List<string>();
        var unusable = new List<string>();
        var within = 0;
        foreach (var result in results)
        {
            foreach (var analyte in result.Analytes.Where(a => names.Contains(Names.Normalize(a.Name))))
            {
                var mgPerKg = Units.ToMgPerKg(analyte.Value, analyte.Unit);
                rows.Add(new JsonObject
                {
                    ["labResult"] = result.Id,
                    ["sampleDate"] = EvaluationContext.Day(result.SampleDate),
                    ["name"] = analyte.Name,
                    ["value"] = analyte.Value,
                    ["unit"] = analyte.Unit,
                    ["mgPerKg"] = mgPerKg,
                });
                if (mgPerKg is not { } v)
                {
                    unusable.Add($"{analyte.Value} {analyte.Unit} ({result.Id})");
                }
                else if (v > limit)
                {
                    over.Add($"{EvaluationContext.Num(v)} mg/kg ({result.Id}, {EvaluationContext.Day(result.SampleDate)})");
                }
                else
                {
                    within++;
                }
            }
        }

        var max = EvaluationContext.Num(c.MaxMgPerKg);
        if (over.Count > 0)
        {
            findings.Fail($"{en}: {c.Analyte} measured {string.Join(", ", over)}, over the limit of {max} mg/kg", $"{zh}：{c.Analyte} 检出 {string.Join("、", over)}，超过限量 {max} mg/kg");
        }
        else if (results.Count == 0)
        {
            findings.Missing($"{en}: no lab result", $"{zh}：没有检测结果");
        }
        else if (unusable.Count > 0)
        {
            findings.Missing($"{en}: {c.Analyte} reported in units that cannot be compared with mg/kg: {string.Join(", ", unusable)}", $"{zh}：{c.Analyte} 的计量单位无法换算为 mg/kg：{string.Join("、", unusable)}");
        }
        else if (within == 0)
        {
            findings.Missing($"{en}: {c.Analyte} was not measured in {results.Count} lab result(s)", $"{zh}：{results.Count} 份检测结果均未检测 {c.Analyte}");
        }
        else
        {
            findings.Pass($"{en}: {within} measurement(s) of {c.Analyte}, all at most {max} mg/kg", $"{zh}：{c.Analyte} 共 {within} 次检测，均不超过 {max} mg/kg");
        }

        return rows;
    }

    private static JsonObject Facts(LabLimitCriterion c, string name, JsonNode measured) => new()
    {
        ["analyte"] = c.Analyte,
        ["maxMgPerKg"] = c.MaxMgPerKg,
        ["source"] = c.Source,
        ["illustrative"] = c.Illustrative,
        [name] = measured,
    };
}
