using EcoValue.Api.Tests.Registry;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// One real host for the portal's HTTP tests (no chain: entries stay pending, which pages show as such). The sign-in
/// rate limit is raised so the class's many sign-ins do not trip it; <c>PortalRateLimitTests</c> checks the limit.
/// </summary>
public sealed class PortalHost : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public UserClient Admin { get; private set; } = null!;

    public Uri BaseAddress => Host.Client.BaseAddress!;

    public async ValueTask InitializeAsync()
    {
        Host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:LoginPermitLimit"] = "10000",
        });
        Admin = await Host.ClientForAsync(Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A producer (registered by the admin through the API) and a farmer account of it.</summary>
    public async Task<(string ProducerId, UserClient Farmer)> NewFarmerAsync(string name = "白沙绿茶专业合作社")
    {
        var (status, body) = await RegistryHost.PostAsync(Admin, "/api/v1/producers", new { name, creditCode = RegistryHost.NewCreditCode(), regionCode = "469025" });
        Assert.True(status == 201, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        return (id, await Host.ClientForAsync(Roles.Farmer, id));
    }

    /// <summary>A portal session signed in as <paramref name="user"/>.</summary>
    public async Task<PortalSession> SignedInAsync(UserClient user, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = new PortalSession(BaseAddress, language);
        var page = await session.SignInAsync(user.User.Username, user.Password);
        Assert.True(page.Code == 302, $"sign-in answered {page.Code}: {page.Html}");
        return session;
    }
}
