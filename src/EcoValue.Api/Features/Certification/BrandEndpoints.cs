using System.Security.Claims;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// /api/v1/brands: anyone reads the brands and the standard each is judged by (they are public, on chain too); an
/// admin registers a brand with a loaded standard and accredits or withdraws certifiers.
/// </summary>
internal static class BrandEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).AllowAnonymous().WithName("ListBrands").WithSummary("Brands, each with its current standard and its registration's chain state");
        group.MapGet("/{id}", GetAsync).AllowAnonymous().WithName("GetBrand").WithSummary("One brand");
        group.MapPost("/", RegisterAsync).RequireAuthorization(Roles.Admin).WithName("RegisterBrand")
            .WithSummary("Register a brand with a loaded standard (its brand.id), or move it to another standard; queues registerBrand / updateBrandStandard")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id}/certifiers", ListCertifiersAsync).RequireAuthorization(Roles.Admin).WithName("ListAccreditations")
            .WithSummary("Certifiers accredited for a brand (and withdrawn ones, ?status=)").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{id}/certifiers", AccreditAsync).RequireAuthorization(Roles.Admin).WithName("AccreditCertifier")
            .WithSummary("Accredit a certifier for a brand (its signing key is made on first accreditation); queues accreditCertifier")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/{id}/certifiers/{userId}", WithdrawAsync).RequireAuthorization(Roles.Admin).WithName("WithdrawAccreditation")
            .WithSummary("Withdraw a certifier's accreditation (its licences stay); queues withdrawAccreditation")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    internal static async Task<Ok<ListResponse<BrandResponse>>> ListAsync(CertificationRepository repo, CertificationResources resources, CancellationToken ct)
    {
        var brands = await repo.ListBrandsAsync(ct).ConfigureAwait(false);
        var ops = await repo.LatestOperationsAsync([.. brands.Select(b => ChainOperations.BrandSubject(b.Id))], ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<BrandResponse>(
            [.. brands.Select(b => BrandResponse.From(b, resources.Catalog.ByHash(b.StandardHash), ops.GetValueOrDefault(ChainOperations.BrandSubject(b.Id))))], null));
    }

    internal static async Task<Results<Ok<BrandResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, CertificationRepository repo, CertificationResources resources, CancellationToken ct)
    {
        if (await repo.GetBrandAsync(id, ct).ConfigureAwait(false) is not { } brand)
        {
            return Problems.NotFound(ctx, "brand", "品牌");
        }

        return TypedResults.Ok(await ResponseAsync(brand, repo, resources, ct).ConfigureAwait(false));
    }

    internal static async Task<Results<Created<BrandResponse>, Ok<BrandResponse>>> RegisterAsync(
        BrandInput? input, ClaimsPrincipal user, BrandAdministration admin, CertificationRepository repo, CertificationResources resources, TimeProvider time, CancellationToken ct)
    {
        var (standardId, uri) = (input ?? new BrandInput(null, null)).Validate();
        var existed = resources.Catalog.TryGet(standardId, out var standard) && await repo.GetBrandAsync(standard!.Brand.Id, ct).ConfigureAwait(false) is not null;
        var (brand, _) = await admin.RegisterAsync(standardId, uri, Caller.From(user).Actor, time.GetUtcNow(), ct).ConfigureAwait(false);
        var response = await ResponseAsync(brand, repo, resources, ct).ConfigureAwait(false);
        return existed ? TypedResults.Ok(response) : TypedResults.Created($"/api/v1/brands/{brand.Id}", response);
    }

    internal static async Task<Results<Ok<ListResponse<AccreditationResponse>>, ProblemHttpResult>> ListCertifiersAsync(
        string id, string? status, HttpContext ctx, CertificationRepository repo, UserAccounts users, CancellationToken ct)
    {
        if (await repo.GetBrandAsync(id, ct).ConfigureAwait(false) is null)
        {
            return Problems.NotFound(ctx, "brand", "品牌");
        }

        if (status is not (null or "active" or "withdrawn"))
        {
            return Problems.Validation(ctx, "status", "status.value", "must be active or withdrawn", "应为 active 或 withdrawn");
        }

        var rows = (await repo.ListAccreditationsAsync(id, null, ct).ConfigureAwait(false)).Where(a => status is null || a.Status == status).ToList();
        var ops = await repo.LatestOperationsAsync([.. rows.Select(a => ChainOperations.AccreditationSubject(a.BrandId, a.UserId))], ct).ConfigureAwait(false);
        var list = new List<AccreditationResponse>();
        foreach (var a in rows)
        {
            list.Add(AccreditationResponse.From(a, (await users.FindAsync(a.UserId, ct).ConfigureAwait(false))?.Username, ops.GetValueOrDefault(ChainOperations.AccreditationSubject(a.BrandId, a.UserId))));
        }

        return TypedResults.Ok(new ListResponse<AccreditationResponse>(list, null));
    }

    internal static async Task<Results<Created<AccreditationResponse>, Ok<AccreditationResponse>, ProblemHttpResult>> AccreditAsync(
        string id, AccreditationInput? input, HttpContext ctx, ClaimsPrincipal user, BrandAdministration admin, CertificationRepository repo, UserAccounts users,
        TimeProvider time, CancellationToken ct)
    {
        var userId = (input ?? new AccreditationInput(null)).Validate();
        if (await admin.AccreditAsync(id, userId, Caller.From(user).Actor, time.GetUtcNow(), ct).ConfigureAwait(false) is not { } result)
        {
            return Problems.NotFound(ctx, "brand", "品牌");
        }

        var response = await AccreditationAsync(result.Accreditation, repo, users, ct).ConfigureAwait(false);
        return result.Changed ? TypedResults.Created($"/api/v1/brands/{id}/certifiers/{userId}", response) : TypedResults.Ok(response);
    }

    internal static async Task<Results<Ok<AccreditationResponse>, ProblemHttpResult>> WithdrawAsync(
        string id, string userId, HttpContext ctx, ClaimsPrincipal user, BrandAdministration admin, CertificationRepository repo, UserAccounts users, TimeProvider time, CancellationToken ct)
    {
        if (await admin.WithdrawAsync(id, userId, Caller.From(user).Actor, time.GetUtcNow(), ct).ConfigureAwait(false) is not { } result)
        {
            return Problems.NotFound(ctx, "accreditation", "认证资格");
        }

        return TypedResults.Ok(await AccreditationAsync(result.Accreditation, repo, users, ct).ConfigureAwait(false));
    }

    private static async Task<BrandResponse> ResponseAsync(BrandRow brand, CertificationRepository repo, CertificationResources resources, CancellationToken ct)
    {
        var subject = ChainOperations.BrandSubject(brand.Id);
        var ops = await repo.LatestOperationsAsync([subject], ct).ConfigureAwait(false);
        return BrandResponse.From(brand, resources.Catalog.ByHash(brand.StandardHash), ops.GetValueOrDefault(subject));
    }

    private static async Task<AccreditationResponse> AccreditationAsync(AccreditationRow a, CertificationRepository repo, UserAccounts users, CancellationToken ct)
    {
        var subject = ChainOperations.AccreditationSubject(a.BrandId, a.UserId);
        var ops = await repo.LatestOperationsAsync([subject], ct).ConfigureAwait(false);
        return AccreditationResponse.From(a, (await users.FindAsync(a.UserId, ct).ConfigureAwait(false))?.Username, ops.GetValueOrDefault(subject));
    }
}
