using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Data.Accounts;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Auth;

/// <summary>Refresh rotation and reuse detection, logout, and credentials that die with a disabled or reset account.</summary>
public sealed class RefreshAndRevocationTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings => new() { ["EcoValue:Auth:LoginPermitLimit"] = "1000" };

    private static Task<HttpResponseMessage> RefreshAsync(ApiHost host, string? token) =>
        host.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token }, Ct);

    private static async Task<JsonElement> RefreshOkAsync(ApiHost host, string token)
    {
        using var response = await RefreshAsync(host, token);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<HttpStatusCode> MeAsync(ApiHost host, string accessToken)
    {
        using var client = host.ClientWithToken(accessToken);
        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Refresh_rotates_eachTokenWorksOnce_andTheNewAccessTokenWorks()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        var (user, password) = await host.CreateUserAsync(Roles.Certifier, ct: Ct);
        var first = await host.Client.SignInAsync(user.Username, password, Ct);

        var second = await RefreshOkAsync(host, first.GetProperty("refreshToken").GetString()!);
        Assert.NotEqual(first.GetProperty("refreshToken").GetString(), second.GetProperty("refreshToken").GetString());
        Assert.Equal("Bearer", second.GetProperty("tokenType").GetString());
        Assert.Equal(HttpStatusCode.OK, await MeAsync(host, second.GetProperty("accessToken").GetString()!));

        var third = await RefreshOkAsync(host, second.GetProperty("refreshToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(host, third.GetProperty("accessToken").GetString()!));
    }

    [Fact]
    public async Task Refresh_usedTokenPresentedAgain_isReuse_revokesTheFamily_soTheNewerTokenFailsToo()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        var (user, password) = await host.CreateUserAsync(Roles.Farmer, ct: Ct);
        var signIn = await host.Client.SignInAsync(user.Username, password, Ct);
        var stolen = signIn.GetProperty("refreshToken").GetString()!;
        var legit = await RefreshOkAsync(host, stolen);

        using (var reuse = await RefreshAsync(host, stolen))
        {
            await ProblemAssert.IsAsync(reuse, HttpStatusCode.Unauthorized, "refresh-token-reused");
        }

        using (var newer = await RefreshAsync(host, legit.GetProperty("refreshToken").GetString()))
        {
            await ProblemAssert.IsAsync(newer, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        }

        // Another sign-in of the same user is a different family and is untouched.
        var other = await host.Client.SignInAsync(user.Username, password, Ct);
        await RefreshOkAsync(host, other.GetProperty("refreshToken").GetString()!);
    }

    [Fact]
    public async Task Refresh_concurrentUsesOfOneToken_atMostOneSucceeds()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        var (user, password) = await host.CreateUserAsync(Roles.Buyer, ct: Ct);
        var token = (await host.Client.SignInAsync(user.Username, password, Ct)).GetProperty("refreshToken").GetString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(host, token)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public async Task Refresh_unknownOrMalformedToken_is401(string token)
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        using var response = await RefreshAsync(host, token);
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Refresh_expiredToken_is401()
    {
        var clock = new ManualTimeProvider();
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings, timeProvider: clock);
        var (user, password) = await host.CreateUserAsync(Roles.Buyer, ct: Ct);
        var token = (await host.Client.SignInAsync(user.Username, password, Ct)).GetProperty("refreshToken").GetString();
        clock.Advance(TimeSpan.FromDays(14));
        using var response = await RefreshAsync(host, token);
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task Logout_revokesTheSignIn()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        var (user, password) = await host.CreateUserAsync(Roles.Buyer, ct: Ct);
        var signIn = await host.Client.SignInAsync(user.Username, password, Ct);
        var rotated = await RefreshOkAsync(host, signIn.GetProperty("refreshToken").GetString()!);

        using (var logout = await host.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = rotated.GetProperty("refreshToken").GetString() }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var after = await RefreshAsync(host, rotated.GetProperty("refreshToken").GetString());
        await ProblemAssert.IsAsync(after, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        using var unknown = await host.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = "whatever" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, unknown.StatusCode);
    }

    [Fact]
    public async Task DisabledUser_liveAccessTokenIs401_refreshFails_andEnablingDoesNotRevive_oldCredentials()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        var (user, password) = await host.CreateUserAsync(Roles.Farmer, ct: Ct);
        var signIn = await host.Client.SignInAsync(user.Username, password, Ct);
        var access = signIn.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await MeAsync(host, access));

        using (var disable = await admin.PostAsync(new Uri($"/api/v1/users/{user.Id}/disable", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        using (var client = host.ClientWithToken(access))
        using (var me = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct))
        {
            await ProblemAssert.IsAsync(me, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Equal("Bearer error=\"invalid_token\"", me.Headers.WwwAuthenticate.ToString());
        }

        using (var refresh = await RefreshAsync(host, signIn.GetProperty("refreshToken").GetString()))
        {
            await ProblemAssert.IsAsync(refresh, HttpStatusCode.Unauthorized, "invalid-refresh-token");
        }

        using (var enable = await admin.PostAsync(new Uri($"/api/v1/users/{user.Id}/enable", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(host, access));
        var again = await host.Client.SignInAsync(user.Username, password, Ct);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(host, again.GetProperty("accessToken").GetString()!));
    }

    [Fact]
    public async Task ResetPassword_endsLiveTokens_andOnlyTheNewPasswordSignsIn()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: Settings);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        var (user, password) = await host.CreateUserAsync(Roles.Buyer, ct: Ct);
        var signIn = await host.Client.SignInAsync(user.Username, password, Ct);

        using (var reset = await admin.PostAsJsonAsync($"/api/v1/users/{user.Id}/reset-password", new { password = "a brand new secret" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(host, signIn.GetProperty("accessToken").GetString()!));
        using (var refresh = await RefreshAsync(host, signIn.GetProperty("refreshToken").GetString()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }

        using (var old = await host.Client.PostTokenAsync(user.Username, password, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        await host.Client.SignInAsync(user.Username, "a brand new secret", Ct);
    }

    [Fact]
    public async Task DisabledElsewhere_showsWithinTheCacheTime_whenTheCacheIsOff_atOnce()
    {
        // A change that bypasses this process's UserAccounts (the CLI, another instance): with the cache off, the next request sees it.
        await using var host = await ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?> { ["EcoValue:Auth:UserCheckCacheTime"] = "00:00:00" });
        using var farmer = await host.ClientForAsync(Roles.Farmer, ct: Ct);
        using (var ok = await farmer.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await host.Services.GetRequiredService<UserRepository>().SetDisabledAsync(farmer.UserId, disabled: true, newStamp: "changed-elsewhere", Ct);
        using var refused = await farmer.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
