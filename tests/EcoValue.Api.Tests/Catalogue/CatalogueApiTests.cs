using System.Text.Json;
using EcoValue.Api.Tests.Certification;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Catalogue;

/// <summary>
/// GET /api/v1/catalogue on the real service with licences issued on a real chain: anonymous search in Chinese and
/// English, filters, revocation, stable pages, public fields only, and hostile input answered with 400, never 500.
/// </summary>
public sealed class CatalogueApiTests(CertificationHost fixture) : IClassFixture<CertificationHost>
{
    private HttpClient Anonymous => fixture.Host.Client;

    [Fact]
    public async Task FindsAProducer_byATwoCharacterChineseQuery_andAnEnglishWordInAnyCase_showingOnlyPublicFields()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (chinese, chineseLicence) = await CertifiedAsync(certifier, "白沙茶韵生态农场");
        var (english, _) = await CertifiedAsync(certifier, "Yinggeling Highland Tea Farm");

        var found = await ItemsAsync("/api/v1/catalogue?q=" + Uri.EscapeDataString("茶韵"));
        var entry = Assert.Single(found);
        Assert.Equal(chinese, entry.GetProperty("id").GetString());
        Assert.Equal(["id", "name", "region", "licences", "products"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("469025", entry.GetProperty("region").GetProperty("code").GetString());
        var licence = Assert.Single(entry.GetProperty("licences").EnumerateArray());
        Assert.Equal((chineseLicence, Baisha, "active"), (licence.GetProperty("id").GetString(), licence.GetProperty("brand").GetProperty("id").GetString(), licence.GetProperty("status").GetString()));
        var (verified, check) = await GetAsync(Anonymous, licence.GetProperty("verify").GetString()!);
        Assert.True(verified == 200, check.ToString());
        var product = Assert.Single(entry.GetProperty("products").EnumerateArray());
        Assert.Equal("白沙绿茶", product.GetProperty("product").GetString());
        var link = new Uri(product.GetProperty("digitalLink").GetString()!);
        Assert.StartsWith("/01/06901234567892/10/CERT", link.AbsolutePath, StringComparison.Ordinal);

        foreach (var word in new[] { "highland", "HIGHLAND", "Highland Tea" })
        {
            Assert.Equal([english], (await ItemsAsync("/api/v1/catalogue?q=" + Uri.EscapeDataString(word))).Select(e => e.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task Filters_combine_andARevokedLicenceShowsItsStatus_andCanBeFiltered()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producer, licenceId) = await CertifiedAsync(certifier, "南开乡雨林咖啡社");
        var (revoked, body) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/revoke", new { reason = "抽检不合格" });
        Assert.True(revoked == 200, body.ToString());

        var q = "&q=" + Uri.EscapeDataString("雨林咖啡");
        var entry = Assert.Single(await ItemsAsync("/api/v1/catalogue?status=revoked" + q));
        Assert.Equal(producer, entry.GetProperty("id").GetString());
        Assert.Equal("revoked", Assert.Single(entry.GetProperty("licences").EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty(await ItemsAsync("/api/v1/catalogue?status=active" + q));
        Assert.Single(await ItemsAsync($"/api/v1/catalogue?brand={Baisha}&region=4690&category=tea&status=revoked" + q));
        Assert.Empty(await ItemsAsync("/api/v1/catalogue?region=4601" + q));
        Assert.Empty(await ItemsAsync("/api/v1/catalogue?category=coffee" + q));
        Assert.Empty(await ItemsAsync($"/api/v1/catalogue?brand={Rainforest}" + q));
    }

    [Fact]
    public async Task Pages_concatenateToTheFullList_withNoDuplicatesOrGaps_whenAProducerIsAddedBetweenRequests()
    {
        var certifier = await fixture.NewCertifierAsync(Baisha);
        await CertifiedAsync(certifier, "分页茶园甲");
        await CertifiedAsync(certifier, "分页茶园乙");
        var before = (await ItemsAsync("/api/v1/catalogue?limit=100")).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.True(before.Count >= 2);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await GetAsync(Anonymous, "/api/v1/catalogue?limit=1" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.True(status == 200, page.ToString());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
            if (++pages == 1)
            {
                await CertifiedAsync(certifier, "分页茶园丙");
            }
        }
        while (cursor is not null);

        var after = (await ItemsAsync("/api/v1/catalogue?limit=100")).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(after, seen);
    }

    [Fact]
    public async Task HostileOrBadInput_isAnswered400OrSearchedAsText_never500()
    {
        foreach (var q in new[] { "\"", "*", "NEAR(", "NEAR(a b, 2)", "tea OR coffee", "'", "\"白沙\" OR \"x\"", "body:茶", "%_", "^" })
        {
            var (status, body) = await GetAsync(Anonymous, "/api/v1/catalogue?q=" + Uri.EscapeDataString(q));
            Assert.True(status == 200, $"{q}: {status} {body}");
        }

        foreach (var (query, field) in new[]
        {
            ("q=" + new string('茶', CatalogueApiLimits.MaxQuery + 1), "q"), ("region=99", "region"), ("region=4", "region"), ("region=46x0", "region"),
            ("limit=0", "limit"), ("limit=101", "limit"), ("cursor=not-a-cursor", "cursor"), ("cursor=" + new string('A', 300), "cursor"), ("status=expired", "status"),
        })
        {
            var (status, problem) = await GetAsync(Anonymous, "/api/v1/catalogue?" + query);
            Assert.True(status == 400, $"{query}: {status} {problem}");
            Assert.Equal("https://ecovalue.dev/problems/validation", problem.GetProperty("type").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        // Blank values are "any", as an empty form field sends them (the catalogue page's form does).
        Assert.NotEmpty(await ItemsAsync("/api/v1/catalogue?q=&brand=&region=&category=&status=&cursor="));

        using var zh = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalogue?region=99");
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var zhResponse = await Anonymous.SendAsync(zh, Ct);
        Assert.Contains("行政区划代码", await zhResponse.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // A 1 MB query: the server refuses the request line (414) or the endpoint its length (400); never a 500.
        // Kestrel answers 414 and closes while the client may still be sending the rest of the line, so on a busy
        // machine the client can see the connection closed under it instead of reading the 414: that is a refusal too.
        try
        {
            using var huge = await Anonymous.GetAsync("/api/v1/catalogue?q=" + new string('a', 1 << 20), Ct);
            Assert.True((int)huge.StatusCode is 400 or 414, huge.StatusCode.ToString());
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // refused before the whole request was sent
        }
    }

    private async Task<List<JsonElement>> ItemsAsync(string url)
    {
        var (status, body) = await GetAsync(Anonymous, url);
        Assert.True(status == 200, $"{url}: {status} {body}");
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    /// <summary>A producer with a Baisha licence confirmed on chain and one batch carrying the brand; its id and the licence id.</summary>
    private async Task<(string Producer, string Licence)> CertifiedAsync(UserClient certifier, string name)
    {
        var (producer, licence, _) = await fixture.CertifiedProducerAsync(certifier, name);
        return (producer, licence);
    }

    private static class CatalogueApiLimits
    {
        public const int MaxQuery = EcoValue.Api.Features.Catalogue.CatalogueApi.MaxQueryLength;
    }
}
