using System.Net;
using EcoValue.Api.Features.Auth;
using EcoValue.Api.Tests.Registry;
using EcoValue.Data.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Portal;

/// <summary>Sign-in, sign-out, sign-up, language and the cookie's life, through HTTP against the real host.</summary>
public sealed class PortalSignInTests(PortalHost fixture) : IClassFixture<PortalHost>
{
    private static string Uniform(bool zh) => zh ? AuthProblems.InvalidCredentials.DetailZh : AuthProblems.InvalidCredentials.DetailEn;

    [Fact]
    public async Task SignInPage_rendersInChinese_fromAcceptLanguage()
    {
        using var session = new PortalSession(fixture.BaseAddress, "zh-CN,zh;q=0.9,en;q=0.5");
        var page = await session.GetAsync("/portal/login");
        Assert.Equal(200, page.Code);
        Assert.Contains("<html lang=\"zh-CN\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>登录</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"f-username\">用户名", page.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"f-password\">密码", page.Html, StringComparison.Ordinal);
        Assert.Equal("zh-CN", page.Response.Content.Headers.ContentLanguage.Single());
        Assert.NotNull(page.Token);
    }

    [Fact]
    public async Task SignInPage_rendersInEnglish_andTheSwitchLinkSetsTheLanguageCookie()
    {
        using var session = new PortalSession(fixture.BaseAddress, "zh-CN");
        var page = await session.GetAsync("/portal/login?lang=en");
        Assert.Contains("<html lang=\"en\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/login?lang=zh\"", page.Html, StringComparison.Ordinal);
        Assert.Equal("en", session.Cookies.GetCookies(fixture.BaseAddress)["ecovalue-lang"]?.Value);

        // The cookie now wins over the browser's Accept-Language (zh-CN) on every page.
        var next = await session.GetAsync("/portal/signup");
        Assert.Contains("<html lang=\"en\">", next.Html, StringComparison.Ordinal);
        var back = await session.GetAsync("/portal/signup?lang=zh");
        Assert.Contains("<html lang=\"zh-CN\">", back.Html, StringComparison.Ordinal);
        Assert.Equal("zh", session.Cookies.GetCookies(fixture.BaseAddress)["ecovalue-lang"]?.Value);
    }

