using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>
/// /api/v1/producers/{producerId}/evidence: documents on file for brand standards' <c>evidence_required</c> criteria
/// (and carbon declarations for <c>carbon_intensity</c>). A farmer files and reads its own producer's, an admin any
/// producer's; another producer's is "not found". Each filing is a record; the file's hash enters it as a salted digest.
/// </summary>
internal static class EvidenceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/producers/{producerId}/evidence").WithTags("Evidence");
        group.MapGet("/", ListAsync).WithName("ListEvidence").WithSummary("A producer's evidence documents, by kind or batch, paged");
        group.MapPost("/", CreateAsync).WithName("CreateEvidence")
            .WithSummary("File an evidence document (business licence, environment report, input log, a batch's compliance certificate, a carbon-footprint report with its declared value …)")
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).WithName("GetEvidence").WithSummary("One evidence document");
    }

    internal static async Task<Results<Ok<ListResponse<EvidenceResponse>>, ProblemHttpResult>> ListAsync(
        string producerId, string? kind, string? batchId, string? after, int? limit, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        if (await repo.GetProducerAsync(producerId, Caller.From(user).Scope, ct).ConfigureAwait(false) is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        var page = await repo.ListEvidenceAsync(producerId, kind, batchId, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<EvidenceResponse>([.. page.Items.Select(EvidenceResponse.From)], page.Next));
    }

    internal static async Task<Results<Created<EvidenceResponse>, ProblemHttpResult>> CreateAsync(
        string producerId, EvidenceInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var facts = EvidenceFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        var caller = Caller.From(user);
        var row = await writer.AddEvidenceAsync(producerId, caller.Scope, facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/producers/{producerId}/evidence/{row.Id}", EvidenceResponse.From(row));
    }

    internal static async Task<Results<Ok<EvidenceResponse>, ProblemHttpResult>> GetAsync(string producerId, string id, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetEvidenceAsync(id, producerId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "evidence document", "证明材料");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(EvidenceResponse.From(row));
    }
}
