using System.Text;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Catalogue;
using EcoValue.Domain.Identifiers;
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
    public const int MaxQueryLength = CatalogueQuery.MaxQueryLength;

    public const int DefaultLimit = CatalogueQuery.DefaultLimit;

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
        app.MapCataloguePage();
        return app;
    }

    internal static async Task<Results<Ok<ListResponse<CatalogueEntryResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, CatalogueRepository repo, PublicLinks links, string? q, string? brand, string? region, string? category, string? status, string? cursor, int? limit, CancellationToken ct)
    {
        var query = CatalogueQuery.Of(q, brand, region, category, status, cursor, limit);
        if (query.Validate() is { Count: > 0 } errors)
        {
            return Problems.Validation(ctx, errors);
        }

        return TypedResults.Ok(await query.RunAsync(repo, links.Base(ctx), ct).ConfigureAwait(false));
    }
}

/// <summary>
/// The catalogue's page cursor: opaque (base64url of a version tag and the last producer id), so clients cannot build
/// one and the key can change.
/// </summary>
internal static class CatalogueCursor
{
    private const string Prefix = "c1|";

    public static string Write(string producerId) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(Prefix + producerId));

    public static bool TryRead(string cursor, out string? producerId)
    {
        producerId = null;
        if (cursor.Length is 0 or > 200)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length == Prefix.Length)
            {
                return false;
            }

            producerId = text[Prefix.Length..];
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
