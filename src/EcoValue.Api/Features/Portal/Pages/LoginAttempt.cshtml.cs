using EcoValue.Api.Features.Auth;
using EcoValue.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// POST /portal/login/attempt: checks the credentials through <see cref="UserAccounts"/> (lockout and all), under the
/// same rate limit as the API's sign-in, and issues the portal cookie with the claims a token would carry. Every
/// refusal reads the same (<see cref="AuthProblems.InvalidCredentials"/>), so the form does not reveal which
/// usernames exist or which accounts are locked.
/// </summary>
[EnableRateLimiting(AuthSetup.SignInRateLimit)]
public sealed partial class LoginAttemptModel(UserAccounts accounts, ILogger<LoginAttemptModel> logger) : SignInPageModel
{
    public IActionResult OnGet() => Redirect("/portal/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var posted = await Request.ReadFormAsync(ct);
        Form = PortalForm.From(posted, Zh, Labels, ["returnUrl"]);
        ReturnUrl = SafeReturnUrl(Form.Text("returnUrl"));
        var (username, password) = (Form.Text("username"), Form.Text("password"));
        Form["password"] = string.Empty;
        if (username is null)
        {
            Form.Add("username", PortalText.UsernameRequired);
        }

        if (password is null)
        {
            Form.Add("password", PortalText.PasswordRequired);
        }

        if (Form.HasErrors)
        {
            return Invalid();
        }

        var result = await accounts.SignInAsync(username, password, ct);
        if (!result.Succeeded)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogSignInFailed(logger, result.Outcome, result.User?.Id);
            }

            var refused = AuthProblems.InvalidCredentials;
            Form.Add(new Domain.Validation.FieldError(string.Empty, refused.Slug, refused.DetailEn, refused.DetailZh));
            return Invalid();
        }

        await HttpContext.SignInAsync(AuthSetup.PortalScheme, EcoValueClaims.Principal(result.User!, AuthSetup.PortalScheme));
        return Redirect(ReturnUrl ?? "/portal");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal sign-in refused ({Outcome}) for user {UserId}")]
    private static partial void LogSignInFailed(ILogger logger, SignInOutcome outcome, string? userId);
}
