using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EcoValue.Api.Tests.Portal;
using EcoValue.Data.Accounts;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Catalogue;

/// <summary>
/// The catalogue's pages on the real service with licences confirmed on anvil: the public <c>/catalogue</c> (search in
/// Chinese and English, filters, pages followed by their links, zh/en, hostile names encoded, bad input a 400 page)
/// and the buyer portal's <c>/portal/catalogue</c> (buyer navigation and landing, dossier links per batch, farmers
/// kept out).
/// </summary>
public sealed partial class CataloguePageTests(PortalCertificationHost fixture) : IClassFixture<PortalCertificationHost>
{
    [Fact]
    public async Task PublicPage_findsByTwoChineseCharacters_andAnEnglishWord_inEitherLanguage_withLicenceAndProductLinks()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (chinese, licence, batch) = await fixture.CertifiedProducerAsync(certifier, "白沙雾岭生态茶庄");
        var (english, _, _) = await fixture.CertifiedProducerAsync(certifier, "Wuzhishan Cloud Tea Estate");
        var (_, brand) = await GetAsync(fixture.Admin, $"/api/v1/brands/{Baisha}");
        var (brandZh, brandEn) = (brand.GetProperty("name").GetProperty("zh").GetString()!, brand.GetProperty("name").GetProperty("en").GetString()!);

        using var session = new PortalSession(fixture.Host.Client.BaseAddress!, acceptLanguage: null);
        var zh = await session.GetAsync("/catalogue?lang=zh&q=" + Uri.EscapeDataString("雾岭"));
        Assert.Equal(200, zh.Code);
        Assert.Equal([chinese], Producers(zh.Html));
        Assert.Contains("<html lang=\"zh-CN\"", zh.Html, StringComparison.Ordinal);
        Assert.Equal("zh-CN", zh.Response.Content.Headers.ContentLanguage.Single());
        Assert.Contains(brandZh, zh.Html, StringComparison.Ordinal);
        Assert.Contains("data-licence-status=\"active\">有效</span>", zh.Html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/licences/{licence}/verify\"", zh.Html, StringComparison.Ordinal);
        Assert.Contains("白沙黎族自治县 (469025)", zh.Html, StringComparison.Ordinal);
        Assert.Matches($"data-batch=\"{batch}\"><a href=\"http[^\"]+/01/06901234567892/10/CERT[0-9]+\"><bdi>白沙绿茶</bdi>", zh.Html);
        // The switch keeps the search and changes only the language; no script, nothing loads from elsewhere.
        Assert.Contains("href=\"?q=%E9%9B%BE%E5%B2%AD&amp;lang=en\"", zh.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", zh.Html, StringComparison.OrdinalIgnoreCase);
        var csp = zh.Response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);

        // The language cookie set by ?lang=zh holds for the next page without it.
        var again = await session.GetAsync("/catalogue?q=" + Uri.EscapeDataString("雾岭"));
        Assert.Contains("<html lang=\"zh-CN\"", again.Html, StringComparison.Ordinal);

        foreach (var word in new[] { "cloud", "CLOUD", "Cloud Tea" })
        {
            var en = await session.GetAsync("/catalogue?lang=en&q=" + Uri.EscapeDataString(word));
            Assert.Equal(200, en.Code);
            Assert.Equal([english], Producers(en.Html));
            Assert.Contains("<html lang=\"en\"", en.Html, StringComparison.Ordinal);
            Assert.Contains(brandEn, en.Html, StringComparison.Ordinal);
            Assert.Contains("data-licence-status=\"active\">Valid</span>", en.Html, StringComparison.Ordinal);
            Assert.Contains("Baisha", en.Html, StringComparison.Ordinal);
        }

