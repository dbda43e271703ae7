using EcoValue.Api.Features.Certification;

namespace EcoValue.Api.Features.Portal;

/// <summary>
/// A state badge of the certification pages. <see cref="Kind"/> names its data attribute (data-outcome,
/// data-application-status, data-licence-status, data-chain-status, data-accreditation-status) so scripts and
/// tests read the state, not the words.
/// </summary>
public sealed record StateBadge(string Kind, string Value, string Css, string Label, string? Hint = null);

/// <summary>Words and badges for the certification pages' states (the services' own state names, shown in the page's language).</summary>
public static class CertificationFormat
{
    public static StateBadge Outcome(string outcome, bool zh) => outcome switch
    {
        "pass" => new("outcome", outcome, "good", PortalText.OutcomePass.In(zh)),
        "fail" => new("outcome", outcome, "bad", PortalText.OutcomeFail.In(zh)),
        "missing_evidence" => new("outcome", outcome, "wait", PortalText.OutcomeMissing.In(zh)),
        _ => new("outcome", outcome, "neutral", PortalText.OutcomeNotApplicable.In(zh)),
    };

    public static StateBadge Application(string status, bool zh) => status switch
    {
        "approved" => new("application-status", status, "good", PortalText.AppApproved.In(zh)),
        "rejected" => new("application-status", status, "bad", PortalText.AppRejected.In(zh)),
        _ => new("application-status", status, "wait", PortalText.AppSubmitted.In(zh)),
    };

    public static StateBadge Licence(string status, bool zh) => status switch
    {
        "active" => new("licence-status", status, "good", PortalText.LicenceActive.In(zh)),
        "suspended" => new("licence-status", status, "wait", PortalText.LicenceSuspended.In(zh)),
        _ => new("licence-status", status, "bad", PortalText.LicenceRevoked.In(zh)),
    };

    public static StateBadge Accreditation(string status, bool zh) => status == "active"
        ? new("accreditation-status", status, "good", PortalText.AccreditationActive.In(zh))
        : new("accreditation-status", status, "neutral", PortalText.AccreditationWithdrawn.In(zh));

    /// <summary>The newest chain operation's state (none: nothing queued), with its operation and error as the hint.</summary>
    public static StateBadge Chain(ChainStateResponse? chain, bool zh) => chain?.Status switch
    {
        null => new("chain-status", "none", "neutral", PortalText.ChainNone.In(zh)),
        "confirmed" => new("chain-status", "confirmed", "good", PortalText.ChainConfirmed.In(zh), chain.Operation),
        "failed" => new("chain-status", "failed", "bad", PortalText.ChainFailed.In(zh), chain.ErrorName ?? chain.Error),
        "sent" => new("chain-status", "sent", "wait", PortalText.ChainSent.In(zh), chain.Operation),
        _ => new("chain-status", chain.Status, "wait", PortalText.ChainPending.In(zh), chain.Operation),
    };

    public static bool IsOpen(ChainStateResponse? chain) => chain?.Status is "pending" or "sent";

    public static string LicenceAction(string action, bool zh) => action switch
    {
        "issue" => PortalText.ActionIssue.In(zh),
        "suspend" => PortalText.ActionSuspend.In(zh),
        "reinstate" => PortalText.ActionReinstate.In(zh),
        "revoke" => PortalText.ActionRevoke.In(zh),
        _ => action,
    };

    public static IReadOnlyList<Choice> ApplicationStatuses(bool zh) =>
        [new("submitted", PortalText.AppSubmitted.In(zh)), new("approved", PortalText.AppApproved.In(zh)), new("rejected", PortalText.AppRejected.In(zh)), new("all", PortalText.AllStatuses.In(zh))];

    public static IReadOnlyList<Choice> LicenceStatuses(bool zh) =>
        [new("all", PortalText.AllStatuses.In(zh)), new("active", PortalText.LicenceActive.In(zh)), new("suspended", PortalText.LicenceSuspended.In(zh)), new("revoked", PortalText.LicenceRevoked.In(zh))];
}

/// <summary>What the <c>_Chain</c> partial renders: the chain badge, the operation, its transaction hash and block, and a failure's error.</summary>
public sealed record ChainView(ChainStateResponse? State, bool Zh);
