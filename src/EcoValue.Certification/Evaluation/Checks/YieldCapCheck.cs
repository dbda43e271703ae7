using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>yield_cap</c>: the batches of one plot, category and season weigh at most plot area (mu) × the standard's cap
/// (kg/mu). Batch level: the batch's plot, category and season, counting the batch itself and every other batch
/// harvested there in that season by the evaluation date. Producer level: every scoped plot × covered category ×
/// season with batches harvested in the window. An unknown plot area or a batch in a unit that is not a mass is
/// missing evidence, unless the batches that can be weighed already exceed the cap.
/// </summary>
internal static class YieldCapCheck
{
    /// <summary>An area beyond this (some twenty times the area of Hainan island) is not a plot; treated as unknown.</summary>
    private const double MaxAreaMu = 1e9;

    public static CriterionResult Producer(EvaluationContext ctx, YieldCapCriterion c)
    {
        var categories = ctx.CoveredCategories(c);
        if (categories.Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var findings = new Findings();
        var groups = new JsonArray();
        foreach (var plotId in ctx.ScopePlotIds)
        {
            var plot = ctx.Plot(plotId);
            if (plot?.AreaMu is not (> 0 and < MaxAreaMu))
            {
                findings.Missing($"plot {plotId} has no known area", $"地块 {plotId} 面积未知");
                continue;
            }

            var batches = categories.SelectMany(ctx.ScopedBatches).Where(b => b.PlotId == plotId).ToList();
            foreach (var group in batches.GroupBy(b => (b.Category, Season: ctx.Standard.SeasonOf(b.HarvestDate!.Value))))
            {
                groups.Add(Judge(ctx, plot, group.Key.Category, group.Key.Season, [.. group], findings));
            }
        }

        if (findings.IsEmpty)
        {
            findings.Pass($"no batch of {string.Join(", ", categories)} harvested on the scoped plots in the last {ctx.Standard.LookbackDays} days, so nothing exceeds a cap", $"近 {ctx.Standard.LookbackDays} 天内申请地块没有 {string.Join("、", categories)} 的采收批次，未超过产量上限");
        }

        return findings.Result(c, new JsonObject { ["groups"] = groups });
    }

    public static CriterionResult Batch(EvaluationContext ctx, YieldCapCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var plot = ctx.Plot(batch.PlotId);
        JsonObject facts;
        if (batch.HarvestDate is not { } harvest)
        {
            findings.Missing($"batch {batch.Id} has no harvest date, so its season is unknown", $"批次 {batch.Id} 没有采收日期，无法确定所属季");
            facts = new JsonObject { ["batch"] = batch.Id };
        }
        else if (plot?.AreaMu is not (> 0 and < MaxAreaMu))
        {
            findings.Missing($"plot {batch.PlotId} has no known area", $"地块 {batch.PlotId} 面积未知");
            facts = new JsonObject { ["batch"] = batch.Id, ["plot"] = batch.PlotId };
        }
        else
        {
            var season = ctx.Standard.SeasonOf(harvest);
            var group = ctx.Evidence.Batches.Where(b =>
                b.Id == batch.Id
                || (b.PlotId == batch.PlotId && b.Category == batch.Category && b.HarvestDate is { } h && season.Contains(h) && h <= ctx.AsOf)).ToList();
            facts = Judge(ctx, plot, batch.Category, season, group, findings);
        }

        return findings.Result(c, facts);
    }

    private static JsonObject Judge(EvaluationContext ctx, PlotEvidence plot, string category, Season season, List<BatchEvidence> batches, Findings findings)
    {
        var cap = ctx.Standard.CapFor(category)!;
        var area = (decimal)plot.AreaMu!.Value;
        var capKg = area * cap.KgPerMu;
        var weighed = 0m;
        var unweighable = new List<BatchEvidence>();
        foreach (var b in batches)
        {
            if (Units.ToKg(b.Quantity, b.Unit) is { } kg)
            {
                weighed += kg;
            }
            else
            {
                unweighable.Add(b);
            }
        }

        var where = $"plot {plot.Id}, {category}, season {season.Id}";
        var whereZh = $"地块 {plot.Id}、{category}、{season.Id} 季";
        if (weighed > capKg)
        {
            findings.Fail($"{where}: {EvaluationContext.Num(weighed)} kg harvested, over the cap of {EvaluationContext.Num(capKg)} kg ({EvaluationContext.Num(area)} mu × {EvaluationContext.Num(cap.KgPerMu)} kg/mu)", $"{whereZh}：采收 {EvaluationContext.Num(weighed)} kg，超过上限 {EvaluationContext.Num(capKg)} kg（{EvaluationContext.Num(area)} 亩 × {EvaluationContext.Num(cap.KgPerMu)} kg/亩）");
        }
        else if (unweighable.Count > 0)
        {
            findings.Missing($"{where}: batches not in a mass unit cannot be weighed: {string.Join(", ", unweighable.Select(b => $"{b.Id} ({b.Quantity} {b.Unit})"))}", $"{whereZh}：以下批次的单位不是质量单位，无法计重：{string.Join("、", unweighable.Select(b => $"{b.Id}（{b.Quantity} {b.Unit}）"))}");
        }
        else
        {
            findings.Pass($"{where}: {EvaluationContext.Num(weighed)} kg of a {EvaluationContext.Num(capKg)} kg cap", $"{whereZh}：{EvaluationContext.Num(weighed)} kg，上限 {EvaluationContext.Num(capKg)} kg");
        }

        return new JsonObject
        {
            ["plot"] = plot.Id,
            ["areaMu"] = plot.AreaMu,
            ["category"] = category,
            ["season"] = season.Id,
            ["kgPerMu"] = cap.KgPerMu,
            ["capKg"] = capKg,
            ["harvestedKg"] = weighed,
            ["batches"] = Findings.Strings(batches.Select(b => b.Id)),
            ["unweighable"] = Findings.Strings(unweighable.Select(b => b.Id)),
        };
    }
}
