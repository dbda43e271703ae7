using System.Text;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Catalogue;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace EcoValue.Api.Features.Catalogue;

/// <summary>
/// <c>GET /api/v1/catalogue</c> (issue 7, docs/catalogue.md): certified producers and their branded products, for
/// anyone (buyers at a fair, consumers), rate-limited like the other public endpoints. Public fields only: no
/// contacts, no plot coordinates. Each entry links to its licences' public check and its batches' Digital Links.
/// </summary>
public static class CatalogueApi
{
    /// <summary>Longest search text; a longer one is refused (400) before it reaches the index.</summary>
    public const int MaxQueryLength = 100;

    public const int DefaultLimit = 20;

    private const int MaxNameLength = 64;

    private const string CursorPrefix = "c1|";

    private static readonly string[] Statuses = ["active", "suspended", "revoked"];

    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddSingleton<CatalogueRepository>();
        return services;
    }

    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/catalogue", ListAsync).AllowAnonymous().RequireRateLimiting(VerificationApi.PublicRateLimit)
            .WithTags("Catalogue").WithName("Catalogue")
            .WithSummary("Certified producers and their branded products: search (q, Chinese or English), filter by brand, region prefix, category, licence status; keyset pages")
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<Results<Ok<ListResponse<CatalogueEntryResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, CatalogueRepository repo, PublicLinks links, string? q, string? brand, string? region, string? category, string? status, string? cursor, int? limit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (q is { Length: > MaxQueryLength })
        {
            errors.Add("q", "catalogue.query_length", $"must be at most {MaxQueryLength} characters", $"不能超过 {MaxQueryLength} 个字符");
        }

        if (region is not null && !IsRegionPrefix(region))
        {
            errors.Add("region", "catalogue.region", "must be a GB/T 2260 code or its prefix: 2, 4 or 6 digits starting with a province code, e.g. 46 or 4690",
                "应为 GB/T 2260 行政区划代码或其前缀：以省级代码开头的 2、4 或 6 位数字，例如 46 或 4690");
        }

        if (status is not null && !Statuses.Contains(status))
        {
            errors.Add("status", "catalogue.status", "must be active, suspended or revoked", "应为 active、suspended 或 revoked");
        }

        if (brand is { Length: > MaxNameLength } || category is { Length: > MaxNameLength })
        {
            errors.Add(brand is { Length: > MaxNameLength } ? "brand" : "category", "catalogue.name_length", $"must be at most {MaxNameLength} characters", $"不能超过 {MaxNameLength} 个字符");
        }

        if (limit is { } l && (l < 1 || l > CatalogueRepository.MaxPageSize))
        {
            errors.Add("limit", "paging.limit", $"must be between 1 and {CatalogueRepository.MaxPageSize}", $"应在 1 到 {CatalogueRepository.MaxPageSize} 之间");
        }

        string? after = null;
        if (cursor is not null && !TryReadCursor(cursor, out after))
        {
            errors.Add("cursor", "paging.cursor", "is not a cursor this service returned", "不是本服务返回的分页游标");
        }

        if (errors.Any)
        {
            return Problems.Validation(ctx, errors.All);
        }

        var filter = new CatalogueFilter(string.IsNullOrWhiteSpace(q) ? null : q, Blank(brand), region, Blank(category), status);
        var page = await repo.ListAsync(filter, after, limit ?? DefaultLimit, ct).ConfigureAwait(false);
        var baseUrl = links.Base(ctx);
        return TypedResults.Ok(new ListResponse<CatalogueEntryResponse>(
            [.. page.Items.Select(e => CatalogueEntryResponse.From(e, baseUrl))], page.Next is null ? null : WriteCursor(page.Next)));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>2, 4 or 6 ASCII digits whose first two are a province-level code (46 Hainan, 4690 its county-level group).</summary>
    internal static bool IsRegionPrefix(string s) =>
        s.Length is 2 or 4 or 6 && s.All(char.IsAsciiDigit) && RegionCode.ProvinceCodes.Contains(s[..2]);

    // Opaque, so clients cannot build one and the key can change: base64url of a version tag and the last producer id.
    internal static string WriteCursor(string producerId) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(CursorPrefix + producerId));

    internal static bool TryReadCursor(string cursor, out string? producerId)
    {
        producerId = null;
        if (cursor.Length is 0 or > 200)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            if (!text.StartsWith(CursorPrefix, StringComparison.Ordinal) || text.Length == CursorPrefix.Length)
            {
                return false;
            }

            producerId = text[CursorPrefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A certified producer as the public catalogue shows it.</summary>
public sealed record CatalogueEntryResponse(string Id, string Name, CatalogueRegion Region, IReadOnlyList<CatalogueLicenceResponse> Licences, IReadOnlyList<CatalogueProductResponse> Products)
{
    public static CatalogueEntryResponse From(CatalogueEntry e, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(e);
        var code = RegionCode.TryParse(e.RegionCode, out var region) ? region : null;
        return new CatalogueEntryResponse(e.ProducerId, e.Name, new CatalogueRegion(e.RegionCode, code?.NameZh, code?.NameEn),
            [.. e.Licences.Select(l => new CatalogueLicenceResponse(l.Id, new CatalogueBrand(l.BrandId, l.BrandNameZh, l.BrandNameEn), l.Status, l.ValidFrom, l.ValidUntil,
                $"{baseUrl}/api/v1/licences/{Uri.EscapeDataString(l.Id)}/verify"))],
            [.. e.Products.Select(p => new CatalogueProductResponse(p.BatchId, p.Product, p.Category, p.HarvestDate, p.BrandId, p.LicenceId,
                $"{baseUrl}/01/{p.Gtin}/10/{Uri.EscapeDataString(p.Lot)}"))]);
    }
}

public sealed record CatalogueRegion(string Code, string? NameZh, string? NameEn);

public sealed record CatalogueBrand(string Id, string NameZh, string NameEn);

/// <summary>A licence: its stored status (active, suspended, revoked), validity, and where anyone checks its proof.</summary>
public sealed record CatalogueLicenceResponse(string Id, CatalogueBrand Brand, string Status, string ValidFrom, string ValidUntil, string Verify);

/// <summary>A branded batch and its GS1 Digital Link (which resolves to the consumer page).</summary>
public sealed record CatalogueProductResponse(string BatchId, string Product, string Category, string HarvestDate, string BrandId, string LicenceId, string DigitalLink);