    [Fact]
    public async Task Pages_carrySecurityHeaders()
    {
        using var session = new PortalSession(fixture.BaseAddress);
        var page = await session.GetAsync("/portal/login");
        var csp = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.True(page.Response.Headers.CacheControl!.NoStore);
        Assert.Equal("nosniff", page.Response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Post_withoutAntiforgeryToken_is400_andSignsNobodyIn()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = new PortalSession(fixture.BaseAddress);
        await session.GetAsync("/portal/login");
        var page = await session.PostAsync("/portal/login/attempt", PortalSession.Fields(("username", farmer.User.Username), ("password", farmer.Password)), token: null);
        Assert.Equal(400, page.Code);
        Assert.False(session.HasPortalCookie);

        // A token from another session (another antiforgery cookie) is refused too.
        using var other = new PortalSession(fixture.BaseAddress);
        var foreign = (await other.GetAsync("/portal/login")).Token;
        Assert.Equal(400, (await session.PostAsync("/portal/login/attempt", PortalSession.Fields(("username", farmer.User.Username), ("password", farmer.Password)), foreign)).Code);
    }

    [Fact]
    public async Task Post_toAnAuthenticatedForm_withoutToken_is400_andWritesNothing()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = await fixture.SignedInAsync(farmer);
        var page = await session.PostAsync("/portal/plots", PortalSession.Fields(("name", "forged"), ("regionCode", "469025"), ("areaMu", "3")), token: null);
        Assert.Equal(400, page.Code);
        var (_, plots) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{farmer.ProducerId}/plots");
        Assert.Equal(0, plots.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task WrongPassword_andUnknownUser_showTheSameUniformError(string language)
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = new PortalSession(fixture.BaseAddress, language);
        var wrong = await session.SignInAsync(farmer.User.Username, farmer.Password + "x");
        var unknown = await session.SignInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "whatever-password");
        var zh = language.StartsWith("zh", StringComparison.Ordinal);
        foreach (var page in new[] { wrong, unknown })
        {
            Assert.Equal(400, page.Code);
            Assert.Contains(Uniform(zh), page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(farmer.Password, page.Html, StringComparison.Ordinal);
        }

        Assert.Contains($"value=\"{farmer.User.Username}\"", wrong.Html, StringComparison.Ordinal);
        Assert.False(session.HasPortalCookie);
    }

    [Fact]
    public async Task SignIn_setsTheCookie_andTheDashboardShowsTheProducer()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync("元门乡茶叶合作社");
        using var session = new PortalSession(fixture.BaseAddress);
        var signIn = await session.SignInAsync(farmer.User.Username, farmer.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Equal("/portal", signIn.Location!.OriginalString);
        Assert.True(session.HasPortalCookie);

        var home = await session.GetAsync("/portal");
        Assert.Equal(200, home.Code);
        Assert.Contains("元门乡茶叶合作社", home.Html, StringComparison.Ordinal);
        Assert.Contains("approved", home.Html, StringComparison.Ordinal);
        Assert.Contains(farmer.User.Username, home.Html, StringComparison.Ordinal);

        // The API's bearer scheme does not accept the cookie, and the portal does not accept a bearer token.
        using var cookieOnly = new HttpClient(new HttpClientHandler { CookieContainer = session.Cookies }) { BaseAddress = fixture.BaseAddress };
        using var api = await cookieOnly.GetAsync(new Uri($"/api/v1/producers/{producerId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var bearer = await farmer.GetAsync(new Uri("/portal", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("/portal/login", bearer.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalPages_withoutCookie_redirectToSignIn_withALocalReturnUrl()
    {
        using var session = new PortalSession(fixture.BaseAddress);
        var page = await session.GetAsync("/portal/batches?q=tea");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/portal/login?ReturnUrl=", page.Location!.PathAndQuery, StringComparison.Ordinal);

        // The return URL is honoured for local portal paths only (no open redirect).
        var (_, farmer) = await fixture.NewFarmerAsync();
        var form = await session.GetAsync("/portal/login?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.DoesNotContain("name=\"returnUrl\"", form.Html, StringComparison.Ordinal);
        var signIn = await session.PostAsync("/portal/login/attempt",
            PortalSession.Fields(("username", farmer.User.Username), ("password", farmer.Password), ("returnUrl", "//evil.example/")), form.Token);
        Assert.Equal("/portal", signIn.Location!.OriginalString);
    }

    [Fact]
    public async Task DisabledUser_cookieStopsWorking_atOnce()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = await fixture.SignedInAsync(farmer);
        Assert.Equal(200, (await session.GetAsync("/portal")).Code);

        await fixture.Host.Services.GetRequiredService<UserAccounts>().DisableAsync(farmer.UserId, TestContext.Current.CancellationToken);

        var page = await session.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/portal/login", page.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.False(session.HasPortalCookie);
        Assert.Contains(Uniform(false), (await session.SignInAsync(farmer.User.Username, farmer.Password)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_endsTheSession()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = await fixture.SignedInAsync(farmer);
        var home = await session.GetAsync("/portal");
        var signOut = await session.PostAsync("/portal/logout", [], home.Token);
        Assert.Equal("/portal/login", signOut.Location!.OriginalString);
        Assert.False(session.HasPortalCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/portal")).Status);
    }

    [Fact]
    public async Task OtherRoles_signIn_butSeeTheForbiddenPage_onFarmerPages()
    {
        // A certifier and a buyer have their own pages now (PortalCertificationTests, PortalCatalogueTests), not the farmer's.
        var (buyer, password) = await fixture.Host.CreateUserAsync(Roles.Buyer, ct: TestContext.Current.CancellationToken);
        using var session = new PortalSession(fixture.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(buyer.Username, password)).Status);
        var home = await session.GetAsync("/portal/batches");
        Assert.Equal(HttpStatusCode.Redirect, home.Status);
        Assert.StartsWith("/portal/forbidden", home.Location!.PathAndQuery, StringComparison.Ordinal);
        var forbidden = await session.GetAsync(home.Location.PathAndQuery);
        Assert.Equal(403, forbidden.Code);
        Assert.Contains("not open to your account", forbidden.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_createsAPendingProducer_andShowsAwaitingApproval()
    {
        using var session = new PortalSession(fixture.BaseAddress, "zh-CN");
        var username = "farmer-" + Guid.NewGuid().ToString("N")[..8];
        var fields = PortalSession.Fields(
            ("username", username), ("password", "Correct-Horse-7"), ("password2", "Correct-Horse-7"),
            ("producer.name", "南开乡咖啡合作社"), ("producer.creditCode", RegistryHost.NewCreditCode()), ("producer.regionCode", "469025"),
            ("producer.contact.name", "符小明"), ("producer.contact.phone", ""), ("producer.contact.email", ""));
        var done = await session.SubmitAsync("/portal/signup", fields, "/portal/signup/submit");
        Assert.Equal(200, done.Code);
        Assert.Contains("注册成功：等待审核", done.Html, StringComparison.Ordinal);
        Assert.Contains("南开乡咖啡合作社", done.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(username, "Correct-Horse-7")).Status);
        var home = await session.GetAsync("/portal");
        Assert.Contains("待审核", home.Html, StringComparison.Ordinal);
        Assert.Contains("南开乡咖啡合作社", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_withErrors_showsEachBesideItsField_andKeepsWhatWasTyped()
    {
        var (_, existing) = await fixture.NewFarmerAsync();
        using var session = new PortalSession(fixture.BaseAddress);
        var fields = PortalSession.Fields(
            ("username", existing.User.Username), ("password", "Correct-Horse-7"), ("password2", "Correct-Horse-8"),
            ("producer.name", "南开乡咖啡合作社"), ("producer.creditCode", "93469025MA5T00000X"), ("producer.regionCode", "99"));
        var page = await session.SubmitAsync("/portal/signup", fields, "/portal/signup/submit");
        Assert.Equal(400, page.Code);
        Assert.Contains("The two passwords differ.", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-producer-creditCode-error\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-producer-regionCode-error\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"南开乡咖啡合作社\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Correct-Horse-7", page.Html, StringComparison.Ordinal);

        // Fixed except the username: the taken name is reported beside it, and nothing was created.
        var second = await session.SubmitAsync("/portal/signup", PortalSession.Fields(
            ("username", existing.User.Username), ("password", "Correct-Horse-7"), ("password2", "Correct-Horse-7"),
            ("producer.name", "南开乡咖啡合作社"), ("producer.creditCode", RegistryHost.NewCreditCode()), ("producer.regionCode", "469025")), "/portal/signup/submit");
        Assert.Equal(400, second.Code);
        Assert.Contains("id=\"f-username-error\"", second.Html, StringComparison.Ordinal);
        Assert.Contains("This username is already taken.", second.Html, StringComparison.Ordinal);
    }
}
