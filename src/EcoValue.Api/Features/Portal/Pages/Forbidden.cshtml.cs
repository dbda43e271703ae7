namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>/portal/forbidden: where the cookie scheme sends a signed-in user whose role the portal does not serve.</summary>
public sealed class ForbiddenModel : PortalPageModel
{
    public override Text Title => PortalText.ForbiddenTitle;

    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
