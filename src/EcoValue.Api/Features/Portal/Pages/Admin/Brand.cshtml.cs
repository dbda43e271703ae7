using EcoValue.Api.Features.Certification;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Admin;

/// <summary>
/// /portal/brands/{id} (admin): the brand, its accredited (and withdrawn) certifiers with their chain state, a form to
/// accredit an enabled certifier account and a withdraw button per active accreditation, through
/// <see cref="BrandAdministration"/> as the /api/v1/brands/{id}/certifiers routes do.
/// </summary>
public sealed class BrandModel(CertificationRepository repo, BrandAdministration admin, UserAccounts users, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["userId"] = PortalText.CertifierField,
    };

    public override Text Title => PortalText.BrandTitle;

    public BrandRow Brand { get; private set; } = null!;

    public ChainStateResponse? Chain { get; private set; }

    public IReadOnlyList<(AccreditationRow Row, string? Username, ChainStateResponse? Chain)> Accreditations { get; private set; } = [];

    public IReadOnlyList<Choice> Certifiers { get; private set; } = [];

    public PortalForm Form { get; private set; } = null!;

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (!await LoadAsync(id, ct))
        {
            return NotFoundPage();
        }

        Notice = done switch { "accredited" => L(PortalText.Accredited), "withdrawn" => L(PortalText.Withdrawn), _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostAccreditAsync(string id, CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        try
        {
            var userId = new AccreditationInput(Form.Text("userId")).Validate();
            if (await admin.AccreditAsync(id, userId, Caller.Actor, time.GetUtcNow(), ct) is null)
            {
                return NotFoundPage();
            }

            return Redirect($"/portal/brands/{Uri.EscapeDataString(id)}?done=accredited");
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        return await LoadAsync(id, ct) ? Invalid() : NotFoundPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string id, CancellationToken ct)
    {
        var userId = (await Request.ReadFormAsync(ct))["userId"].FirstOrDefault();
        if (userId is not { Length: > 0 and <= 64 } || await admin.WithdrawAsync(id, userId, Caller.Actor, time.GetUtcNow(), ct) is null)
        {
            Form = new PortalForm(Zh, Labels);
            return NotFoundPage();
        }

        return Redirect($"/portal/brands/{Uri.EscapeDataString(id)}?done=withdrawn");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (await repo.GetBrandAsync(id, ct) is not { } brand)
        {
            return false;
        }

        Brand = brand;
        var subjects = new List<string> { ChainOperations.BrandSubject(id) };
        var rows = await repo.ListAccreditationsAsync(id, null, ct);
        subjects.AddRange(rows.Select(a => ChainOperations.AccreditationSubject(a.BrandId, a.UserId)));
        var ops = await repo.LatestOperationsAsync(subjects, ct);
        Chain = ChainStateResponse.From(ops.GetValueOrDefault(ChainOperations.BrandSubject(id)));
        var list = new List<(AccreditationRow, string?, ChainStateResponse?)>();
        foreach (var a in rows)
        {
            list.Add((a, (await users.FindAsync(a.UserId, ct))?.Username, ChainStateResponse.From(ops.GetValueOrDefault(ChainOperations.AccreditationSubject(a.BrandId, a.UserId)))));
        }

        Accreditations = list;
        var active = rows.Where(a => a.Status == "active").Select(a => a.UserId).ToHashSet(StringComparer.Ordinal);
        var certifiers = await users.ListAsync(new UserQuery(Role: Roles.Certifier, Disabled: false, PageSize: UserQuery.MaxPageSize), ct);
        Certifiers = [.. certifiers.Items.Where(u => !active.Contains(u.Id)).Select(u => new Choice(u.Id, u.Username))];
        return true;
    }
}
