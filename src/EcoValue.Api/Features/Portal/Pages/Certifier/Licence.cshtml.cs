using System.Text.Json.Nodes;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Certifier;

/// <summary>
/// /portal/licences/{id}: the credential's summary, status history, quota use and chain operations, and one form to
/// suspend, reinstate or revoke with a required reason, going the way of POST /api/v1/licences/{id}/{action}: out of
/// scope is 404, a certifier not accredited for the brand 403, a change the status does not allow 409 on the page.
/// While a chain operation is open the page reloads itself.
/// </summary>
public sealed class LicenceModel(CertificationRepository repo, LicenceStatusChanges changes, UserAccounts users, TimeProvider time) : PortalPageModel
{
    public const int RefreshSeconds = 3;

    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["reason"] = PortalText.Reason,
    };

    public override Text Title => PortalText.LicenceTitle;

    public LicenceRow Licence { get; private set; } = null!;

    public JsonNode Credential { get; private set; } = null!;

    public IReadOnlyList<LicenceEventRow> History { get; private set; } = [];

    public IReadOnlyList<QuotaRow> Quota { get; private set; } = [];

    public IReadOnlyList<ChainStateResponse> Operations { get; private set; } = [];

    public ChainStateResponse? Chain => Operations.Count == 0 ? null : Operations[^1];

    public PortalForm Form { get; private set; } = null!;

    public string? Refusal { get; private set; }

    public bool Changed { get; private set; }

    /// <summary>The actions the licence's status allows (the service's own table).</summary>
    public IReadOnlyList<string> Actions => Caller.Role == Roles.Certifier
        ? [.. LicenceStatusChanges.Actions.Where(a => a.Value.From.Contains(Licence.Status, StringComparer.Ordinal)).Select(a => a.Key)]
        : [];

    public async Task<IActionResult> OnGetAsync(string id, bool changed, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (!await LoadAsync(id, CertificationAccess.ScopeOf(Caller), ct))
        {
            return NotFoundPage();
        }

        Changed = changed;
        if (CertificationFormat.IsOpen(Chain))
        {
            AutoRefreshSeconds = RefreshSeconds;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var posted = await Request.ReadFormAsync(ct);
        Form = PortalForm.From(posted, Zh, Labels);
        var action = posted["action"].FirstOrDefault();
        if (action is null || !LicenceStatusChanges.Actions.ContainsKey(action))
        {
            return BadRequest();
        }

        if (Caller.Role != Roles.Certifier)
        {
            return ForbiddenPage();
        }

        string? reason = null;
        try
        {
            reason = new StatusChangeInput(Form.Text("reason")).Validate();
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        if (await repo.GetLicenceAsync(id, CertificationScope.All, ct) is not { } licence)
        {
            return NotFoundPage();
        }

        if (await CertificationAccess.AccreditedCertifierAsync(users, repo, Caller.UserId, licence.BrandId, ct) is not { } certifier)
        {
            return ForbiddenPage();
        }

        if (Form.HasErrors)
        {
            await LoadAsync(id, CertificationScope.All, ct);
            return Invalid();
        }

        int status;
        try
        {
            if (await changes.ChangeAsync(licence, action, reason!, certifier, time.GetUtcNow(), ct) is null)
            {
                return ForbiddenPage();
            }

            return Redirect($"/portal/licences/{Uri.EscapeDataString(id)}?changed=true");
        }
        catch (CertificationStateException)
        {
            Refusal = L(PortalText.TransitionRefused);
            status = StatusCodes.Status409Conflict;
        }
        catch (ProblemException e)
        {
            Refusal = Zh ? e.TitleZh + (e.DetailZh is null ? string.Empty : "：" + e.DetailZh) : e.TitleEn + (e.DetailEn is null ? string.Empty : ": " + e.DetailEn);
            status = e.Status;
        }

        await LoadAsync(id, CertificationScope.All, ct);
        Response.StatusCode = status;
        return Page();
    }

    public static Text ActionLabel(string action) => action switch
    {
        "suspend" => PortalText.Suspend,
        "reinstate" => PortalText.Reinstate,
        _ => PortalText.Revoke,
    };

    private async Task<bool> LoadAsync(string id, CertificationScope scope, CancellationToken ct)
    {
        if (await repo.GetLicenceAsync(id, scope, ct) is not { } licence)
        {
            return false;
        }

        Licence = licence;
        Credential = JsonNode.Parse(licence.Document)!;
        History = await repo.ListLicenceEventsAsync(id, ct);
        Quota = await repo.ListQuotaAsync(id, ct);
        Operations = [.. (await repo.ListOperationsAsync(ChainOperations.LicenceSubject(id), ct)).Select(o => ChainStateResponse.From(o)!)];
        return true;
    }
}
