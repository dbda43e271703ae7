using EcoValue.Data.Accounts;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// The sign-in form, shown by GET /portal/login and, after a refused attempt, by POST /portal/login/attempt. Two
/// pages because the sign-in rate limit applies per endpoint: it should count attempts, not visits to the form.
/// </summary>
public abstract class SignInPageModel : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["username"] = PortalText.Username,
        ["password"] = PortalText.Password,
    };

    private PortalForm? _form;

    public override Text Title => PortalText.SignIn;

    public PortalForm Form
    {
        get => _form ??= new PortalForm(Zh, Labels);
        protected set => _form = value;
    }

    /// <summary>Where to go after signing in: a local /portal path, never another site (open redirect).</summary>
    public string? ReturnUrl { get; protected set; }

    protected string? SafeReturnUrl(string? url) =>
        url is { Length: > 0 and <= 2000 } && Url.IsLocalUrl(url) && (url == "/portal" || url.StartsWith("/portal/", StringComparison.Ordinal) || url.StartsWith("/portal?", StringComparison.Ordinal))
            ? url
            : null;

    /// <summary>True for the roles the portal serves; others are signed in but see the forbidden page.</summary>
    protected bool IsPortalUser => SignedIn && (Caller.IsAdmin || Caller.Role == Roles.Farmer);
}
