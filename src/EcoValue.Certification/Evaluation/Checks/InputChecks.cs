using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>pre_harvest_interval</c>: the last application of the active ingredient that could reach a batch (to the batch,
/// or plot-wide to its plot, within the look-back window before harvest) was at least <c>min_days</c> before harvest.
/// An application whose active ingredient is unknown and that falls inside the interval is missing evidence: it
/// might have been this ingredient. Producer level judges every scoped batch of a covered category harvested in the
/// window (none: missing evidence, since there is no harvest to check the practice on).
/// </summary>
internal static class PreHarvestIntervalCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, PreHarvestIntervalCriterion c)
    {
        var categories = ctx.CoveredCategories(c);
        if (categories.Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var findings = new Findings();
        var batches = new JsonArray();
        foreach (var batch in categories.SelectMany(ctx.ScopedBatches))
        {
            batches.Add(Judge(ctx, c, batch, findings));
        }

        if (batches.Count == 0)
        {
            findings.Missing($"no batch of {string.Join(", ", categories)} harvested on the scoped plots in the last {ctx.Standard.LookbackDays} days", $"近 {ctx.Standard.LookbackDays} 天内申请地块没有 {string.Join("、", categories)} 的采收批次");
        }

        return findings.Result(c, Facts(c, batches));
    }

    public static CriterionResult Batch(EvaluationContext ctx, PreHarvestIntervalCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var facts = Judge(ctx, c, batch, findings);
        return findings.Result(c, Facts(c, new JsonArray(facts)));
    }

    private static JsonObject Judge(EvaluationContext ctx, PreHarvestIntervalCriterion c, BatchEvidence batch, Findings findings)
    {
        var names = Names.Set(c.ActiveIngredient, c.Aliases);
        var facts = new JsonObject { ["batch"] = batch.Id, ["harvestDate"] = EvaluationContext.Day(batch.HarvestDate) };
        if (batch.HarvestDate is not { } harvest)
        {
            findings.Missing($"batch {batch.Id} has no harvest date", $"批次 {batch.Id} 没有采收日期");
            return facts;
        }

        var inputs = ctx.InputsFor(batch).ToList();
        var last = inputs.Where(a => a.ActiveIngredient is { } ai && names.Contains(Names.Normalize(ai))).MaxBy(a => a.Date);
        var unknownInside = inputs.Where(a => string.IsNullOrWhiteSpace(a.ActiveIngredient) && harvest.DayNumber - a.Date.DayNumber < c.MinDays).ToList();
        facts["lastApplication"] = last is null ? null : new JsonObject { ["date"] = EvaluationContext.Day(last.Date), ["product"] = last.Product, ["activeIngredient"] = last.ActiveIngredient };
        facts["intervalDays"] = last is null ? null : harvest.DayNumber - last.Date.DayNumber;
        facts["unknownIngredientInputs"] = new JsonArray([.. unknownInside.Select(a => (JsonNode)new JsonObject { ["date"] = EvaluationContext.Day(a.Date), ["product"] = a.Product })]);
        if (last is not null && harvest.DayNumber - last.Date.DayNumber < c.MinDays)
        {
            var days = harvest.DayNumber - last.Date.DayNumber;
            findings.Fail($"batch {batch.Id}: {c.ActiveIngredient} applied {EvaluationContext.Day(last.Date)} ({last.Product}), {days} days before harvest; at least {c.MinDays} required", $"批次 {batch.Id}：{EvaluationContext.Day(last.Date)} 施用 {c.ActiveIngredient}（{last.Product}），距采收 {days} 天，要求不少于 {c.MinDays} 天");
        }
        else if (unknownInside.Count > 0)
        {
            findings.Missing($"batch {batch.Id}: {string.Join(", ", unknownInside.Select(a => $"{a.Product} ({EvaluationContext.Day(a.Date)})"))} applied within {c.MinDays} days of harvest without a recorded active ingredient", $"批次 {batch.Id}：采收前 {c.MinDays} 天内施用的 {string.Join("、", unknownInside.Select(a => $"{a.Product}（{EvaluationContext.Day(a.Date)}）"))} 未记录有效成分");
        }
        else if (last is null)
        {
            findings.Pass($"batch {batch.Id}: no {c.ActiveIngredient} applied before harvest", $"批次 {batch.Id}：采收前未施用 {c.ActiveIngredient}");
        }
        else
        {
            var days = harvest.DayNumber - last.Date.DayNumber;
            findings.Pass($"batch {batch.Id}: last {c.ActiveIngredient} {days} days before harvest", $"批次 {batch.Id}：最后一次施用 {c.ActiveIngredient} 距采收 {days} 天");
        }

        return facts;
    }

    private static JsonObject Facts(PreHarvestIntervalCriterion c, JsonArray batches) => new()
    {
        ["activeIngredient"] = c.ActiveIngredient,
        ["minDays"] = c.MinDays,
        ["source"] = c.Source,
        ["illustrative"] = c.Illustrative,
        ["batches"] = batches,
    };
}

