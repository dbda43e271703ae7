using System.Globalization;
using EcoValue.Api.Features.Registry;
using EcoValue.Data.Catalogue;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.Catalogue;

/// <summary>
/// One catalogue request as the JSON API, the public page (<c>/catalogue</c>) and the buyer portal
/// (<c>/portal/catalogue</c>) read it: checked here once, with bilingual field errors, and run here once, so the three
/// answer the same input with the same producers and refuse the same input for the same reason. Blank values mean
/// "any" (a form's empty select or field sends <c>status=</c>).
/// </summary>
public sealed record CatalogueQuery(string? Q, string? Brand, string? Region, string? Category, string? Status, string? Cursor, int? Limit)
{
    /// <summary>Longest search text; a longer one is refused (400) before it reaches the index.</summary>
    public const int MaxQueryLength = 100;

    public const int DefaultLimit = 20;

    /// <summary>Longest brand or category value (both are ids or slugs, far shorter).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The licence statuses one can filter by (stored statuses; "expired" is what a licence's verify link answers).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["active", "suspended", "revoked"];

    /// <summary>The query from typed values (the API's bound parameters); blanks become null.</summary>
    public static CatalogueQuery Of(string? q, string? brand, string? region, string? category, string? status, string? cursor, int? limit) =>
        new(Blank(q), Blank(brand), Blank(region), Blank(category), Blank(status), Blank(cursor), limit);

    /// <summary>
    /// The query from a page's query string (first value of each key). A <c>limit</c> that is no number is kept as an
    /// out-of-range one, so <see cref="Validate"/> refuses it with the same error as <c>limit=0</c>.
    /// </summary>
    public static CatalogueQuery From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? One(string key) => query.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;
        int? limit = Blank(One("limit")) is { } l ? (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0) : null;
        return Of(One("q"), One("brand"), One("region"), One("category"), One("status"), One("cursor"), limit);
    }

    /// <summary>What is wrong with the query, field by field (empty when it can run).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new FieldErrors();
        if (Q is { Length: > MaxQueryLength })
        {
            errors.Add("q", "catalogue.query_length", $"must be at most {MaxQueryLength} characters", $"不能超过 {MaxQueryLength} 个字符");
        }

        if (Region is not null && !IsRegionPrefix(Region))
        {
            errors.Add("region", "catalogue.region", "must be a GB/T 2260 code or its prefix: 2, 4 or 6 digits starting with a province code, e.g. 46 or 4690",
                "应为 GB/T 2260 行政区划代码或其前缀：以省级代码开头的 2、4 或 6 位数字，例如 46 或 4690");
        }

        if (Status is not null && !Statuses.Contains(Status))
        {
            errors.Add("status", "catalogue.status", "must be active, suspended or revoked", "应为 active、suspended 或 revoked");
        }

        if (Brand is { Length: > MaxNameLength } || Category is { Length: > MaxNameLength })
        {
            errors.Add(Brand is { Length: > MaxNameLength } ? "brand" : "category", "catalogue.name_length", $"must be at most {MaxNameLength} characters", $"不能超过 {MaxNameLength} 个字符");
        }

        if (Limit is { } l && (l < 1 || l > CatalogueRepository.MaxPageSize))
        {
            errors.Add("limit", "paging.limit", $"must be between 1 and {CatalogueRepository.MaxPageSize}", $"应在 1 到 {CatalogueRepository.MaxPageSize} 之间");
        }

        if (Cursor is not null && !CatalogueCursor.TryRead(Cursor, out _))
        {
            errors.Add("cursor", "paging.cursor", "is not a cursor this service returned", "不是本服务返回的分页游标");
        }

        return errors.All;
    }

    /// <summary>
    /// Runs a query that <see cref="Validate"/> found valid: the page of entries with their public links under
    /// <paramref name="baseUrl"/>, and the next page's cursor.
    /// </summary>
    public async Task<ListResponse<CatalogueEntryResponse>> RunAsync(CatalogueRepository repo, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repo);
        string? after = null;
        if (Cursor is not null && !CatalogueCursor.TryRead(Cursor, out after))
        {
            throw new InvalidOperationException("the catalogue query was not validated");
        }

        var filter = new CatalogueFilter(Q, Brand, Region, Category, Status);
        var page = await repo.ListAsync(filter, after, Limit ?? DefaultLimit, ct).ConfigureAwait(false);
        return new ListResponse<CatalogueEntryResponse>(
            [.. page.Items.Select(e => CatalogueEntryResponse.From(e, baseUrl))], page.Next is null ? null : CatalogueCursor.Write(page.Next));
    }

    /// <summary>The filters as query parameters (the search too, and the limit when one was asked for), for page links.</summary>
    public IEnumerable<KeyValuePair<string, string?>> FilterParameters()
    {
        foreach (var (key, value) in new[] { ("q", Q), ("brand", Brand), ("region", Region), ("category", Category), ("status", Status) })
        {
            if (value is not null)
            {
                yield return new(key, value);
            }
        }

        if (Limit is { } limit)
        {
            yield return new("limit", limit.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>2, 4 or 6 ASCII digits whose first two are a province-level code (46 Hainan, 4690 its county-level group).</summary>
    internal static bool IsRegionPrefix(string s) =>
        s.Length is 2 or 4 or 6 && s.All(char.IsAsciiDigit) && RegionCode.ProvinceCodes.Contains(s[..2]);

    // Whitespace-only is "not given": an empty form field, or q=%20.
    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
