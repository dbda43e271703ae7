using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>/api/v1/producers: list, register (admin), read, correct, approve / reject (admin).</summary>
internal static class ProducerEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListProducers").WithSummary("Producers visible to the caller (a farmer: its own), filtered and paged");
        group.MapPost("/", CreateAsync).WithName("CreateProducer").WithSummary("Register a producer (admin; farmers sign up through /api/v1/auth/signup)")
            .RequireAuthorization(p => p.RequireClaim("role", "admin")).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync).WithName("GetProducer").WithSummary("One producer");
        group.MapPut("/{id}", CorrectAsync).WithName("CorrectProducer").WithSummary("Correct a producer: a new record supersedes the current one (If-Match: the ETag you read)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id}/approve", (string id, ApprovalInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct) =>
                SetStatusAsync(id, "approved", input, ctx, user, writer, time, ct))
            .WithName("ApproveProducer").WithSummary("Approve a producer (admin): from then on what it registers may carry a brand")
            .RequireAuthorization(p => p.RequireClaim("role", "admin"));
        group.MapPost("/{id}/reject", (string id, ApprovalInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct) =>
                SetStatusAsync(id, "rejected", input, ctx, user, writer, time, ct))
            .WithName("RejectProducer").WithSummary("Reject a producer's registration (admin), with a reason")
            .RequireAuthorization(p => p.RequireClaim("role", "admin"));
    }

    internal static async Task<Results<Ok<ListResponse<ProducerResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? status, string? region, string? q, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        var page = await repo.ListProducersAsync(Caller.From(user).Scope, status, region, q, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<ProducerResponse>([.. page.Items.Select(ProducerResponse.From)], page.Next));
    }

    internal static async Task<Created<ProducerResponse>> CreateAsync(ProducerInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var facts = ProducerFacts.Validate(input);
        var caller = Caller.From(user);
        var row = await writer.RegisterProducerAsync(facts, "approved", caller.Actor, time.GetUtcNow(), ct: ct).ConfigureAwait(false);
        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/producers/{row.Id}", ProducerResponse.From(row));
    }

    internal static async Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetProducerAsync(id, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(ProducerResponse.From(row));
    }

    internal static async Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> CorrectAsync(
        string id, ProducerInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var facts = ProducerFacts.Validate(input);
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var row = await writer.CorrectProducerAsync(id, caller.Scope, RegistryHttp.IfMatchVersion(ctx), facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(ProducerResponse.From(row));
    }

    private static async Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> SetStatusAsync(
        string id, string status, ApprovalInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var errors = new Domain.Validation.FieldErrors();
        var reason = TextRules.Optional(errors, "reason", input?.Reason, 2_000);
        if (status == "rejected" && string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", "required", "a rejection needs a reason the farmer can act on", "驳回时须填写原因，便于农户修改");
        }

        errors.ThrowIfAny();
        var caller = Caller.From(user);
        var row = await writer.SetProducerStatusAsync(id, status, reason, caller.Actor, time.GetUtcNow(), ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(ProducerResponse.From(row));
    }
}

/// <summary>An approval decision's note (required for a rejection).</summary>
public sealed record ApprovalInput(string? Reason);
