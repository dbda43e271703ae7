using System.Security.Claims;
using System.Text.Json;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Certification;

/// <summary>Who sees which applications and licences, and the answers the certification routes share.</summary>
internal static class CertificationAccess
{
    /// <summary>A farmer its producer's; a certifier those of brands it is actively accredited for; an admin all.</summary>
    public static CertificationScope ScopeOf(Caller caller) => caller.Role switch
    {
        Roles.Admin => CertificationScope.All,
        Roles.Certifier => CertificationScope.Certifier(caller.UserId),
        Roles.Farmer => CertificationScope.Producer(caller.ProducerId ?? string.Empty),
        _ => CertificationScope.Producer(string.Empty),
    };

    /// <summary>403 for a certifier acting on a brand it is not accredited for (it may know the id; the brand's decisions are not its to take).</summary>
    public static ProblemHttpResult NotAccredited(HttpContext ctx, string brandId) =>
        Problems.Of(ctx, StatusCodes.Status403Forbidden, "not-accredited", "Not accredited for this brand", "无该品牌的认证资格",
            $"Only a certifier accredited for brand {brandId} may decide on its applications and licences.", $"只有具备品牌 {brandId} 认证资格的认证人员才能处理其申请和许可。");

    /// <summary>
    /// The caller's account when it may act on <paramref name="brandId"/>'s applications and licences (an enabled
    /// certifier actively accredited for it), else null: the API answers <see cref="NotAccredited"/>, the portal its
    /// 403 page.
    /// </summary>
    public static async Task<UserAccount?> AccreditedCertifierAsync(UserAccounts users, CertificationRepository repo, string userId, string brandId, CancellationToken ct)
    {
        var certifier = await users.FindAsync(userId, ct).ConfigureAwait(false);
        return certifier is not null && await repo.IsAccreditedAsync(brandId, userId, ct).ConfigureAwait(false) ? certifier : null;
    }

    public static ProblemHttpResult? CheckStatus(HttpContext ctx, string? status, params string[] allowed) =>
        status is null || allowed.Contains(status, StringComparer.Ordinal)
            ? null
            : Problems.Validation(ctx, "status", "status.value", $"must be one of {string.Join(", ", allowed)}", $"应为以下之一：{string.Join("、", allowed)}");
}

/// <summary>
/// /api/v1/applications: a farmer applies for a brand for its approved producer; the applicant, the brand's
/// certifiers and admins read applications and their evaluation; an accredited certifier decides.
/// </summary>
internal static class ApplicationEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListApplications").WithSummary("Applications visible to the caller (farmer: its producer's; certifier: its brands'; admin: all), by status and brand, paged");
        group.MapPost("/", ApplyAsync).RequireAuthorization(Roles.Farmer).WithName("CreateApplication")
            .WithSummary("Apply for a brand over some of the producer's plots and categories (the producer must be approved)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetAsync).WithName("GetApplication").WithSummary("One application");
        group.MapGet("/{id}/evaluation", EvaluationAsync).WithName("GetApplicationEvaluation")
            .WithSummary("The evaluation against the brand's standard: per criterion pass / fail / missing evidence with facts and reason (live while submitted)");
        group.MapPost("/{id}/decision", DecideAsync).RequireAuthorization(Roles.Certifier).WithName("DecideApplication")
            .WithSummary("Approve (issues the licence, signed with the certifier's key and relayed to LicenceRegistry) or reject, with notes")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    internal static async Task<Results<Ok<ListResponse<ApplicationResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, string? status, string? brandId, string? after, int? limit, CancellationToken ct)
    {
        if ((RegistryHttp.CheckPaging(ctx, limit, after) ?? CertificationAccess.CheckStatus(ctx, status, "submitted", "approved", "rejected")) is { } bad)
        {
            return bad;
        }

        var page = await repo.ListApplicationsAsync(CertificationAccess.ScopeOf(Caller.From(user)), status, brandId, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<ApplicationResponse>([.. page.Items.Select(ApplicationResponse.From)], page.Next));
    }

    internal static async Task<Created<ApplicationResponse>> ApplyAsync(ApplicationInput? input, ClaimsPrincipal user, ApplicationDecisions decisions, TimeProvider time, CancellationToken ct)
    {
        var facts = (input ?? new ApplicationInput(null, null, null, null)).Validate();
        var caller = Caller.From(user);
        var row = await decisions.ApplyAsync(caller.ProducerId!, facts, caller.Actor, time.GetUtcNow(), ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/applications/{row.Id}", ApplicationResponse.From(row));
    }

    internal static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, CancellationToken ct) =>
        await repo.GetApplicationAsync(id, CertificationAccess.ScopeOf(Caller.From(user)), ct).ConfigureAwait(false) is { } row
            ? TypedResults.Ok(ApplicationResponse.From(row))
            : Problems.NotFound(ctx, "application", "申请");

    internal static async Task<Results<Ok<EvaluationResponse>, ProblemHttpResult>> EvaluationAsync(
        string id, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, ApplicationDecisions decisions, TimeProvider time, CancellationToken ct)
    {
        if (await repo.GetApplicationAsync(id, CertificationAccess.ScopeOf(Caller.From(user)), ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "application", "申请");
        }

        var live = row.Status == "submitted" || row.Evaluation is null;
        var json = live ? (await decisions.EvaluateAsync(row, time.GetUtcNow(), ct).ConfigureAwait(false)).ToJson().ToJsonString() : row.Evaluation!;
        using var report = JsonDocument.Parse(json);
        return TypedResults.Ok(new EvaluationResponse(row.Id, row.Status, live, report.RootElement.Clone()));
    }

    internal static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> DecideAsync(
        string id, DecisionInput? input, HttpContext ctx, ClaimsPrincipal user, CertificationRepository repo, ApplicationDecisions decisions, UserAccounts users,
        TimeProvider time, CancellationToken ct)
    {
        var (approve, notes) = (input ?? new DecisionInput(null, null)).Validate();
        var caller = Caller.From(user);
        if (await repo.GetApplicationAsync(id, CertificationScope.All, ct).ConfigureAwait(false) is not { } application)
        {
            return Problems.NotFound(ctx, "application", "申请");
        }

        if (await CertificationAccess.AccreditedCertifierAsync(users, repo, caller.UserId, application.BrandId, ct).ConfigureAwait(false) is not { } certifier)
        {
            return CertificationAccess.NotAccredited(ctx, application.BrandId);
        }

        var now = time.GetUtcNow();
        var decided = approve
            ? (await decisions.ApproveAsync(application, certifier, notes, now, ct).ConfigureAwait(false))?.Application
            : await decisions.RejectAsync(application, certifier, notes, now, ct).ConfigureAwait(false);
        return decided is null ? CertificationAccess.NotAccredited(ctx, application.BrandId) : TypedResults.Ok(ApplicationResponse.From(decided));
    }
}
