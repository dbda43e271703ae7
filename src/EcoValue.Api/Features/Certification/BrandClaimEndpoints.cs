using System.Security.Claims;
using System.Text.Json;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// /api/v1/batches/{batchId}/brand: the brand a batch carries, whether it may carry one (every rule, with reasons),
/// and the claim. Farmers (their own batches; another producer's is 404) and admins.
/// </summary>
internal static class BrandClaimEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", GetAsync).WithName("GetBatchBrand")
            .WithSummary("The brand the batch carries, and its eligibility for ?brandId= (else every brand its producer holds a licence for)");
        group.MapPost("/", ClaimAsync).WithName("ClaimBatchBrand")
            .WithSummary("Claim a brand for the batch: licence valid on the harvest date, category and plot in scope, batch criteria pass, within quota")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    internal static async Task<Results<Ok<BatchBrandResponse>, ProblemHttpResult>> GetAsync(
        string batchId, string? brandId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository registry, CertificationRepository repo, BrandClaims claims, TimeProvider time, CancellationToken ct)
    {
        if (await registry.GetBatchAsync(batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } batch)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        List<string> brandIds;
        if (brandId is not null)
        {
            if (await repo.GetBrandAsync(brandId, ct).ConfigureAwait(false) is null)
            {
                return Problems.Validation(ctx, "brandId", "brand.unknown", "no brand has this id", "没有该品牌");
            }

            brandIds = [brandId];
        }
        else
        {
            var held = await repo.ListLicencesAsync(CertificationScope.All, null, null, batch.ProducerId, null, CertificationRepository.MaxPageSize, ct).ConfigureAwait(false);
            brandIds = [.. held.Items.Select(l => l.BrandId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        var chinese = RequestLanguage.IsChinese(ctx);
        var now = time.GetUtcNow();
        var results = new List<EligibilityResponse>();
        foreach (var id in brandIds)
        {
            var check = await claims.CheckAsync(batch, (await repo.GetBrandAsync(id, ct).ConfigureAwait(false))!, now, ct).ConfigureAwait(false);
            JsonElement? evaluation = null;
            if (check.Evaluation is { } report)
            {
                using var doc = JsonDocument.Parse(report.ToJson().ToJsonString());
                evaluation = doc.RootElement.Clone();
            }

            results.Add(new EligibilityResponse(id, check.Eligible, check.Licence?.Id, check.Season,
                check.Quota is { } q ? new QuotaResponse(q.Category, q.Season, q.QuantityKg, q.ClaimedKg, q.RemainingKg) : null,
                check.RequestedKg is { } kg ? (double)kg : null,
                [.. check.Failures.Select(f => new EligibilityFailureResponse(f.Rule, f.LicenceId, f.Criterion, chinese ? f.Zh : f.En))], evaluation));
        }

        var claim = await repo.GetClaimAsync(batch.Id, ct).ConfigureAwait(false);
        return TypedResults.Ok(new BatchBrandResponse(batch.Id, claim is null ? null : BrandClaimResponse.From(claim), results));
    }

    internal static async Task<Results<Created<BrandClaimResponse>, ProblemHttpResult>> ClaimAsync(
        string batchId, BrandClaimInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryRepository registry, CertificationRepository repo, BrandClaims claims,
        TimeProvider time, CancellationToken ct)
    {
        var brandId = (input ?? new BrandClaimInput(null)).Validate();
        var caller = Caller.From(user);
        if (await registry.GetBatchAsync(batchId, caller.Scope, ct).ConfigureAwait(false) is not { } batch)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        if (await repo.GetBrandAsync(brandId, ct).ConfigureAwait(false) is not { } brand)
        {
            return Problems.Validation(ctx, "brandId", "brand.unknown", "no brand has this id", "没有该品牌");
        }

        var claim = await claims.ClaimAsync(batch, brand, caller.Actor, time.GetUtcNow(), ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/batches/{batch.Id}/brand", BrandClaimResponse.From(claim));
    }
}
