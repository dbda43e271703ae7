using EcoValue.Api.Infrastructure;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Auth;

/// <summary>One problem this feature answers with: stable type slug, status, and its words in both languages.</summary>
public sealed record AuthProblem(string Slug, int Status, string TitleEn, string TitleZh, string DetailEn, string DetailZh)
{
    public string Type => AuthProblems.TypeBase + Slug;
}

/// <summary>
/// Every RFC 9457 problem of accounts and auth, in one place (bad input is the shared <see cref="Problems"/> validation problem).
/// Sign-in failures share one type and text whatever the cause, so answers do not reveal which usernames exist.
/// </summary>
public static class AuthProblems
{
    public const string TypeBase = Problems.TypeBase;

    public static readonly AuthProblem InvalidCredentials = new("invalid-credentials", StatusCodes.Status401Unauthorized,
        "Sign-in failed", "登录失败",
        "The username or password is wrong, or this account cannot sign in now.", "用户名或密码错误，或该账号当前无法登录。");

    public static readonly AuthProblem InvalidRefreshToken = new("invalid-refresh-token", StatusCodes.Status401Unauthorized,
        "Invalid refresh token", "刷新令牌无效",
        "The refresh token is unknown, expired or revoked; sign in again.", "刷新令牌不存在、已过期或已撤销，请重新登录。");

    public static readonly AuthProblem RefreshTokenReused = new("refresh-token-reused", StatusCodes.Status401Unauthorized,
        "Refresh token reused", "刷新令牌被重复使用",
        "This refresh token was used before, so every token of this sign-in is now revoked; sign in again.", "该刷新令牌此前已被使用，本次登录的全部令牌均已撤销，请重新登录。");

    public static readonly AuthProblem Unauthenticated = new("unauthenticated", StatusCodes.Status401Unauthorized,
        "Authentication required", "需要身份认证",
        "Send a valid access token: Authorization: Bearer <token> (POST /api/v1/auth/token issues one).", "请提供有效的访问令牌：Authorization: Bearer <令牌>（可通过 POST /api/v1/auth/token 获取）。");

    public static readonly AuthProblem Forbidden = new("forbidden", StatusCodes.Status403Forbidden,
        "Not allowed", "无权操作",
        "Your role does not allow this.", "您的角色无权执行此操作。");

    public static readonly AuthProblem TooManyRequests = new("too-many-requests", StatusCodes.Status429TooManyRequests,
        "Too many requests", "请求过于频繁",
        "Too many attempts from this address; retry after the number of seconds in Retry-After.", "来自该地址的尝试过多，请在 Retry-After 给出的秒数之后重试。");

    public static readonly AuthProblem UserNotFound = new("user-not-found", StatusCodes.Status404NotFound,
        "No such user", "用户不存在",
        "No user has this id.", "没有此编号的用户。");

    public static readonly AuthProblem UsernameTaken = new("username-taken", StatusCodes.Status409Conflict,
        "Username taken", "用户名已被使用",
        "Another account already has this username (compared ignoring case and character width).", "已有账号使用此用户名（比较时不区分大小写和全半角）。");

    public static readonly AuthProblem CannotDisableSelf = new("cannot-disable-self", StatusCodes.Status409Conflict,
        "Cannot disable yourself", "不能停用自己的账号",
        "An administrator cannot disable the account they are signed in with.", "管理员不能停用当前登录的账号。");

    public static ProblemHttpResult Result(HttpContext http, AuthProblem problem, IEnumerable<FieldError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var zh = RequestLanguage.IsChinese(http);
        Dictionary<string, object?>? extensions = errors is null ? null : new() { ["errors"] = ErrorMap(errors, zh) };
        return TypedResults.Problem(zh ? problem.DetailZh : problem.DetailEn, statusCode: problem.Status, title: zh ? problem.TitleZh : problem.TitleEn, type: problem.Type, extensions: extensions);
    }

    /// <summary>400 <c>validation</c>, the same problem every feature answers bad input with (<see cref="Problems.Validation(HttpContext, IEnumerable{FieldError})"/>).</summary>
    public static ProblemHttpResult ValidationResult(HttpContext http, IEnumerable<FieldError> errors) => Problems.Validation(http, errors);

    /// <summary>
    /// For middleware and authentication events, where no endpoint result is returned: writes the problem body
    /// (through IProblemDetailsService, falling back to plain JSON when the client's Accept header refuses it).
    /// </summary>
    public static Task WriteAsync(HttpContext http, AuthProblem problem) => Result(http, problem).ExecuteAsync(http);

    private static Dictionary<string, string[]> ErrorMap(IEnumerable<FieldError> errors, bool zh) =>
        errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message(zh)).ToArray(), StringComparer.Ordinal);
}
