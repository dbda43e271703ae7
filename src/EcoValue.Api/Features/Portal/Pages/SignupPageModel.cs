namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// The sign-up form, shown by GET /portal/signup and by POST /portal/signup/submit (which alone is rate-limited, like
/// the API's sign-up) when something needs fixing; after success it says the producer awaits approval.
/// </summary>
public abstract class SignupPageModel : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["username"] = PortalText.Username,
        ["password"] = PortalText.Password,
        ["password2"] = PortalText.PasswordAgain,
        ["producer.name"] = PortalText.ProducerName,
        ["producer.creditCode"] = PortalText.CreditCode,
        ["producer.regionCode"] = PortalText.Region,
        ["producer.contact.name"] = PortalText.ContactName,
        ["producer.contact.phone"] = PortalText.ContactPhone,
        ["producer.contact.email"] = PortalText.ContactEmail,
    };

    private PortalForm? _form;

    public override Text Title => Registered is null ? PortalText.SignUpTitle : PortalText.AwaitingApprovalTitle;

    public PortalForm Form
    {
        get => _form ??= new PortalForm(Zh, Labels);
        protected set => _form = value;
    }

    /// <summary>After a successful sign-up: the username and the producer's name.</summary>
    public (string Username, string Producer)? Registered { get; protected set; }
}