        // The verify link answers, and the page is linked from the home page.
        var (verified, check) = await GetAsync(fixture.Host.Client, $"/api/v1/licences/{licence}/verify");
        Assert.True(verified == 200, check.ToString());
        Assert.Contains("href=\"/catalogue\"", (await session.GetAsync("/")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicPage_filtersByBrandAndStatus_afterARevocation_andKeepsTheChoicesSelected()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producer, licence, _) = await fixture.CertifiedProducerAsync(certifier, "南丰镇咖啡撤销测试社");
        var (revoked, body) = await PostAsync(certifier, $"/api/v1/licences/{licence}/revoke", new { reason = "抽检不合格" });
        Assert.True(revoked == 200, body.ToString());

        using var session = new PortalSession(fixture.Host.Client.BaseAddress!);
        var q = "&q=" + Uri.EscapeDataString("撤销测试");
        var page = await session.GetAsync($"/catalogue?brand={Baisha}&status=revoked" + q);
        Assert.Equal([producer], Producers(page.Html));
        Assert.Contains("data-licence-status=\"revoked\">Revoked</span>", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{Baisha}\" selected>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"revoked\" selected>", page.Html, StringComparison.Ordinal);

        Assert.Empty(Producers((await session.GetAsync("/catalogue?status=active" + q)).Html));
        Assert.Empty(Producers((await session.GetAsync($"/catalogue?brand={Rainforest}" + q)).Html));
        var none = await session.GetAsync("/catalogue?status=suspended" + q);
        Assert.Equal(200, none.Code);
        Assert.Contains("No certified producer matches", none.Html, StringComparison.Ordinal);
        // Empty form fields (what the form sends for "any") filter nothing.
        Assert.Equal([producer], Producers((await session.GetAsync("/catalogue?brand=&status=&region=&category=" + q)).Html));
        Assert.Equal([producer], Producers((await session.GetAsync("/catalogue?region=4690&category=tea" + q)).Html));
    }

    [Fact]
    public async Task PublicPage_nextLinks_walkEveryProducerOnce_carryingTheFilters_andOfferTheFirstPage()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        await fixture.CertifiedProducerAsync(certifier, "分页页面茶园甲");
        await fixture.CertifiedProducerAsync(certifier, "分页页面茶园乙");
        await fixture.CertifiedProducerAsync(certifier, "分页页面茶园丙");
        var (_, all) = await GetAsync(fixture.Host.Client, "/api/v1/catalogue?category=tea&limit=100");
        var expected = all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.True(expected.Count >= 3);

        using var session = new PortalSession(fixture.Host.Client.BaseAddress!);
        var seen = new List<string>();
        string? url = "/catalogue?category=tea&limit=1";
        var pages = 0;
        while (url is not null)
        {
            var page = await session.GetAsync(url);
            Assert.True(page.Code == 200, $"{url}: {page.Code}");
            seen.AddRange(Producers(page.Html));
            if (++pages > 1)
            {
                var first = Link(page.Html, "first");
                Assert.Equal("/catalogue?category=tea&limit=1", first);
            }
            else
            {
                Assert.Null(Link(page.Html, "first"));
            }

            url = Link(page.Html, "next");
            if (url is not null)
            {
                Assert.StartsWith("/catalogue?category=tea&limit=1&cursor=", url, StringComparison.Ordinal);
            }

            Assert.True(pages <= expected.Count + 1, "the next links do not end");
        }

