using System.Security.Claims;
using System.Text.Json;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// /api/v1/licences: the holder, the brand's certifiers and admins read licences (with their chain state); an
/// accredited certifier suspends, reinstates or revokes with a reason; anyone verifies one (proof and chain).
/// </summary>
internal static class LicenceEndpoints
{
    public static void Map(RouteGroupBuilder group, string policy)
    {
        group.MapGet("/", ListAsync).RequireAuthorization(policy).WithName("ListLicences")
            .WithSummary("Licences visible to the caller, by status, brand and producer, paged; each with its chain state")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(policy).WithName("GetLicence")
            .WithSummary("One licence: the signed credential, its status history, quota use and chain operations")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        foreach (var action in LicenceStatusChanges.Actions.Keys)
        {
            group.MapPost("/{id}/" + action, (string id, StatusChangeInput? input, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, LicenceStatusChanges changes,
                    UserAccounts users, TimeProvider time, CancellationToken ct) => ChangeAsync(id, action, input, ctx, user, repo, changes, users, time, ct))
                .RequireAuthorization(Roles.Certifier).WithName(char.ToUpperInvariant(action[0]) + action[1..] + "Licence")
                .WithSummary($"{char.ToUpperInvariant(action[0]) + action[1..]} a licence with a reason (signed StatusChange, relayed to LicenceRegistry)")
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        group.MapGet("/{id}/verify", VerifyAsync).AllowAnonymous().RequireRateLimiting(Verification.VerificationApi.PublicRateLimit).WithName("VerifyLicence")
            .WithSummary("Anyone: the licence's proof (certifier recovered from its EIP-712 signature) and LicenceRegistry's status, certifier and document hash for it");
    }

    internal static async Task<Results<Ok<ListResponse<LicenceResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, string? status, string? brandId, string? producerId, string? after, int? limit, CancellationToken ct)
    {
        if ((RegistryHttp.CheckPaging(ctx, limit, after) ?? CertificationAccess.CheckStatus(ctx, status, "active", "suspended", "revoked")) is { } bad)
        {
            return bad;
        }

        var page = await repo.ListLicencesAsync(CertificationAccess.ScopeOf(Caller.From(user)), status, brandId, producerId, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        var ops = await repo.LatestOperationsAsync([.. page.Items.Select(l => ChainOperations.LicenceSubject(l.Id))], ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<LicenceResponse>([.. page.Items.Select(l => LicenceResponse.From(l, ops.GetValueOrDefault(ChainOperations.LicenceSubject(l.Id))))], page.Next));
    }

    internal static async Task<Results<Ok<LicenceDetailResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, CancellationToken ct)
    {
        if (await repo.GetLicenceAsync(id, CertificationAccess.ScopeOf(Caller.From(user)), ct).ConfigureAwait(false) is not { } licence)
        {
            return Problems.NotFound(ctx, "licence", "许可");
        }

        return TypedResults.Ok(await DetailAsync(licence, repo, ct).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<LicenceDetailResponse>, ProblemHttpResult>> ChangeAsync(
        string id, string action, StatusChangeInput? input, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, LicenceStatusChanges changes,
        UserAccounts users, TimeProvider time, CancellationToken ct)
    {
        var reason = (input ?? new StatusChangeInput(null)).Validate();
        var caller = Caller.From(user);
        if (await repo.GetLicenceAsync(id, CertificationScope.All, ct).ConfigureAwait(false) is not { } licence)
        {
            return Problems.NotFound(ctx, "licence", "许可");
        }

        if (await CertificationAccess.AccreditedCertifierAsync(users, repo, caller.UserId, licence.BrandId, ct).ConfigureAwait(false) is not { } certifier)
        {
            return CertificationAccess.NotAccredited(ctx, licence.BrandId);
        }

        var changed = await changes.ChangeAsync(licence, action, reason, certifier, time.GetUtcNow(), ct).ConfigureAwait(false);
        return changed is null ? CertificationAccess.NotAccredited(ctx, licence.BrandId) : TypedResults.Ok(await DetailAsync(changed, repo, ct).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<LicenceVerifyResponse>, ProblemHttpResult>> VerifyAsync(string id, HttpContext ctx, LicenceVerification verification, CancellationToken ct) =>
        await verification.VerifyAsync(id, ct).ConfigureAwait(false) is { } result ? TypedResults.Ok(result) : Problems.NotFound(ctx, "licence", "许可");

    private static async Task<LicenceDetailResponse> DetailAsync(LicenceRow licence, CertificationRepository repo, CancellationToken ct)
    {
        var operations = await repo.ListOperationsAsync(ChainOperations.LicenceSubject(licence.Id), ct).ConfigureAwait(false);
        var history = await repo.ListLicenceEventsAsync(licence.Id, ct).ConfigureAwait(false);
        var quota = await repo.ListQuotaAsync(licence.Id, ct).ConfigureAwait(false);
        using var credential = JsonDocument.Parse(licence.Document);
        return new LicenceDetailResponse(
            LicenceResponse.From(licence, operations.Count == 0 ? null : operations[^1]),
            credential.RootElement.Clone(),
            [.. history.Select(e => new LicenceEventResponse(e.Action, e.Status, e.Reason, e.UserId, e.At, e.RecordId))],
            [.. quota.Select(q => new QuotaResponse(q.Category, q.Season, q.QuantityKg, q.ClaimedKg, q.RemainingKg))],
            [.. operations.Select(o => ChainStateResponse.From(o)!)]);
    }
}
