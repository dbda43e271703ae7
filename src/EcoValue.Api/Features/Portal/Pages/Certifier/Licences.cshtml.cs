using EcoValue.Api.Features.Certification;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Certifier;

/// <summary>/portal/licences: licences of the certifier's brands (an admin: all) with status and chain state, as GET /api/v1/licences; paged.</summary>
public sealed class LicencesModel(CertificationRepository repo) : PortalPageModel
{
    public const int PageSize = 50;

    public override Text Title => PortalText.LicencesTitle;

    public Page<LicenceRow> Licences { get; private set; } = new([], null);

    public IReadOnlyDictionary<string, ChainOperationRow> Operations { get; private set; } = new Dictionary<string, ChainOperationRow>();

    public string Status { get; private set; } = "all";

    public string? After { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, string? after, CancellationToken ct)
    {
        Status = status is "active" or "suspended" or "revoked" ? status : "all";
        After = after is { Length: <= 64 } ? after : null;
        Licences = await repo.ListLicencesAsync(CertificationAccess.ScopeOf(Caller), Status == "all" ? null : Status, null, null, After, PageSize, ct);
        Operations = await repo.LatestOperationsAsync([.. Licences.Items.Select(l => ChainOperations.LicenceSubject(l.Id))], ct);
        return Page();
    }

    public ChainStateResponse? ChainOf(LicenceRow licence) => ChainStateResponse.From(Operations.GetValueOrDefault(ChainOperations.LicenceSubject(licence.Id)));
}