        Assert.Equal(expected.Count, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task PublicPage_encodesAHostileProducerName_andHostileSearchText()
    {
        const string Hostile = "<script>alert(\"x\")</script> & '白沙恶意名' <img src=x onerror=alert(1)>";
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producer, _, _) = await fixture.CertifiedProducerAsync(certifier, Hostile);

        using var session = new PortalSession(fixture.Host.Client.BaseAddress!);
        var page = await session.GetAsync("/catalogue?q=" + Uri.EscapeDataString("白沙恶意名"));
        Assert.Equal([producer], Producers(page.Html));
        Assert.Contains("<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;白沙恶意名&#x27; &lt;img src=x onerror=alert(1)&gt;</bdi>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page.Html, StringComparison.OrdinalIgnoreCase);

        var typed = await session.GetAsync("/catalogue?q=" + Uri.EscapeDataString("\"><script>alert(1)</script>") + "&brand=" + Uri.EscapeDataString("\"><b>x"));
        Assert.Equal(200, typed.Code);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", typed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", typed.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", typed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicPage_badInput_isA400PageSayingWhy_inTheReadersLanguage_never500()
    {
        using var session = new PortalSession(fixture.Host.Client.BaseAddress!);
        var cases = new (string Query, string Field, string En, string Zh)[]
        {
            ("cursor=not-a-cursor", "cursor", "This page link is out of date or damaged", "此分页链接已失效或已损坏"),
            ("q=" + new string('茶', 101), "q", "must be at most 100 characters", "不能超过 100 个字符"),
            ("region=99", "region", "must be a GB/T 2260 code or its prefix", "应为 GB/T 2260 行政区划代码或其前缀"),
            ("status=expired", "status", "must be active, suspended or revoked", "应为 active、suspended 或 revoked"),
            ("limit=abc", "limit", "must be between 1 and 100", "应在 1 到 100 之间"),
        };
        foreach (var (query, field, en, zh) in cases)
        {
            var enPage = await session.GetAsync("/catalogue?lang=en&category=tea&" + query);
            Assert.True(enPage.Code == 400, $"{query}: {enPage.Code}");
            Assert.Equal("text/html", enPage.Response.Content.Headers.ContentType!.MediaType);
            Assert.Contains($"data-field=\"{field}\"", enPage.Html, StringComparison.Ordinal);
            Assert.Contains(en, enPage.Html, StringComparison.Ordinal);
            Assert.Contains("This search cannot be run", enPage.Html, StringComparison.Ordinal);
            Assert.Empty(Producers(enPage.Html));
            // Back to the first page without the refused value (the category is kept).
            Assert.Contains("<a href=\"/catalogue?category=tea\">First page</a>", enPage.Html, StringComparison.Ordinal);
            Assert.NotNull(enPage.Response.Headers.GetValues("Content-Security-Policy").SingleOrDefault());

            var zhPage = await session.GetAsync("/catalogue?lang=zh&" + query);
            Assert.Equal(400, zhPage.Code);
            Assert.Contains(zh, zhPage.Html, StringComparison.Ordinal);
            Assert.Contains("无法执行此搜索", zhPage.Html, StringComparison.Ordinal);
        }

        // A 1 MB query: the server refuses the request line (414) or the page its length (400); never a 500. Kestrel
        // answers 414 and closes while the client may still be sending the line, so on a busy machine the client sees
        // the connection closed under it instead (as CatalogueApiTests allows): a refusal too. The page answers after.
        try
        {
            var huge = await session.GetAsync("/catalogue?q=" + new string('a', 1 << 20));
            Assert.True(huge.Code is 400 or 414, huge.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // refused before the whole request was sent
        }

        Assert.Equal(200, (await session.GetAsync("/catalogue?lang=en")).Code);
    }

    [Fact]
    public async Task PublicPage_cspHashesAreItsTwoInlineStyles_andItsOwnColourPairsMeetWcagAA()
    {
        using var session = new PortalSession(fixture.Host.Client.BaseAddress!);
        var page = await session.GetAsync("/catalogue");
        Assert.Equal(200, page.Code);
        var csp = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        var styles = StylePattern().Matches(page.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, styles.Count);
        foreach (var style in styles)
        {
            Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", csp, StringComparison.Ordinal);
        }

        var pairs = 0;
        foreach (Match rule in Regex.Matches(EcoValue.Api.Features.Catalogue.CataloguePage.Style, @"(?<selector>[^{}]+)\{(?<body>[^{}]*)\}"))
        {
            var body = rule.Groups["body"].Value;
            var fg = Regex.Match(body, @"(?:^|;)\s*color\s*:\s*(#[0-9a-fA-F]{6})\b");
            var bg = Regex.Match(body, @"(?:^|;)\s*background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6})\b");
            if (fg.Success && bg.Success)
            {
                pairs++;
                var ratio = EcoValue.Api.Tests.Verification.ConsumerPageTests.Contrast(fg.Groups[1].Value, bg.Groups[1].Value);
                Assert.True(ratio >= 4.5, $"{rule.Groups["selector"].Value.Trim()}: {ratio:0.00}:1, under 4.5:1");
            }
        }

        Assert.True(pairs >= 5, $"only {pairs} colour pairs found");
    }

    [Theory]
    [InlineData("2026-03-09", false, "9 Mar 2026")]
    [InlineData("2026-03-09", true, "2026年3月9日")]
    [InlineData("2026-12-03T21:03:57.000Z", true, "2026年12月4日")]
    [InlineData("not a date", false, "not a date")]
    public void Dates_areDaysInUtcPlus8_inTheReadersLanguage(string text, bool zh, string expected) =>
        Assert.Equal(expected, EcoValue.Api.Features.Catalogue.CatalogueDates.Day(text, zh));

    [Fact]
    public void Dates_aLicencesExclusiveEnd_isShownAsItsLastDay()
    {
        // validUntil is 00:00 UTC+8 of the day after the last day (2028-12-04 00:00 +08:00 = 2028-12-03 16:00 Z).
        Assert.Equal("3 Dec 2028", EcoValue.Api.Features.Catalogue.CatalogueDates.LastDay("2028-12-03T16:00:00.000Z", zh: false));
        Assert.Equal("2028年12月3日", EcoValue.Api.Features.Catalogue.CatalogueDates.LastDay("2028-12-03T16:00:00.000Z", zh: true));
    }

    [Fact]
    public async Task BuyerPortal_showsBuyerNavAndLanding_andTheCatalogueWithDossierLinksPerBatch()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producer, _, batch) = await fixture.CertifiedProducerAsync(certifier, "白沙采购门户茶场");
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var session = await fixture.SignedInAsync(buyer);

        var home = await session.GetAsync("/portal");
        Assert.Equal(200, home.Code);
        Assert.Contains("Buyer portal", home.Html, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"/portal/catalogue\">Catalogue</a></li>", home.Html, StringComparison.Ordinal);
        Assert.Contains("Take the evidence home", home.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/portal/batches\"", home.Html, StringComparison.Ordinal);

        var page = await session.GetAsync("/portal/catalogue?q=" + Uri.EscapeDataString("采购门户"));
        Assert.Equal(200, page.Code);
        Assert.Equal([producer], Producers(page.Html));
        Assert.Contains("data-licence-status=\"active\"", page.Html, StringComparison.Ordinal);
        foreach (var format in new[] { "pdf", "html", "json", "epcis" })
        {
            Assert.Contains($"href=\"/portal/batches/{batch}/dossier?format={format}\"", page.Html, StringComparison.Ordinal);
        }

        // The same query code as the API: the same producers, and the API's batch id behind the dossier link.
        var (_, api) = await GetAsync(fixture.Host.Client, "/api/v1/catalogue?q=" + Uri.EscapeDataString("采购门户"));
        var product = Assert.Single(Assert.Single(api.GetProperty("items").EnumerateArray()).GetProperty("products").EnumerateArray());
        Assert.Equal(batch, product.GetProperty("batchId").GetString());

        var zh = await session.GetAsync("/portal/catalogue?lang=zh&q=" + Uri.EscapeDataString("采购门户"));
        Assert.Contains("采购商门户", zh.Html, StringComparison.Ordinal);
        Assert.Contains("认证生产者名录", zh.Html, StringComparison.Ordinal);

        var bad = await session.GetAsync("/portal/catalogue?lang=en&cursor=not-a-cursor&q=x");
        Assert.Equal(400, bad.Code);
        Assert.Contains("This page link is out of date or damaged", bad.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/catalogue?q=x\"", bad.Html, StringComparison.Ordinal);
        var longQuery = await session.GetAsync("/portal/catalogue?q=" + new string('茶', 101));
        Assert.Equal(400, longQuery.Code);
        Assert.Contains("must be at most 100 characters", longQuery.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuyerPortal_pagesCarryTheFilters_andAdminsMayOpenIt_butFarmersGetTheForbiddenPage()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        await fixture.CertifiedProducerAsync(certifier, "门户分页茶园一");
        await fixture.CertifiedProducerAsync(certifier, "门户分页茶园二");
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var session = await fixture.SignedInAsync(buyer);
        var q = Uri.EscapeDataString("门户分页");
        var first = await session.GetAsync($"/portal/catalogue?q={q}&limit=1");
        var next = Link(first.Html, "next");
        Assert.NotNull(next);
        Assert.StartsWith($"/portal/catalogue?q={q}&limit=1&cursor=", next, StringComparison.Ordinal);
        var second = await session.GetAsync(next);
        Assert.Equal(200, second.Code);
        Assert.Null(Link(second.Html, "next"));
        Assert.Equal($"/portal/catalogue?q={q}&limit=1", Link(second.Html, "first"));
        Assert.Equal(2, Producers(first.Html).Concat(Producers(second.Html)).Distinct().Count());

        using var admin = await fixture.SignedInAsync(fixture.Admin);
        var adminPage = await admin.GetAsync($"/portal/catalogue?q={q}");
        Assert.Equal(200, adminPage.Code);
        Assert.Equal(2, Producers(adminPage.Html).Count);
        Assert.Contains("href=\"/portal/catalogue\"", adminPage.Html, StringComparison.Ordinal);

        var (_, farmer) = await fixture.NewProducerAsync("门户分页外的农户");
        using var farmerLease = farmer;
        using var farmerSession = await fixture.SignedInAsync(farmer);
        var refused = await farmerSession.GetAsync("/portal/catalogue");
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.StartsWith("/portal/forbidden", refused.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/portal/catalogue\"", (await farmerSession.GetAsync("/portal")).Html, StringComparison.Ordinal);

        // Not signed in: the sign-in page, as for every portal page.
        using var anonymous = new PortalSession(fixture.Host.Client.BaseAddress!);
        var signIn = await anonymous.GetAsync("/portal/catalogue");
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.StartsWith("/portal/login", signIn.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static List<string> Producers(string html) => [.. ProducerPattern().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>The href of the page's <c>rel</c> link (next, first), decoded; null when there is none.</summary>
    private static string? Link(string html, string rel)
    {
        var m = Regex.Match(html, $"rel=\"{rel}\" href=\"([^\"]+)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("<style>([^<]*)</style>")]
    private static partial Regex StylePattern();

    [GeneratedRegex("data-producer=\"([^\"]+)\"")]
    private static partial Regex ProducerPattern();
}
