using EcoValue.Api.Features.Certification;
using EcoValue.Data.Certification;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Admin;

/// <summary>
/// /portal/brands (admin): brands with their standard (id, version, hash) and chain state, and a form to register a
/// brand from a loaded standard (or move a brand to another), through <see cref="BrandAdministration.RegisterAsync"/>
/// as POST /api/v1/brands does.
/// </summary>
public sealed class BrandsModel(CertificationRepository repo, CertificationResources resources, BrandAdministration admin, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["standardId"] = PortalText.Standard,
        ["metadataUri"] = PortalText.MetadataUri,
    };

    public override Text Title => PortalText.BrandsTitle;

    public IReadOnlyList<BrandRow> Brands { get; private set; } = [];

    public IReadOnlyDictionary<string, ChainOperationRow> Operations { get; private set; } = new Dictionary<string, ChainOperationRow>();

    public IReadOnlyList<Choice> Standards { get; private set; } = [];

    public PortalForm Form { get; private set; } = null!;

    /// <summary>After a registration: true when it changed something, false when the brand had that standard already.</summary>
    public bool? Registered { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool? registered, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        Registered = registered;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        try
        {
            var (standardId, uri) = new BrandInput(Form.Text("standardId"), Form.Text("metadataUri")).Validate();
            var (_, changed) = await admin.RegisterAsync(standardId, uri, Caller.Actor, time.GetUtcNow(), ct);
            return Redirect("/portal/brands?registered=" + (changed ? "true" : "false"));
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        await LoadAsync(ct);
        return Invalid();
    }

    public ChainStateResponse? ChainOf(BrandRow brand) => ChainStateResponse.From(Operations.GetValueOrDefault(ChainOperations.BrandSubject(brand.Id)));

    private async Task LoadAsync(CancellationToken ct)
    {
        Brands = await repo.ListBrandsAsync(ct);
        Operations = await repo.LatestOperationsAsync([.. Brands.Select(b => ChainOperations.BrandSubject(b.Id))], ct);
        Standards = [.. resources.Catalog.All.Select(s => new Choice(s.Id, $"{(Zh ? s.Title.Zh : s.Title.En)} ({s.Id} {s.Version})"))];
    }
}
