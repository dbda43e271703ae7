using System.Security.Claims;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Auth;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>RFC 6749 §5.1-shaped token response (camelCase like the rest of the API).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public sealed record MeResponse(string Id, string Username, string Role, string? ProducerId);

/// <summary>
/// POST /api/v1/auth/token (sign in), /refresh (rotate), /logout (revoke the sign-in), GET /me. Sign-in and refresh
/// are rate-limited per client address; sign-in failures all look alike (<see cref="AuthProblems.InvalidCredentials"/>).
/// </summary>
public static partial class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/token", TokenAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.SignInRateLimit)
            .ProducesValidationProblem()
            .WithName("IssueToken")
            .WithSummary("Sign in with username and password: a short-lived access token and a rotating refresh token");
        group.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.SignInRateLimit)
            .ProducesValidationProblem()
            .WithName("RefreshToken")
            .WithSummary("Trade a refresh token for a new pair; a used token presented again revokes the whole sign-in");
        group.MapPost("/logout", LogoutAsync)
            .AllowAnonymous()
            .ProducesValidationProblem()
            .WithName("Logout")
            .WithSummary("Revoke the sign-in the refresh token belongs to");
        group.MapGet("/me", Me)
            .RequireAuthorization()
            .WithName("Me")
            .WithSummary("Who the access token speaks for");
        return app;
    }

    internal static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> TokenAsync(
        TokenRequest? body, HttpContext http, UserAccounts accounts, AccessTokenIssuer issuer, RefreshTokenService refreshTokens, ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(body?.Username))
        {
            errors.Add(new("username", "username.required", "A username is required.", "请填写用户名。"));
        }

        if (string.IsNullOrEmpty(body?.Password))
        {
            errors.Add(new("password", "password.required", "A password is required.", "请填写密码。"));
        }

        if (errors.Count > 0)
        {
            return AuthProblems.ValidationResult(http, errors);
        }

        var result = await accounts.SignInAsync(body!.Username, body.Password, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var logger = Logger(loggers);
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogSignInFailed(logger, result.Outcome, result.User?.Id);
            }

            return AuthProblems.Result(http, AuthProblems.InvalidCredentials);
        }

        var refresh = await refreshTokens.IssueAsync(result.User!, ct).ConfigureAwait(false);
        return Tokens(http, issuer.Issue(result.User!), refresh);
    }

    internal static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? body, HttpContext http, AccessTokenIssuer issuer, RefreshTokenService refreshTokens, ILoggerFactory loggers, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(body?.RefreshToken))
        {
            return AuthProblems.ValidationResult(http, [new("refreshToken", "refresh_token.required", "A refresh token is required.", "请提供刷新令牌。")]);
        }

        var result = await refreshTokens.RefreshAsync(body.RefreshToken, ct).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case RefreshOutcome.Success:
                return Tokens(http, issuer.Issue(result.User!), result.RefreshToken!);
            case RefreshOutcome.Reused:
                LogRefreshReused(Logger(loggers));
                return AuthProblems.Result(http, AuthProblems.RefreshTokenReused);
            default:
                return AuthProblems.Result(http, AuthProblems.InvalidRefreshToken);
        }
    }

    /// <summary>Always 204 for a request that names a token: whether it was known is nobody's business.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(RefreshRequest? body, HttpContext http, RefreshTokenService refreshTokens, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(body?.RefreshToken))
        {
            return AuthProblems.ValidationResult(http, [new("refreshToken", "refresh_token.required", "A refresh token is required.", "请提供刷新令牌。")]);
        }

        await refreshTokens.RevokeAsync(body.RefreshToken, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.UserId(), user.Username() ?? string.Empty, user.Role() ?? string.Empty, user.ProducerId()));

    private static Ok<TokenResponse> Tokens(HttpContext http, AccessToken access, string refresh)
    {
        // RFC 6749 §5.1: responses carrying tokens must not be cached.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return TypedResults.Ok(new TokenResponse(access.Token, "Bearer", access.ExpiresInSeconds, refresh));
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger("EcoValue.Auth");

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in refused ({Outcome}) for user {UserId}")]
    private static partial void LogSignInFailed(ILogger logger, SignInOutcome outcome, string? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A used refresh token was presented again; its sign-in (token family) is revoked")]
    private static partial void LogRefreshReused(ILogger logger);
}
