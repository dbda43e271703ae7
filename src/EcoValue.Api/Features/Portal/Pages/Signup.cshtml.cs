namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>GET /portal/signup: the farmer sign-up form.</summary>
public sealed class SignupModel : SignupPageModel
{
    public void OnGet()
    {
    }
}
