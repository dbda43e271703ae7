using EcoValue.Api.Features.Catalogue;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Data.Catalogue;
using EcoValue.Data.Certification;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace EcoValue.Api.Features.Portal.Pages.Buyer;

/// <summary>
/// /portal/catalogue (buyer, admin): the public catalogue with what a signed-in buyer takes home besides, each branded
/// batch's provenance dossier (<c>/portal/batches/{id}/dossier?format=…</c>). The query is read, checked and run by
/// <see cref="CatalogueQuery"/>, exactly as <c>GET /api/v1/catalogue</c> and <c>/catalogue</c> do: same results, same
/// refusals (here a 400 page with the reasons beside the fields).
/// </summary>
public sealed class CatalogueModel(CatalogueRepository catalogue, CertificationRepository certification, PublicLinks links) : PortalPageModel
{
    public const string PagePath = "/portal/catalogue";

    /// <summary>The dossier formats, in the order the links show them.</summary>
    public static IReadOnlyList<string> DossierFormats { get; } = ["pdf", "html", "json", "epcis"];

    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["q"] = PortalText.CatalogueSearch,
        ["brand"] = PortalText.Brand,
        ["region"] = PortalText.RegionPrefix,
        ["category"] = PortalText.Category,
        ["status"] = PortalText.LicenceStatus,
    };

    public override Text Title => PortalText.CatalogueTitle;

    public CatalogueQuery Query { get; private set; } = CatalogueQuery.Of(null, null, null, null, null, null, null);

    public PortalForm Filter { get; private set; } = null!;

    public IReadOnlyList<Choice> BrandChoices { get; private set; } = [];

    public IReadOnlyList<Choice> CategoryChoices { get; private set; } = [];

    public IReadOnlyList<Choice> StatusChoices { get; private set; } = [];

    /// <summary>The page of producers; null when the query was refused.</summary>
    public ListResponse<CatalogueEntryResponse>? List { get; private set; }

    private Dictionary<string, BrandRow> _brands = new(StringComparer.Ordinal);

    private IReadOnlyList<FieldError> _refused = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Query = CatalogueQuery.From(Request.Query);
        Filter = new PortalForm(Zh, Labels)
        {
            ["q"] = Query.Q ?? string.Empty, ["brand"] = Query.Brand ?? string.Empty, ["region"] = Query.Region ?? string.Empty,
            ["category"] = Query.Category ?? string.Empty, ["status"] = Query.Status ?? string.Empty,
        };
        var errors = _refused = Query.Validate();
        Filter.AddAll(errors.Select(Explain));

        var brands = await certification.ListBrandsAsync(ct);
        _brands = brands.ToDictionary(b => b.Id, StringComparer.Ordinal);
        BrandChoices = [new(string.Empty, L(PortalText.AnyBrand)), .. brands.Select(b => new Choice(b.Id, Zh ? b.NameZh : b.NameEn)), .. Extra(Query.Brand, brands.Select(b => b.Id))];
        CategoryChoices = [new(string.Empty, L(PortalText.AnyCategory)), .. ConsumerText.KnownCategories.Select(c => new Choice(c, CategoryName(c))), .. Extra(Query.Category, ConsumerText.KnownCategories)];
        StatusChoices = [new(string.Empty, L(PortalText.AnyStatus)), .. CatalogueQuery.Statuses.Select(s => new Choice(s, CertificationFormat.Licence(s, Zh).Label))];
        if (errors.Count > 0)
        {
            return Invalid();
        }

        List = await Query.RunAsync(catalogue, links.Base(HttpContext), ct);
        return Page();
    }

    /// <summary>This list with the same filters at <paramref name="cursor"/> (null: the first page).</summary>
    public string PageHref(string? cursor) =>
        QueryHelpers.AddQueryString(PagePath, cursor is null ? Query.FilterParameters() : Query.FilterParameters().Append(new("cursor", cursor)));

    /// <summary>The first page without what was refused, so the link works.</summary>
    public string FirstValidPageHref() =>
        QueryHelpers.AddQueryString(PagePath, Query.FilterParameters().Where(p => !_refused.Any(e => e.Field == p.Key)));

    public static string DossierHref(string batchId, string format) =>
        $"/portal/batches/{Uri.EscapeDataString(batchId)}/dossier?format={Uri.EscapeDataString(format)}";

    public string BrandName(string brandId) =>
        _brands.TryGetValue(brandId, out var b) ? (Zh ? b.NameZh : b.NameEn) : brandId;

    public string CategoryName(string slug) => ConsumerText.CategoryName(slug) is var name && Zh ? name.Zh : name.En;

    public string RegionName(CatalogueRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return (Zh ? region.NameZh : region.NameEn) is { Length: > 0 } name ? $"{name} ({region.Code})" : region.Code;
    }

    public string Day(string text) => CatalogueDates.Day(text, Zh);

    public string LastDay(string end) => CatalogueDates.LastDay(end, Zh);

    // A value typed into the URL that the select does not offer stays selectable, so the form shows what was searched.
    private static IEnumerable<Choice> Extra(string? value, IEnumerable<string> offered) =>
        value is not null && !offered.Contains(value, StringComparer.Ordinal) ? [new Choice(value, value)] : [];

    // The page link and size are no fields on the form: their errors go to the summary, in words that say what to do.
    private static FieldError Explain(FieldError e) => e.Field switch
    {
        "cursor" => new FieldError(string.Empty, e.Code, PortalText.CatalogueBadCursor.En, PortalText.CatalogueBadCursor.Zh),
        "limit" => new FieldError(string.Empty, e.Code, $"{PortalText.PageSize.En}: {e.En}", $"{PortalText.PageSize.Zh}：{e.Zh}"),
        _ => e,
    };
}