/// <summary>
/// <c>forbidden_inputs</c>: no input in view has a forbidden active ingredient (by name or alias). Batch level: the
/// inputs that could reach the batch; producer level: inputs applied within the window to scoped plots or their
/// batches, for a covered category. An input with no recorded active ingredient is missing evidence (its
/// ingredient could be forbidden); no recorded inputs at all passes: the criterion forbids, it does not require.
/// </summary>
internal static class ForbiddenInputsCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, ForbiddenInputsCriterion c)
    {
        var categories = ctx.CoveredCategories(c);
        if (categories.Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var inputs = ctx.ScopedInputs().Where(a => ctx.InputConcerns(a, categories)).ToList();
        return Judge(c, inputs, $"in the last {ctx.Standard.LookbackDays} days on the scoped plots", $"近 {ctx.Standard.LookbackDays} 天内申请地块上");
    }

    public static CriterionResult Batch(EvaluationContext ctx, ForbiddenInputsCriterion c, BatchEvidence batch)
    {
        return !c.Covers(batch.Category)
            ? Findings.OtherCategory(c, batch.Category)
            : Judge(c, [.. ctx.InputsFor(batch)], $"for batch {batch.Id}", $"批次 {batch.Id}");
    }

    private static CriterionResult Judge(ForbiddenInputsCriterion c, List<InputApplication> inputs, string en, string zh)
    {
        var forbidden = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ingredient in c.Ingredients)
        {
            foreach (var name in Names.Set(ingredient.Name, ingredient.Aliases))
            {
                forbidden.TryAdd(name, ingredient.Name);
            }
        }

        var found = inputs.Where(a => a.ActiveIngredient is { } ai && forbidden.ContainsKey(Names.Normalize(ai))).ToList();
        var unknown = inputs.Where(a => string.IsNullOrWhiteSpace(a.ActiveIngredient)).ToList();
        var findings = new Findings();
        if (found.Count > 0)
        {
            var list = string.Join(", ", found.Select(a => $"{a.ActiveIngredient} ({a.Product}, {EvaluationContext.Day(a.Date)})"));
            findings.Fail($"forbidden input applied {en}: {list}", $"{zh}施用了禁用投入品：{string.Join("、", found.Select(a => $"{a.ActiveIngredient}（{a.Product}，{EvaluationContext.Day(a.Date)}）"))}");
        }
        else if (unknown.Count > 0)
        {
            findings.Missing($"inputs {en} without a recorded active ingredient: {string.Join(", ", unknown.Select(a => $"{a.Product} ({EvaluationContext.Day(a.Date)})"))}", $"{zh}以下投入品未记录有效成分：{string.Join("、", unknown.Select(a => $"{a.Product}（{EvaluationContext.Day(a.Date)}）"))}");
        }
        else
        {
            findings.Pass($"{inputs.Count} input(s) recorded {en}, none forbidden", $"{zh}记录了 {inputs.Count} 次投入品使用，均非禁用");
        }

        var facts = new JsonObject
        {
            ["forbidden"] = Findings.Strings(c.Ingredients.Select(i => i.Name)),
            ["source"] = c.Source,
            ["inputsChecked"] = inputs.Count,
            ["forbiddenFound"] = new JsonArray([.. found.Select(Row)]),
            ["unknownIngredient"] = new JsonArray([.. unknown.Select(Row)]),
        };
        return findings.Result(c, facts);

        static JsonNode Row(InputApplication a) => new JsonObject
        {
            ["date"] = EvaluationContext.Day(a.Date), ["product"] = a.Product, ["activeIngredient"] = a.ActiveIngredient, ["plot"] = a.PlotId, ["batch"] = a.BatchId,
        };
    }
}
