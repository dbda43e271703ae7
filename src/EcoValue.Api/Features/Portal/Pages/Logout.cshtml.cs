using EcoValue.Api.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>/portal/logout: GET asks, POST (antiforgery-checked, so no other site can sign a user out) signs out.</summary>
public sealed class LogoutModel : PortalPageModel
{
    public override Text Title => PortalText.SignedOutTitle;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSetup.PortalScheme);
        return Redirect("/portal/login");
    }
}
