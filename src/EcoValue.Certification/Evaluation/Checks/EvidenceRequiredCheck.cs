using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation.Checks;

/// <summary>
/// <c>evidence_required</c>: for each named kind, a document of that kind is on file (issued by the evaluation date)
/// and not expired. Producer level: producer-wide documents, valid on the evaluation date. Batch level: the batch's
/// own or producer-wide documents, valid on the harvest date (when the batch was produced; the evaluation date if
/// not harvested). None on file is missing evidence; only expired ones fail.
/// </summary>
internal static class EvidenceRequiredCheck
{
    public static CriterionResult Producer(EvaluationContext ctx, EvidenceRequiredCriterion c)
    {
        if (ctx.CoveredCategories(c).Count == 0)
        {
            return Findings.NoCoveredCategory(c, ctx.ScopeCategories);
        }

        var documents = ctx.Evidence.Documents.Where(d => d.BatchId is null).ToList();
        return Judge(ctx, c, documents, ctx.AsOf);
    }

    public static CriterionResult Batch(EvaluationContext ctx, EvidenceRequiredCriterion c, BatchEvidence batch)
    {
        if (!c.Covers(batch.Category))
        {
            return Findings.OtherCategory(c, batch.Category);
        }

        var documents = ctx.Evidence.Documents.Where(d => d.BatchId is null || d.BatchId == batch.Id).ToList();
        return Judge(ctx, c, documents, batch.HarvestDate is { } h && h < ctx.AsOf ? h : ctx.AsOf);
    }

    private static CriterionResult Judge(EvaluationContext ctx, EvidenceRequiredCriterion c, List<EvidenceDocument> documents, DateOnly validOn)
    {
        var findings = new Findings();
        var perKind = new JsonObject();
        foreach (var kind in c.EvidenceKinds)
        {
            var ofKind = documents.Where(d => d.Kind == kind && (d.IssuedOn is not { } issued || issued <= ctx.AsOf)).ToList();
            perKind[kind] = new JsonArray([.. ofKind.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id, ["batch"] = d.BatchId, ["issuedOn"] = EvaluationContext.Day(d.IssuedOn), ["validUntil"] = EvaluationContext.Day(d.ValidUntil),
            })]);
            var valid = ofKind.FirstOrDefault(d => d.ValidUntil is not { } until || until >= validOn);
            if (ofKind.Count == 0)
            {
                findings.Missing($"no {kind} on file", $"缺少 {kind}");
            }
            else if (valid is null)
            {
                var latest = ofKind.Max(d => d.ValidUntil!.Value);
                findings.Fail($"{kind} expired on {EvaluationContext.Day(latest)} (needed valid on {EvaluationContext.Day(validOn)})", $"{kind} 已于 {EvaluationContext.Day(latest)} 过期（需在 {EvaluationContext.Day(validOn)} 有效）");
            }
            else
            {
                findings.Pass($"{kind}: {valid.Id}", $"{kind}：{valid.Id}");
            }
        }

        return findings.Result(c, new JsonObject { ["validOn"] = EvaluationContext.Day(validOn), ["documents"] = perKind });
    }
}
