using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Catalogue;
using EcoValue.Data.Certification;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.WebUtilities;
using Bilingual = EcoValue.Api.Features.Verification.Bilingual;

namespace EcoValue.Api.Features.Catalogue;

/// <summary>
/// <c>GET /catalogue</c> (issue 7, docs/catalogue.md): the catalogue as a page for a buyer's phone at a trade fair.
/// Built like the consumer page (hand-written HTML through <see cref="HtmlBuilder"/>, its inlined style sheet, no
/// script at all, zh-CN or en chosen as the consumer page chooses), on the same <see cref="CatalogueQuery"/> as the
/// JSON API, so the page shows exactly what <c>GET /api/v1/catalogue</c> answers and refuses the same input; a refusal
/// is this page with the reasons in words and status 400, never an error page.
/// </summary>
public static class CataloguePage
{
    public const string Path = "/catalogue";

    /// <summary>What this page adds to the consumer page's style sheet (inlined too, under its own CSP hash).</summary>
    internal const string Style = """
        main,footer{max-width:48rem}
        form.search{display:grid;grid-template-columns:1fr;gap:.25rem .75rem}
        form.search label{font-weight:600;margin-top:.35rem}
        form.search .hint{color:#3d473d;background:#ffffff;font-size:.85rem;margin:0}
        form.search input,form.search select{width:100%;font:inherit;padding:.5rem .55rem;border:1px solid #6b776b;border-radius:.35rem;color:#1a1f1a;background:#ffffff;min-height:2.75rem}
        form.search .go{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;margin-top:.5rem}
        ol.results{list-style:none;margin:0;padding:0}
        ol.results h2{margin:0 0 .25rem;overflow-wrap:anywhere}
        ol.results h3{font-size:1rem;margin:.6rem 0 .2rem}
        ol.results ul{margin:0;padding-left:1.1rem}
        ol.results li li{margin:.2rem 0;overflow-wrap:anywhere}
        .where{color:#3d473d;background:#ffffff;margin:0}
        .count{color:#3d473d;background:#f6f8f5;margin:0 0 .5rem}
        .badge{display:inline-block;white-space:nowrap;border-radius:1rem;padding:0 .5rem;font-size:.85rem;font-weight:700;border:1px solid}
        .b-good{color:#0b4f1b;background:#e3f4e6;border-color:#0b5d1e}
        .b-warn{color:#7a3300;background:#fff0e0;border-color:#b85c00}
        .b-bad{color:#8a0019;background:#fdecee;border-color:#b00020}
        .pages{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
        .pages a{display:inline-block;padding:.5rem 0}
        @media (min-width:40rem){form.search{grid-template-columns:repeat(2,1fr)}form.search .wide{grid-column:1/-1}}
        """;

