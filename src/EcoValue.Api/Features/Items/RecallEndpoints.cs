using System.Text.Json.Nodes;
using System.Security.Claims;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Items;
using EcoValue.Domain.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Items;

/// <summary>A recall as the API returns it.</summary>
public sealed record RecallResponse(string BatchId, string Reason, string RecordId, string At, bool Active, string? LiftedRecordId, string? LiftedReason, string? LiftedAt)
{
    public static RecallResponse From(RecallRow r) => new(r.BatchId, r.Reason, r.RecordId, r.CreatedAt, r.Active, r.LiftedRecordId, r.LiftedReason, r.LiftedAt);
}

/// <summary>
/// /api/v1/batches/{batchId}/recall (admin): recall a batch — a <c>batch-recall</c> record whose reason every consumer
/// scanning the batch or its items is shown — and lift it again (a <c>batch-recall-lift</c> record).
/// </summary>
internal static class RecallEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/", RecallAsync).WithName("RecallBatch").WithSummary("Recall a batch (admin); the reason is shown to consumers")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/lift", LiftAsync).WithName("LiftRecall").WithSummary("Lift a batch's recall (admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Created<RecallResponse>, ProblemHttpResult>> RecallAsync(
        string batchId, RecallInput? input, HttpContext ctx, ClaimsPrincipal user, ItemRepository items, VerificationCache cache, TimeProvider time, CancellationToken ct)
    {
        var reason = (input ?? new RecallInput(null)).Validate();
        var now = time.GetUtcNow();
        var record = RecordEnvelope.Create(ItemKinds.Recall, "batch:" + batchId, Caller.From(user).Actor, now, new JsonObject { ["batch"] = batchId, ["reason"] = reason });
        if (await items.RecallAsync(batchId, reason, record, ct).ConfigureAwait(false) is not { } result)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        if (!result.Created)
        {
            return Problems.Of(ctx, StatusCodes.Status409Conflict, "conflict-recall-active", "The batch is recalled already", "该批次已被召回",
                $"The batch has been recalled since {result.Recall.CreatedAt} (record {result.Recall.RecordId}); lift that recall first to recall it anew.",
                $"该批次自 {result.Recall.CreatedAt} 起已被召回（记录 {result.Recall.RecordId}）；如需重新召回，请先解除该召回。");
        }

        cache.Invalidate(batchId);
        return TypedResults.Created($"/api/v1/batches/{batchId}/recall", RecallResponse.From(result.Recall));
    }

    internal static async Task<Results<Ok<RecallResponse>, ProblemHttpResult>> LiftAsync(
        string batchId, RecallInput? input, HttpContext ctx, ClaimsPrincipal user, ItemRepository items, VerificationCache cache, TimeProvider time, CancellationToken ct)
    {
        var reason = (input ?? new RecallInput(null)).Validate();
        var now = time.GetUtcNow();
        var actor = Caller.From(user).Actor;
        var lifted = await items.LiftRecallAsync(batchId, reason, recall => RecordEnvelope.Create(ItemKinds.RecallLift, "batch:" + batchId, actor, now, new JsonObject
        {
            ["batch"] = batchId, ["reason"] = reason, ["recall"] = recall,
        }), ct).ConfigureAwait(false);
        if (lifted is null)
        {
            return Problems.Of(ctx, StatusCodes.Status404NotFound, "no-active-recall", "No active recall", "没有生效的召回",
                "This batch is not recalled (or there is no such batch).", "该批次未被召回（或批次不存在）。");
        }

        cache.Invalidate(batchId);
        return TypedResults.Ok(RecallResponse.From(lifted));
    }
}
