using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>/api/v1/batches: list (filters), register, read, correct.</summary>
internal static class BatchEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListBatches").WithSummary("Batches visible to the caller, filtered (producer, plot, category, GTIN, lot, harvest dates, product text) and paged");
        group.MapPost("/", CreateAsync).WithName("CreateBatch").WithSummary("Register a harvest batch (a farmer: for its producer; an admin: ?producerId=)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync).WithName("GetBatch").WithSummary("One batch");
        group.MapPut("/{id}", CorrectAsync).WithName("CorrectBatch").WithSummary("Correct a batch: a new record supersedes the current one")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    internal static async Task<Results<Ok<ListResponse<BatchResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? producerId, string? plotId, string? category, string? gtin, string? lot,
        string? harvestedFrom, string? harvestedTo, string? q, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        if (gtin is not null)
        {
            // Accept any GTIN length the way batches store it: normalised to 14 digits.
            gtin = Domain.Identifiers.Gtin.TryParse(gtin, out var parsed) ? parsed.Value : gtin;
        }

        var filter = new BatchFilter(producerId, plotId, category, gtin, lot, harvestedFrom, harvestedTo, q);
        var page = await repo.ListBatchesAsync(Caller.From(user).Scope, filter, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<BatchResponse>([.. page.Items.Select(BatchResponse.From)], page.Next));
    }

    internal static async Task<Results<Created<BatchResponse>, ProblemHttpResult>> CreateAsync(
        BatchInput? input, string? producerId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = BatchFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        var caller = Caller.From(user);
        var owner = caller.IsAdmin ? producerId : caller.ProducerId;
        if (owner is null || await repo.GetProducerAsync(owner, caller.Scope, ct).ConfigureAwait(false) is null)
        {
            return caller.IsAdmin && producerId is null
                ? Problems.Validation(ctx, "producerId", "required", "an admin names the producer with ?producerId=", "管理员须用 ?producerId= 指定生产主体")
                : Problems.NotFound(ctx, "producer", "生产主体");
        }

        var row = await writer.AddBatchAsync(owner, facts, caller.Actor, now, ct).ConfigureAwait(false);
        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/batches/{row.Id}", BatchResponse.From(row));
    }

    internal static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetBatchAsync(id, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(BatchResponse.From(row));
    }

    internal static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> CorrectAsync(
        string id, BatchInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = BatchFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        var caller = Caller.From(user);
        var row = await writer.CorrectBatchAsync(id, caller.Scope, RegistryHttp.IfMatchVersion(ctx), facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(BatchResponse.From(row));
    }
}
