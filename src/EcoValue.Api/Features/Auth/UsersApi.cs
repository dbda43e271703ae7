using System.Globalization;
using System.Security.Claims;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Auth;

public sealed record CreateUserRequest(string? Username, string? Password, string? Role, string? ProducerId);

public sealed record ResetPasswordRequest(string? Password);

/// <summary>A user as the admin API shows it: no hash, no stamp.</summary>
public sealed record UserResponse(
    string Id,
    string Username,
    string Role,
    string? ProducerId,
    bool Disabled,
    bool Locked,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt)
{
    public static UserResponse From(UserAccount u, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(u);
        var locked = u.IsLockedAt(now);
        return new(u.Id, u.Username, u.Role, u.ProducerId, u.Disabled, locked, locked ? u.LockedUntil : null, u.CreatedAt, u.PasswordChangedAt);
    }
}

public sealed record UserListResponse(IReadOnlyList<UserResponse> Items, int Page, int PageSize, long Total);

/// <summary>/api/v1/users: accounts, for admins only (list with filters and pages, get, create, disable, enable, reset password).</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Roles.Admin);
        group.MapGet("/", ListAsync).ProducesValidationProblem().WithName("ListUsers").WithSummary("Users, filtered by role, disabled and username text; paged");
        group.MapGet("/{id}", GetAsync).WithName("GetUser").WithSummary("One user");
        group.MapPost("/", CreateAsync).ProducesValidationProblem().WithName("CreateUser").WithSummary("Create a user (farmers name their producer)");
        group.MapPost("/{id}/disable", DisableAsync).WithName("DisableUser").WithSummary("Disable: sign-in refused, live tokens stop working");
        group.MapPost("/{id}/enable", EnableAsync).WithName("EnableUser").WithSummary("Enable a disabled user");
        group.MapPost("/{id}/reset-password", ResetPasswordAsync).ProducesValidationProblem().WithName("ResetUserPassword").WithSummary("Set a new password; the user's sign-ins end");
        return app;
    }

    internal static async Task<Results<Ok<UserListResponse>, ProblemHttpResult>> ListAsync(
        HttpContext http, UserAccounts accounts, TimeProvider time, CancellationToken ct,
        string? page = null, string? pageSize = null, string? role = null, string? disabled = null, string? q = null)
    {
        var errors = new List<FieldError>();
        var pageNumber = ParseInt(page, "page", 1, 1, int.MaxValue / UserQuery.MaxPageSize, errors);
        var size = ParseInt(pageSize, "pageSize", 50, 1, UserQuery.MaxPageSize, errors);
        if (role is not null && !Roles.IsValid(role))
        {
            errors.Add(new("role", "role.invalid", $"The role must be one of {string.Join(", ", Roles.All)}.", $"角色必须是 {string.Join("、", Roles.All)} 之一。"));
        }

        bool? disabledFilter = disabled switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (disabled is not null and not ("true" or "false"))
        {
            errors.Add(new("disabled", "disabled.invalid", "disabled is true or false.", "disabled 只能是 true 或 false。"));
        }

        if (q is not null && (q.Length > AccountRules.UsernameMaxLength * 4 || !AccountRules.IsWellFormed(q)))
        {
            errors.Add(new("q", "q.invalid", $"The search text is well-formed and at most {AccountRules.UsernameMaxLength} characters.", $"搜索文本须为有效文本，最多 {AccountRules.UsernameMaxLength} 个字符。"));
        }

        if (errors.Count > 0)
        {
            return AuthProblems.ValidationResult(http, errors);
        }

        var result = await accounts.ListAsync(new UserQuery(role, disabledFilter, q, pageNumber, size), ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new UserListResponse([.. result.Items.Select(u => UserResponse.From(u, now))], result.Page, result.PageSize, result.Total));
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, UserAccounts accounts, TimeProvider time, CancellationToken ct) =>
        Found(http, time, id.Length > 64 ? null : await accounts.FindAsync(id, ct).ConfigureAwait(false));

    internal static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest? body, HttpContext http, UserAccounts accounts, TimeProvider time, CancellationToken ct)
    {
        try
        {
            var user = await accounts.CreateAsync(new NewUser(body?.Username, body?.Password, body?.Role, body?.ProducerId), ct).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user.Id)}", UserResponse.From(user, time.GetUtcNow()));
        }
        catch (DomainValidationException e)
        {
            return AuthProblems.ValidationResult(http, e.Errors);
        }
        catch (UsernameTakenException e)
        {
            return AuthProblems.Result(http, AuthProblems.UsernameTaken, [e.Error]);
        }
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> DisableAsync(string id, HttpContext http, ClaimsPrincipal admin, UserAccounts accounts, TimeProvider time, CancellationToken ct)
    {
        if (string.Equals(admin.UserId(), id, StringComparison.Ordinal))
        {
            return AuthProblems.Result(http, AuthProblems.CannotDisableSelf);
        }

        return Found(http, time, id.Length > 64 ? null : await accounts.DisableAsync(id, ct).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> EnableAsync(string id, HttpContext http, UserAccounts accounts, TimeProvider time, CancellationToken ct) =>
        Found(http, time, id.Length > 64 ? null : await accounts.EnableAsync(id, ct).ConfigureAwait(false));

    internal static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        string id, ResetPasswordRequest? body, HttpContext http, UserAccounts accounts, CancellationToken ct)
    {
        try
        {
            var user = id.Length > 64 ? null : await accounts.ResetPasswordAsync(id, body?.Password, ct).ConfigureAwait(false);
            return user is null ? AuthProblems.Result(http, AuthProblems.UserNotFound) : TypedResults.NoContent();
        }
        catch (DomainValidationException e)
        {
            return AuthProblems.ValidationResult(http, e.Errors);
        }
    }

    private static Results<Ok<UserResponse>, ProblemHttpResult> Found(HttpContext http, TimeProvider time, UserAccount? user) =>
        user is null ? AuthProblems.Result(http, AuthProblems.UserNotFound) : TypedResults.Ok(UserResponse.From(user, time.GetUtcNow()));

    private static int ParseInt(string? text, string field, int fallback, int min, int max, List<FieldError> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (text.Length <= 9 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(field, field + ".range", $"{field} is a whole number from {min} to {max}.", $"{field} 须为 {min} 至 {max} 之间的整数。"));
        return fallback;
    }
}
