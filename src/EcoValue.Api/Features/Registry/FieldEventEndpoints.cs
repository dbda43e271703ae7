using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>/api/v1/batches/{batchId}/events: a batch's journey (inputs applied, harvest, packing, storage, shipping, …).</summary>
internal static class FieldEventEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListFieldEvents").WithSummary("A batch's field events in id (entry) order, filtered by kind and time, paged");
        group.MapPost("/", CreateAsync).WithName("CreateFieldEvent").WithSummary("Record a field event for a batch").ProducesValidationProblem();
        group.MapGet("/{eventId}", GetAsync).WithName("GetFieldEvent").WithSummary("One field event");
        group.MapPut("/{eventId}", CorrectAsync).WithName("CorrectFieldEvent").WithSummary("Correct a field event: a new record supersedes the current one")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    internal static async Task<Results<Ok<ListResponse<FieldEventResponse>>, ProblemHttpResult>> ListAsync(
        string batchId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? kind, string? from, string? to, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        if (await repo.GetBatchAsync(batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is null)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var page = await repo.ListEventsAsync(batchId, kind, from, to, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<FieldEventResponse>([.. page.Items.Select(FieldEventResponse.From)], page.Next));
    }

    internal static async Task<Results<Created<FieldEventResponse>, ProblemHttpResult>> CreateAsync(
        string batchId, FieldEventInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = FieldEventFacts.Validate(input, now);
        var caller = Caller.From(user);
        var row = await writer.AddEventAsync(batchId, caller.Scope, facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/batches/{batchId}/events/{row.Id}", FieldEventResponse.From(row));
    }

    internal static async Task<Results<Ok<FieldEventResponse>, ProblemHttpResult>> GetAsync(
        string batchId, string eventId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetEventAsync(eventId, batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "field event", "事件");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(FieldEventResponse.From(row));
    }

    internal static async Task<Results<Ok<FieldEventResponse>, ProblemHttpResult>> CorrectAsync(
        string batchId, string eventId, FieldEventInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = FieldEventFacts.Validate(input, now);
        var caller = Caller.From(user);
        var row = await writer.CorrectEventAsync(eventId, batchId, caller.Scope, RegistryHttp.IfMatchVersion(ctx), facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "field event", "事件");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(FieldEventResponse.From(row));
    }
}

/// <summary>/api/v1/batches/{batchId}/lab-results: lab reports for a batch.</summary>
internal static class LabResultEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListLabResults").WithSummary("A batch's lab results, filtered by sample date, paged");
        group.MapPost("/", CreateAsync).WithName("CreateLabResult").WithSummary("Record a lab result for a batch").ProducesValidationProblem();
        group.MapGet("/{labResultId}", GetAsync).WithName("GetLabResult").WithSummary("One lab result");
        group.MapPut("/{labResultId}", CorrectAsync).WithName("CorrectLabResult").WithSummary("Correct a lab result: a new record supersedes the current one")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    internal static async Task<Results<Ok<ListResponse<LabResultResponse>>, ProblemHttpResult>> ListAsync(
        string batchId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? from, string? to, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        if (await repo.GetBatchAsync(batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is null)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var page = await repo.ListLabResultsAsync(batchId, from, to, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<LabResultResponse>([.. page.Items.Select(LabResultResponse.From)], page.Next));
    }

    internal static async Task<Results<Created<LabResultResponse>, ProblemHttpResult>> CreateAsync(
        string batchId, LabResultInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = LabResultFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        var caller = Caller.From(user);
        var row = await writer.AddLabResultAsync(batchId, caller.Scope, facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/batches/{batchId}/lab-results/{row.Id}", LabResultResponse.From(row));
    }

    internal static async Task<Results<Ok<LabResultResponse>, ProblemHttpResult>> GetAsync(
        string batchId, string labResultId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetLabResultAsync(labResultId, batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "lab result", "检测结果");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(LabResultResponse.From(row));
    }

    internal static async Task<Results<Ok<LabResultResponse>, ProblemHttpResult>> CorrectAsync(
        string batchId, string labResultId, LabResultInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = LabResultFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        var caller = Caller.From(user);
        var row = await writer.CorrectLabResultAsync(labResultId, batchId, caller.Scope, RegistryHttp.IfMatchVersion(ctx), facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "lab result", "检测结果");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(LabResultResponse.From(row));
    }
}