    /// <summary>CSP source of <see cref="Style"/>'s element: <c>'sha256-…'</c> of its exact text, computed once.</summary>
    internal static string StyleHash { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>Nothing runs, nothing loads: the two inline style elements by hash, forms and links to this origin.</summary>
    internal static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src {ConsumerAssets.StyleHash} {StyleHash}; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>GET/HEAD <see cref="Path"/>: anonymous, on the public rate limit like the API route, out of the OpenAPI document (a page).</summary>
    public static IEndpointRouteBuilder MapCataloguePage(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], RenderAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerificationApi.PublicRateLimit)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task RenderAsync(HttpContext http, CatalogueRepository catalogue, CertificationRepository certification, PublicLinks links)
    {
        var ct = http.RequestAborted;
        var zh = RequestLanguage.IsChinese(http);
        var query = CatalogueQuery.From(http.Request.Query);
        var errors = query.Validate();
        var list = errors.Count == 0 ? await query.RunAsync(catalogue, links.Base(http), ct).ConfigureAwait(false) : null;
        var brands = await certification.ListBrandsAsync(ct).ConfigureAwait(false);
        var view = new CataloguePageView(zh, query, errors, brands, list, ConsumerPage.SwitchLanguageHref(http.Request.Query, zh));
        using var html = RenderUtf8(view);

        var response = http.Response;
        response.StatusCode = errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        var headers = response.Headers;
        headers.ContentType = "text/html; charset=utf-8";
        headers.ContentLanguage = zh ? "zh-CN" : "en";
        // Statuses change (a revocation must show at once), and the answer depends on language: not stored.
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.Vary = "Accept-Language, Cookie";
        ConsumerPage.SetLanguageCookie(http);
        response.ContentLength = html.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(html.WrittenMemory, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The page's HTML for <paramref name="view"/> as text (the very bytes the route writes, decoded).</summary>
    internal static string Render(CataloguePageView view)
    {
        using var page = RenderUtf8(view);
        return Encoding.UTF8.GetString(page.WrittenMemory.Span);
    }

    /// <summary>The page as UTF-8 in a pooled buffer (the caller disposes it); built synchronously, so the thread's reused builder is safe.</summary>
    private static PooledBuffer RenderUtf8(CataloguePageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var w = new Writer(HtmlBuilder.Rent(), view);
        w.Page();
        var output = new PooledBuffer(32 * 1024);
        w.Html.WriteTo(output);
        return output;
    }

    /// <summary>The status's badge tone: active good, suspended a warning, revoked bad.</summary>
    internal static string Tone(string status) => status switch
    {
        "active" => "b-good",
        "suspended" => "b-warn",
        _ => "b-bad",
    };

    private sealed class Writer(HtmlBuilder html, CataloguePageView view)
    {
        public HtmlBuilder Html { get; } = html;

        private bool Zh => view.Zh;

        private string L(Bilingual text) => Zh ? text.Zh : text.En;

        private string F(Bilingual text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, L(text), args);

        public void Page()
        {
            var h = Html;
            h.Raw("<!doctype html>\n<html lang=\"").Raw(Zh ? "zh-CN" : "en").Raw("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .Text(L(CatalogueText.Title)).Raw(" · EcoValue</title>\n<style>").Raw(ConsumerAssets.Style).Raw("</style>\n<style>").Raw(Style).Raw("</style>\n")
                .Raw("</head>\n<body>\n<a class=\"skip\" href=\"#main\">").Text(L(ConsumerText.SkipToContent)).Raw("</a>\n")
                .Raw("<header class=\"top\"><a class=\"brand\" href=\"/\">EcoValue</a> <span>").Text(L(CatalogueText.PageName)).Raw("</span>")
                .Raw("<a class=\"lang\" href=\"").Text(view.SwitchLanguageHref).Raw("\" lang=\"").Raw(Zh ? "en" : "zh-CN").Raw("\" hreflang=\"").Raw(Zh ? "en" : "zh-CN").Raw("\">")
                .Text(L(ConsumerText.OtherLanguage)).Raw("</a></header>\n<main id=\"main\">\n<h1>").Text(L(CatalogueText.Title)).Raw("</h1>\n<p>")
                .Text(L(CatalogueText.Intro)).Raw("</p>\n");
            Errors();
            Form();
            if (view.List is { } list)
            {
                Results(list);
            }

            h.Raw("</main>\n<footer><p>").Text(L(CatalogueText.Footer)).Raw("</p></footer>\n</body>\n</html>\n");
        }

        private void Errors()
        {
            if (view.Errors.Count == 0)
            {
                return;
            }

            Html.Raw("<section class=\"notice\" role=\"alert\" aria-labelledby=\"bad-query\">\n<h2 id=\"bad-query\">").Text(L(CatalogueText.BadQuery)).Raw("</h2>\n<p>")
                .Text(L(CatalogueText.BadQueryText)).Raw("</p>\n<ul>\n");
            foreach (var e in view.Errors)
            {
                Html.Raw("<li data-field=\"").Text(e.Field).Raw("\" data-code=\"").Text(e.Code).Raw("\"><strong>").Text(L(CatalogueText.Field(e.Field))).Raw("</strong>: ")
                    .Text(e.Field == "cursor" ? L(CatalogueText.BadCursor) : e.Message(Zh)).Raw("</li>\n");
            }

            // Back to the first page without what was refused, so the link works.
            Html.Raw("</ul>\n<p><a href=\"").Text(QueryHelpers.AddQueryString(Path, view.Query.FilterParameters().Where(p => !view.Errors.Any(e => e.Field == p.Key)))).Raw("\">").Text(L(CatalogueText.FirstPage)).Raw("</a></p>\n</section>\n");
        }

        private void Form()
        {
            var q = view.Query;
            Html.Raw("<form class=\"card search\" role=\"search\" method=\"get\" action=\"").Raw(Path).Raw("\">\n")
                .Raw("<label class=\"wide\" for=\"c-q\">").Text(L(CatalogueText.SearchLabel)).Raw("</label>\n<p class=\"hint wide\" id=\"c-q-hint\">").Text(L(CatalogueText.SearchHint)).Raw("</p>\n")
                .Raw("<input class=\"wide\" id=\"c-q\" name=\"q\" type=\"search\" maxlength=\"").Number(CatalogueQuery.MaxQueryLength).Raw("\" aria-describedby=\"c-q-hint\" value=\"").Text(q.Q).Raw("\">\n");

            Html.Raw("<div><label for=\"c-brand\">").Text(L(CatalogueText.BrandLabel)).Raw("</label>\n<select id=\"c-brand\" name=\"brand\">");
            Option(string.Empty, L(CatalogueText.AnyBrand), q.Brand is null);
            foreach (var b in view.Brands)
            {
                Option(b.Id, Zh ? b.NameZh : b.NameEn, b.Id == q.Brand);
            }

            if (q.Brand is { } brand && !view.Brands.Any(b => b.Id == brand))
            {
                Option(brand, brand, true);
            }

            Html.Raw("</select></div>\n<div><label for=\"c-category\">").Text(L(CatalogueText.CategoryLabel)).Raw("</label>\n<select id=\"c-category\" name=\"category\">");
            Option(string.Empty, L(CatalogueText.AnyCategory), q.Category is null);
            foreach (var c in ConsumerText.KnownCategories)
            {
                Option(c, L(ConsumerText.CategoryName(c)), c == q.Category);
            }

            if (q.Category is { } category && !ConsumerText.KnownCategories.Contains(category))
            {
                Option(category, category, true);
            }

            Html.Raw("</select></div>\n<div><label for=\"c-status\">").Text(L(CatalogueText.StatusLabel)).Raw("</label>\n<select id=\"c-status\" name=\"status\">");
            Option(string.Empty, L(CatalogueText.AnyStatus), q.Status is null);
            foreach (var s in CatalogueQuery.Statuses)
            {
                Option(s, L(ConsumerText.LicenceState(s)), s == q.Status);
            }

            Html.Raw("</select></div>\n<div><label for=\"c-region\">").Text(L(CatalogueText.RegionLabel)).Raw("</label>\n<p class=\"hint\" id=\"c-region-hint\">").Text(L(CatalogueText.RegionHint)).Raw("</p>\n")
                .Raw("<input id=\"c-region\" name=\"region\" inputmode=\"numeric\" maxlength=\"6\" autocomplete=\"off\" aria-describedby=\"c-region-hint\" value=\"").Text(q.Region).Raw("\"></div>\n");
            if (q.Limit is { } limit and >= 1 and <= CatalogueRepository.MaxPageSize)
            {
                Html.Raw("<input type=\"hidden\" name=\"limit\" value=\"").Number(limit).Raw("\">\n");
            }

            Html.Raw("<p class=\"go wide\"><button type=\"submit\">").Text(L(CatalogueText.Search)).Raw("</button> <a href=\"").Raw(Path).Raw("\">")
                .Text(L(CatalogueText.Clear)).Raw("</a></p>\n</form>\n");
        }

        private void Option(string value, string label, bool selected)
        {
            Html.Raw("<option value=\"").Text(value).Raw(selected ? "\" selected>" : "\">").Text(label).Raw("</option>");
        }

        private void Results(ListResponse<CatalogueEntryResponse> list)
        {
            Html.Raw("<section aria-labelledby=\"results\">\n<h2 id=\"results\">").Text(L(CatalogueText.Results)).Raw("</h2>\n");
            if (list.Items.Count == 0)
            {
                Html.Raw("<p>").Text(L(CatalogueText.NoResults)).Raw("</p>\n");
            }
            else
            {
                Html.Raw("<p class=\"count\">").Text(F(CatalogueText.OnThisPage, list.Items.Count)).Raw("</p>\n<ol class=\"results\">\n");
                foreach (var e in list.Items)
                {
                    Entry(e);
                }

                Html.Raw("</ol>\n");
            }

            Html.Raw("<nav class=\"pages\" aria-label=\"").Text(L(CatalogueText.Pages)).Raw("\">");
            if (list.Next is { } next)
            {
                Html.Raw("<a rel=\"next\" href=\"").Text(PageHref(next)).Raw("\">").Text(L(CatalogueText.NextPage)).Raw("</a>");
            }

            if (view.Query.Cursor is not null)
            {
                Html.Raw("<a rel=\"first\" href=\"").Text(FirstPageHref()).Raw("\">").Text(L(CatalogueText.FirstPage)).Raw("</a>");
            }

            Html.Raw("</nav>\n</section>\n");
        }

        private void Entry(CatalogueEntryResponse e)
        {
            Html.Raw("<li class=\"card\" data-producer=\"").Text(e.Id).Raw("\">\n<h2>").User(e.Name).Raw("</h2>\n<p class=\"where\">").Text(L(CatalogueText.Region)).Raw(": ");
            if ((Zh ? e.Region.NameZh : e.Region.NameEn) is { Length: > 0 } place)
            {
                Html.Text(place).Raw(" (").Text(e.Region.Code).Raw(")");
            }
            else
            {
                Html.Text(e.Region.Code);
            }

            Html.Raw("</p>\n<h3>").Text(L(CatalogueText.Licences)).Raw("</h3>\n<ul>\n");
            foreach (var l in e.Licences)
            {
                Html.Raw("<li data-licence=\"").Text(l.Id).Raw("\"><span class=\"badge ").Raw(Tone(l.Status)).Raw("\" data-licence-status=\"").Text(l.Status).Raw("\">")
                    .Text(L(ConsumerText.LicenceState(l.Status))).Raw("</span> ").User(Zh ? l.Brand.NameZh : l.Brand.NameEn).Raw(" · ")
                    .Text(F(CatalogueText.Valid, CatalogueDates.Day(l.ValidFrom, Zh), CatalogueDates.LastDay(l.ValidUntil, Zh))).Raw(" · <a href=\"").Text(l.Verify).Raw("\">").Text(L(CatalogueText.CheckLicence)).Raw("</a></li>\n");
            }

            Html.Raw("</ul>\n<h3>").Text(L(CatalogueText.Products)).Raw("</h3>\n");
            if (e.Products.Count == 0)
            {
                Html.Raw("<p>").Text(L(CatalogueText.NoProducts)).Raw("</p>\n</li>\n");
                return;
            }

            Html.Raw("<ul>\n");
            foreach (var p in e.Products)
            {
                Html.Raw("<li data-batch=\"").Text(p.BatchId).Raw("\"><a href=\"").Text(p.DigitalLink).Raw("\">").User(p.Product).Raw("</a> · ")
                    .Text(L(ConsumerText.CategoryName(p.Category))).Raw(" · ").Text(F(CatalogueText.Harvested, CatalogueDates.Day(p.HarvestDate, Zh))).Raw("</li>\n");
            }

            Html.Raw("</ul>\n</li>\n");
        }

        private string PageHref(string cursor) =>
            QueryHelpers.AddQueryString(Path, view.Query.FilterParameters().Append(new("cursor", cursor)));

        private string FirstPageHref() => QueryHelpers.AddQueryString(Path, view.Query.FilterParameters());
    }
}

/// <summary>What the catalogue page shows: the query as asked, what is wrong with it, or the page of results.</summary>
internal sealed record CataloguePageView(
    bool Zh, CatalogueQuery Query, IReadOnlyList<FieldError> Errors, IReadOnlyList<BrandRow> Brands, ListResponse<CatalogueEntryResponse>? List, string SwitchLanguageHref);
