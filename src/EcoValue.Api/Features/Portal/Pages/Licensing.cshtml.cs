using EcoValue.Api.Features.Certification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/certification: the producer's applications and licences (as GET /api/v1/applications and /licences show
/// a farmer its own), and for a farmer a form to apply for a brand through <see cref="ApplicationDecisions.ApplyAsync"/>
/// as POST /api/v1/applications does (the producer must be approved: otherwise the service's 422 on the page). An
/// admin reads a chosen producer's.
/// </summary>
public sealed class LicensingModel(CertificationRepository repo, RegistryRepository registry, BrandAdministration brands, ApplicationDecisions decisions, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["brandId"] = PortalText.Brand,
        ["plots"] = PortalText.NavPlots,
        ["categories"] = PortalText.Categories,
        ["notes"] = PortalText.NotesField,
    };

    public override Text Title => PortalText.CertificationTitle;

    public ProducerRow? Producer { get; private set; }

    public ProducerPicker? Picker { get; private set; }

    public IReadOnlyList<BrandRow> Brands { get; private set; } = [];

    public IReadOnlyList<PlotRow> Plots { get; private set; } = [];

    /// <summary>Every category a registered brand's standard covers.</summary>
    public IReadOnlyList<string> Categories { get; private set; } = [];

    public IReadOnlyList<ApplicationRow> Applications { get; private set; } = [];

    public IReadOnlyList<LicenceRow> Licences { get; private set; } = [];

    public IReadOnlyDictionary<string, ChainOperationRow> Operations { get; private set; } = new Dictionary<string, ChainOperationRow>();

    public PortalForm Form { get; private set; } = null!;

    public HashSet<string> CheckedPlots { get; } = new(StringComparer.Ordinal);

    public HashSet<string> CheckedCategories { get; } = new(StringComparer.Ordinal);

    public string? Refusal { get; private set; }

    public bool Applied { get; private set; }

    public bool CanApply => Caller.Role == Roles.Farmer;

    public async Task<IActionResult> OnGetAsync(bool applied, string? after, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (ProducerId is null)
        {
            Picker = Caller.IsAdmin ? await ProducerPicker.LoadAsync(registry, "/portal/certification", Zh, after, ct) : null;
            return Page();
        }

        if (!await LoadAsync(ct))
        {
            return NotFoundPage();
        }

        Applied = applied;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var posted = await Request.ReadFormAsync(ct);
        Form = PortalForm.From(posted, Zh, Labels);
        if (!CanApply || ProducerId is not { } producerId || !await LoadAsync(ct))
        {
            return NotFoundPage();
        }

        var plots = posted["plots"].Where(p => !string.IsNullOrEmpty(p)).ToList();
        var categories = posted["categories"].Where(c => !string.IsNullOrEmpty(c)).ToList();
        CheckedPlots.UnionWith(plots!);
        CheckedCategories.UnionWith(categories!);
        try
        {
            var facts = new ApplicationInput(Form.Text("brandId"), plots, categories, Form.Text("notes")).Validate();
            await decisions.ApplyAsync(producerId, facts, Caller.Actor, time.GetUtcNow(), ct);
            return RedirectTo("/portal/certification", ("applied", "true"));
        }
        catch (DomainValidationException e)
        {
            // plots[2] and categories[0] are about the checkbox groups.
            Form.AddAll(e.Errors, f => f.StartsWith("plots", StringComparison.Ordinal) ? "plots" : f.StartsWith("categories", StringComparison.Ordinal) ? "categories" : f);
            return Invalid();
        }
        catch (ProblemException e)
        {
            Refusal = Zh ? e.TitleZh + (e.DetailZh is null ? string.Empty : "：" + e.DetailZh) : e.TitleEn + (e.DetailEn is null ? string.Empty : ": " + e.DetailEn);
            Response.StatusCode = e.Status;
            return Page();
        }
    }

    public ChainStateResponse? ChainOf(LicenceRow licence) => ChainStateResponse.From(Operations.GetValueOrDefault(ChainOperations.LicenceSubject(licence.Id)));

    public string BrandName(string brandId) => Brands.FirstOrDefault(b => b.Id == brandId) is { } b ? (Zh ? b.NameZh : b.NameEn) : brandId;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Producer = await registry.GetProducerAsync(ProducerId!, Caller.Scope, ct);
        if (Producer is null)
        {
            return false;
        }

        var scope = CertificationScope.Producer(Producer.Id);
        Brands = await repo.ListBrandsAsync(ct);
        Categories = [.. Brands.SelectMany(b => brands.StandardOf(b).Categories).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Plots = (await registry.ListPlotsAsync(Producer.Id, null, null, null, RegistryRepository.MaxPageSize, ct)).Items;
        Applications = (await repo.ListApplicationsAsync(scope, null, null, null, CertificationRepository.MaxPageSize, ct)).Items;
        Licences = (await repo.ListLicencesAsync(scope, null, null, null, null, CertificationRepository.MaxPageSize, ct)).Items;
        Operations = await repo.LatestOperationsAsync([.. Licences.Select(l => ChainOperations.LicenceSubject(l.Id))], ct);
        return true;
    }
}
