using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>origin_region</c>: producer level, the producer's registered region and every scoped plot's region start with
/// one of the prefixes; batch level, the batch's plot does. An unknown region is missing evidence.
/// </summary>
internal static class OriginRegionCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, OriginRegionCriterion c)
    {
        var findings = new Findings();
        var producerRegion = ctx.Evidence.RegionCode;
        Judge(findings, c, $"producer {ctx.Evidence.ProducerId}", $"生产者 {ctx.Evidence.ProducerId}", producerRegion);
        var plots = new JsonArray();
        foreach (var id in ctx.ScopePlotIds)
        {
            var plot = ctx.Plot(id);
            plots.Add(new JsonObject { ["plot"] = id, ["region"] = plot?.RegionCode, ["within"] = plot?.RegionCode is { } r ? Within(c, r) : null });
            if (plot is null)
            {
                findings.Missing($"plot {id} is not among the producer's plots", $"地块 {id} 不在该生产者的地块中");
                continue;
            }

            Judge(findings, c, $"plot {id}", $"地块 {id}", plot.RegionCode);
        }

        var facts = new JsonObject
        {
            ["regionPrefixes"] = Findings.Strings(c.RegionPrefixes),
            ["producer"] = new JsonObject { ["id"] = ctx.Evidence.ProducerId, ["region"] = producerRegion, ["within"] = producerRegion is { } pr ? Within(c, pr) : null },
            ["plots"] = plots,
        };
        return findings.Result(c, facts);
    }

    public static CriterionResult Batch(EvaluationContext ctx, OriginRegionCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var findings = new Findings();
        var plot = ctx.Plot(batch.PlotId);
        if (plot is null)
        {
            findings.Missing($"the batch's plot {batch.PlotId} is not among the producer's plots", $"批次所在地块 {batch.PlotId} 不在该生产者的地块中");
        }
        else
        {
            Judge(findings, c, $"plot {plot.Id}", $"地块 {plot.Id}", plot.RegionCode);
        }

        var facts = new JsonObject
        {
            ["regionPrefixes"] = Findings.Strings(c.RegionPrefixes),
            ["plot"] = batch.PlotId,
            ["region"] = plot?.RegionCode,
            ["within"] = plot?.RegionCode is { } r ? Within(c, r) : null,
        };
        return findings.Result(c, facts);
    }

    private static void Judge(Findings findings, OriginRegionCriterion c, string en, string zh, string? region)
    {
        var prefixes = string.Join(", ", c.RegionPrefixes);
        if (region is null)
        {
            findings.Missing($"{en} has no region code", $"{zh}没有行政区划代码");
        }
        else if (Within(c, region))
        {
            findings.Pass($"{en} is in region {region} (within {prefixes})", $"{zh}位于 {region}（属于 {string.Join("、", c.RegionPrefixes)}）");
        }
        else
        {
            findings.Fail($"{en} is in region {region}, outside {prefixes}", $"{zh}位于 {region}，不在 {string.Join("、", c.RegionPrefixes)} 范围内");
        }
    }

    private static bool Within(OriginRegionCriterion c, string region) =>
        region.Length == 6 && region.All(char.IsAsciiDigit) && c.RegionPrefixes.Any(p => region.StartsWith(p, StringComparison.Ordinal));
}
