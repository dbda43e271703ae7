using System.Text.RegularExpressions;
using EcoValue.Api.Tests.Certification;
using EcoValue.Data.Accounts;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// <see cref="CertificationHost"/> (anvil, deployed contracts, the Baisha brand) with the sign-in limit raised for the
/// portal sessions these tests open.
/// </summary>
public sealed class PortalCertificationHost : CertificationHost
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["EcoValue:Auth:LoginPermitLimit"] = "10000" };

    public async Task<PortalSession> SignedInAsync(UserClient user, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = new PortalSession(Host.Client.BaseAddress!, language);
        var page = await session.SignInAsync(user.User.Username, user.Password);
        Assert.True(page.Code == 302, $"sign-in answered {page.Code}: {page.Html}");
        return session;
    }
}

/// <summary>
/// The certifier and admin pages through HTTP on a real chain: the queue, the evaluation, an approval whose licence
/// reaches LicenceRegistry (its chain state and transaction on the licence page), a suspension with its reason, the
/// required reason refused beside its field, out-of-scope reads 404 and decisions 403 (as the API answers), farmers
/// kept out, and an admin registering a brand and accrediting a certifier through the forms.
/// </summary>
public sealed partial class PortalCertificationTests(PortalCertificationHost fixture) : IClassFixture<PortalCertificationHost>
{
    [Fact]
    public async Task Certifier_seesQueueAndEvaluation_approves_licenceOnChain_thenSuspendsWithReason()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producerId, farmer) = await fixture.NewProducerAsync("白沙门户茶叶合作社");
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var applicationId = await ApplyAsync(farmer, Baisha, plot);

        using var session = await fixture.SignedInAsync(certifier);
        var home = await session.GetAsync("/portal");
        Assert.Equal(302, home.Code);
        Assert.Equal("/portal/applications", home.Location!.OriginalString);

        var queue = await session.GetAsync("/portal/applications");
        Assert.Equal(200, queue.Code);
        Assert.Contains($"href=\"/portal/applications/{applicationId}\"", queue.Html, StringComparison.Ordinal);
        Assert.Contains("白沙门户茶叶合作社", queue.Html, StringComparison.Ordinal);
        Assert.Contains("data-application-status=\"submitted\"", queue.Html, StringComparison.Ordinal);

        var page = await session.GetAsync($"/portal/applications/{applicationId}");
        Assert.Equal(200, page.Code);
        // Every criterion the engine reports is on the page with its outcome; this producer passes them all.
        Assert.True(Count(page.Html, "data-outcome=\"pass\"") > 3, page.Html);
        Assert.DoesNotContain("data-outcome=\"fail\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-outcome=\"missing_evidence\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Facts used", page.Html, StringComparison.Ordinal);

        // A rejection without notes is refused beside the notes field (the API's rule), nothing decided.
        var refused = await session.PostAsync($"/portal/applications/{applicationId}", PortalSession.Fields(("decision", "reject"), ("notes", "")), page.Token);
        Assert.Equal(400, refused.Code);
        Assert.Contains("a rejection says why", refused.Html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", refused.Html, StringComparison.Ordinal);

        var approved = await session.PostAsync($"/portal/applications/{applicationId}", PortalSession.Fields(("decision", "approve"), ("notes", "资料齐全")), page.Token);
        Assert.Equal(302, approved.Code);
        Assert.Equal($"/portal/applications/{applicationId}?decided=true", approved.Location!.OriginalString);
        var decided = await session.GetAsync(approved.Location.OriginalString);
        Assert.Contains("data-application-status=\"approved\"", decided.Html, StringComparison.Ordinal);
        var (_, application) = await GetAsync(certifier, $"/api/v1/applications/{applicationId}");
        var licenceId = application.GetProperty("licenceId").GetString()!;
        Assert.Contains($"data-licence=\"{licenceId}\"", decided.Html, StringComparison.Ordinal);

        // Deciding twice is the service's refusal on the page (409), not a 500.
        var again = await session.PostAsync($"/portal/applications/{applicationId}", PortalSession.Fields(("decision", "approve"), ("notes", "")), page.Token);
        Assert.Equal(409, again.Code);
        Assert.Contains("decided already", again.Html, StringComparison.Ordinal);

        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", l => l.GetProperty("licence").GetProperty("chain"));
        var licences = await session.GetAsync("/portal/licences");
        Assert.Contains($"href=\"/portal/licences/{licenceId}\"", licences.Html, StringComparison.Ordinal);
        var licence = await session.GetAsync($"/portal/licences/{licenceId}");
        Assert.Equal(200, licence.Code);
        Assert.Contains("data-licence-status=\"active\"", licence.Html, StringComparison.Ordinal);
        Assert.Contains("data-chain-status=\"confirmed\"", licence.Html, StringComparison.Ordinal);
        Assert.Matches(TxHash(), licence.Html);
        Assert.Contains("白沙门户茶叶合作社", licence.Html, StringComparison.Ordinal);

        // A status change needs a reason: 400 with the error beside the field, the licence unchanged.
        var noReason = await session.PostAsync($"/portal/licences/{licenceId}", PortalSession.Fields(("action", "suspend"), ("reason", "")), licence.Token);
        Assert.Equal(400, noReason.Code);
        Assert.Contains("id=\"f-reason-error\"", noReason.Html, StringComparison.Ordinal);
        Assert.Contains("data-licence-status=\"active\"", noReason.Html, StringComparison.Ordinal);

        var suspended = await session.PostAsync($"/portal/licences/{licenceId}", PortalSession.Fields(("action", "suspend"), ("reason", "抽检铅含量超标，暂停待复检")), licence.Token);
        Assert.Equal(302, suspended.Code);
        var after = await session.GetAsync(suspended.Location!.OriginalString);
        Assert.Contains("data-licence-status=\"suspended\"", after.Html, StringComparison.Ordinal);
        Assert.Contains("抽检铅含量超标，暂停待复检", after.Html, StringComparison.Ordinal);
        var (_, detail) = await GetAsync(certifier, $"/api/v1/licences/{licenceId}");
        Assert.Equal("suspended", detail.GetProperty("licence").GetProperty("status").GetString());
        Assert.Equal("抽检铅含量超标，暂停待复检", detail.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());

        // Suspending a suspended licence: the state refusal on the page (409).
        var twice = await session.PostAsync($"/portal/licences/{licenceId}", PortalSession.Fields(("action", "suspend"), ("reason", "再次暂停")), after.Token);
        Assert.Equal(409, twice.Code);

        // The same pages in Chinese: the report's reasons and the page's words.
        var zh = await session.GetAsync($"/portal/applications/{applicationId}?lang=zh");
        Assert.Contains("评估报告", zh.Html, StringComparison.Ordinal);
        Assert.Contains(">通过</span>", zh.Html, StringComparison.Ordinal);
        var zhLicence = await session.GetAsync($"/portal/licences/{licenceId}");
        Assert.Contains("变更记录", zhLicence.Html, StringComparison.Ordinal);
        Assert.Contains(">暂停</span>", zhLicence.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherCertifier_gets404OnThePage_and403OnADecision_farmerIsKeptOut()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var applicationId = await ApplyAsync(farmer, Baisha, plot);

        // A certifier accredited for no brand: the application is not in its scope (404), and it may not decide (403, as the API).
        using var other = await fixture.Host.ClientForAsync(Roles.Certifier, ct: Ct);
        using var session = await fixture.SignedInAsync(other);
        var queue = await session.GetAsync("/portal/applications");
        Assert.Equal(200, queue.Code);
        Assert.DoesNotContain(applicationId, queue.Html, StringComparison.Ordinal);
        Assert.Equal(404, (await session.GetAsync($"/portal/applications/{applicationId}")).Code);
        var post = await session.PostAsync($"/portal/applications/{applicationId}", PortalSession.Fields(("decision", "approve"), ("notes", "")), queue.Token);
        Assert.Equal(403, post.Code);
        Assert.Contains("Not accredited for this brand", post.Html, StringComparison.Ordinal);
        var (apiStatus, _) = await PostAsync(other, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve" });
        Assert.Equal(403, apiStatus);
        var (_, still) = await GetAsync(fixture.Admin, $"/api/v1/applications/{applicationId}");
        Assert.Equal("submitted", still.GetProperty("status").GetString());

        // The farmer's cookie does not open certifier or admin pages: the forbidden page (403).
        using var farmerSession = await fixture.SignedInAsync(farmer);
        foreach (var url in new[] { "/portal/applications", $"/portal/applications/{applicationId}", "/portal/licences", "/portal/brands" })
        {
            var page = await farmerSession.GetAsync(url);
            Assert.Equal(302, page.Code);
            Assert.StartsWith("/portal/forbidden", page.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(403, (await farmerSession.GetAsync("/portal/forbidden")).Code);
        // ... and a certifier does not open the farmer pages.
        var plots = await session.GetAsync("/portal/plots");
        Assert.StartsWith("/portal/forbidden", plots.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_registersABrand_andAccreditsACertifier_throughTheForms()
    {
        using var admin = await fixture.SignedInAsync(fixture.Admin, "zh-CN");
        var brands = await admin.GetAsync("/portal/brands");
        Assert.Equal(200, brands.Code);
        Assert.Contains($"<option value=\"{RainforestStandard}\"", brands.Html, StringComparison.Ordinal);
        Assert.Contains($"data-brand=\"{Baisha}\"", brands.Html, StringComparison.Ordinal);

        var unknown = await admin.PostAsync("/portal/brands", PortalSession.Fields(("standardId", "no-such-standard"), ("metadataUri", "")), brands.Token);
        Assert.Equal(400, unknown.Code);
        Assert.Contains("没有该 id 的已加载标准", unknown.Html, StringComparison.Ordinal);

        var registered = await admin.PostAsync("/portal/brands", PortalSession.Fields(("standardId", RainforestStandard), ("metadataUri", "")), brands.Token);
        Assert.Equal(302, registered.Code);
        Assert.Equal("/portal/brands?registered=true", registered.Location!.OriginalString);
        await WaitForChainAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}", b => b.GetProperty("chain"));
        var list = await admin.GetAsync("/portal/brands");
        Assert.Contains($"data-brand=\"{Rainforest}\"", list.Html, StringComparison.Ordinal);

        using var certifier = await fixture.Host.ClientForAsync(Roles.Certifier, ct: Ct);
        var brand = await admin.GetAsync($"/portal/brands/{Rainforest}");
        Assert.Equal(200, brand.Code);
        Assert.Contains("data-chain-status=\"confirmed\"", brand.Html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{certifier.UserId}\"", brand.Html, StringComparison.Ordinal);
        var accredited = await admin.PostAsync($"/portal/brands/{Rainforest}?handler=accredit", PortalSession.Fields(("userId", certifier.UserId)), brand.Token);
        Assert.Equal(302, accredited.Code);
        var accreditations = await WaitForChainAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}/certifiers",
            l => l.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("chain"));
        Assert.Equal("active", accreditations.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("status").GetString());
        var page = await admin.GetAsync($"/portal/brands/{Rainforest}");
        Assert.Contains($"data-accreditation=\"{certifier.UserId}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-accreditation-status=\"active\"", page.Html, StringComparison.Ordinal);

        var withdrawn = await admin.PostAsync($"/portal/brands/{Rainforest}?handler=withdraw", PortalSession.Fields(("userId", certifier.UserId)), page.Token);
        Assert.Equal(302, withdrawn.Code);
        var (_, afterWithdraw) = await GetAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}/certifiers");
        Assert.Equal("withdrawn", afterWithdraw.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("status").GetString());

        // The certifier pages are open to an admin to read; the certifier's forms are not shown to it.
        var queue = await admin.GetAsync("/portal/applications");
        Assert.Equal(200, queue.Code);
    }

    [Fact]
    public async Task Farmer_appliesForABrand_throughTheForm_andSeesItsApplication()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync("白沙申请页茶叶合作社");
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId, documents: false);
        using var session = await fixture.SignedInAsync(farmer, "zh-CN");
        var form = await session.GetAsync("/portal/certification");
        Assert.Equal(200, form.Code);
        Assert.Contains($"<option value=\"{Baisha}\"", form.Html, StringComparison.Ordinal);
        Assert.Contains($"name=\"plots\" value=\"{plot}\"", form.Html, StringComparison.Ordinal);

        // No category ticked: the API's rule, beside the category group, in Chinese; the ticked plot stays ticked.
        var refused = await session.PostAsync("/portal/certification", PortalSession.Fields(("brandId", Baisha), ("plots", plot), ("notes", "")), form.Token);
        Assert.Equal(400, refused.Code);
        Assert.Contains("id=\"f-categories-error\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("至少需要一项", refused.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{plot}\" checked=\"checked\"", refused.Html, StringComparison.Ordinal);

        var applied = await session.PostAsync("/portal/certification", PortalSession.Fields(("brandId", Baisha), ("plots", plot), ("categories", "tea"), ("notes", "首次申请")), form.Token);
        Assert.Equal(302, applied.Code);
        Assert.Equal("/portal/certification?applied=true", applied.Location!.OriginalString);
        var page = await session.GetAsync(applied.Location.OriginalString);
        Assert.Contains("data-application-status=\"submitted\"", page.Html, StringComparison.Ordinal);
        var (_, list) = await GetAsync(farmer, "/api/v1/applications");
        var application = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(Baisha, application.GetProperty("brandId").GetString());
        Assert.Equal(plot, application.GetProperty("plots")[0].GetString());
        Assert.Equal("tea", application.GetProperty("categories")[0].GetString());
    }

    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    [GeneratedRegex("data-tx-hash=\"0x[0-9a-fA-F]{64}\"")]
    private static partial Regex TxHash();
}
