using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>lab_recency</c>: batch level, one of the batch's lab results was sampled within <c>max_age_days</c> of its harvest
/// (before or after); producer level, for each covered category, the newest sample of a scoped batch or plot is at
/// most <c>max_age_days</c> old on the evaluation date. No sample at all is missing evidence; only stale ones fail.
/// </summary>
internal static class LabRecencyCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, LabRecencyCriterion c)
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
            var newest = ctx.ScopedResults(category, anyAge: true).MaxBy(r => r.SampleDate);
            if (newest is null)
            {
                findings.Missing($"category {category}: no lab sample", $"类别 {category}：没有检测样品");
                perCategory[category] = null;
                continue;
            }

            var age = ctx.AsOf.DayNumber - newest.SampleDate.DayNumber;
            perCategory[category] = new JsonObject { ["labResult"] = newest.Id, ["sampleDate"] = EvaluationContext.Day(newest.SampleDate), ["ageDays"] = age };
            if (age <= c.MaxAgeDays)
            {
                findings.Pass($"category {category}: newest sample {EvaluationContext.Day(newest.SampleDate)} is {age} days old", $"类别 {category}：最新样品 {EvaluationContext.Day(newest.SampleDate)}，距今 {age} 天");
            }
            else
            {
                findings.Fail($"category {category}: newest sample {EvaluationContext.Day(newest.SampleDate)} is {age} days old, more than {c.MaxAgeDays}", $"类别 {category}：最新样品 {EvaluationContext.Day(newest.SampleDate)} 距今 {age} 天，超过 {c.MaxAgeDays} 天");
            }
        }

        return findings.Result(c, new JsonObject { ["maxAgeDays"] = c.MaxAgeDays, ["asOf"] = EvaluationContext.Day(ctx.AsOf), ["newest"] = perCategory });
    }

    public static CriterionResult Batch(EvaluationContext ctx, LabRecencyCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var samples = new JsonArray();
        if (batch.HarvestDate is not { } harvest)
        {
            findings.Missing($"batch {batch.Id} has no harvest date", $"批次 {batch.Id} 没有采收日期");
        }
        else
        {
            var results = ctx.ResultsOfBatch(batch.Id).ToList();
            foreach (var r in results)
            {
                samples.Add(new JsonObject { ["labResult"] = r.Id, ["sampleDate"] = EvaluationContext.Day(r.SampleDate), ["daysFromHarvest"] = Math.Abs(r.SampleDate.DayNumber - harvest.DayNumber) });
            }

            var nearest = results.MinBy(r => Math.Abs(r.SampleDate.DayNumber - harvest.DayNumber));
            if (nearest is null)
            {
                findings.Missing($"batch {batch.Id} has no lab result", $"批次 {batch.Id} 没有检测结果");
            }
            else
            {
                var gap = Math.Abs(nearest.SampleDate.DayNumber - harvest.DayNumber);
                if (gap <= c.MaxAgeDays)
                {
                    findings.Pass($"sample {EvaluationContext.Day(nearest.SampleDate)} is {gap} days from the harvest", $"样品 {EvaluationContext.Day(nearest.SampleDate)} 与采收相隔 {gap} 天");
                }
                else
                {
                    findings.Fail($"the nearest sample ({EvaluationContext.Day(nearest.SampleDate)}) is {gap} days from the harvest, more than {c.MaxAgeDays}", $"最近的样品（{EvaluationContext.Day(nearest.SampleDate)}）与采收相隔 {gap} 天，超过 {c.MaxAgeDays} 天");
                }
            }
        }

        return findings.Result(c, new JsonObject { ["maxAgeDays"] = c.MaxAgeDays, ["harvestDate"] = EvaluationContext.Day(batch.HarvestDate), ["samples"] = samples });
    }
}
