using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>GET /portal/login: the sign-in form (the cookie scheme's login path).</summary>
public sealed class LoginModel : SignInPageModel
{
    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        return IsPortalUser ? Redirect(ReturnUrl ?? "/portal") : Page();
    }
}
