using EcoValue.Api.Features.Certification;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Certifier;

/// <summary>
/// /portal/applications: the certifier's queue, the applications of the brands it is actively accredited for (an
/// admin: all), as GET /api/v1/applications lists them; submitted ones first by default, filtered by status and
/// brand, paged by cursor.
/// </summary>
public sealed class ApplicationsModel(CertificationRepository repo, RegistryRepository registry) : PortalPageModel
{
    public const int PageSize = 50;

    public override Text Title => PortalText.ApplicationsTitle;

    public Page<ApplicationRow> Applications { get; private set; } = new([], null);

    /// <summary>Names of the producers on this page (a certifier reads them through the applications it may see).</summary>
    public IReadOnlyDictionary<string, string> ProducerNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<Choice> Brands { get; private set; } = [];

    public string Status { get; private set; } = "submitted";

    public string? BrandId { get; private set; }

    public string? After { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, string? brandId, string? after, CancellationToken ct)
    {
        Status = status is "submitted" or "approved" or "rejected" or "all" ? status : "submitted";
        After = after is { Length: <= 64 } ? after : null;
        var brands = await repo.ListBrandsAsync(ct);
        if (Caller.Role == Data.Accounts.Roles.Certifier)
        {
            var mine = (await repo.ListAccreditationsAsync(null, Caller.UserId, ct)).Where(a => a.Status == "active").Select(a => a.BrandId).ToHashSet(StringComparer.Ordinal);
            brands = [.. brands.Where(b => mine.Contains(b.Id))];
        }

        Brands = [new(string.Empty, L(PortalText.AllBrands)), .. brands.Select(b => new Choice(b.Id, Zh ? b.NameZh : b.NameEn))];
        BrandId = brandId is { Length: > 0 and <= 100 } && brands.Any(b => b.Id == brandId) ? brandId : null;
        Applications = await repo.ListApplicationsAsync(CertificationAccess.ScopeOf(Caller), Status == "all" ? null : Status, BrandId, After, PageSize, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var producerId in Applications.Items.Select(a => a.ProducerId).Distinct(StringComparer.Ordinal))
        {
            if (await registry.GetProducerAsync(producerId, Scope.All, ct) is { } producer)
            {
                names[producerId] = producer.Name;
            }
        }

        ProducerNames = names;
        return Page();
    }

    public string BrandName(string brandId) => Brands.FirstOrDefault(b => b.Value == brandId)?.Label ?? brandId;
}
