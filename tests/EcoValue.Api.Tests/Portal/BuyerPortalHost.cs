using EcoValue.Anchoring.Keys;
using EcoValue.Api.Tests.Verification;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// The buyer portal's host: the real service on anvil with its own worker anchoring records (as
/// <see cref="AnchoringCertificationHost"/>), and a sign-in limit raised for the many portal sign-ins of a class.
/// Makes licensed items whose codes answer GENUINE, and buyers with a portal session.
/// </summary>
public sealed class BuyerPortalHost : AnchoringCertificationHost
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["EcoValue:Auth:LoginPermitLimit"] = "10000",
    };

    /// <summary>The address reports are signed with: the host's service key (&lt;data&gt;/keys/service.key).</summary>
    public string ServiceAddress => ServiceKeyFile.Load(Path.Combine(Host.DataDirectory, "keys", "service.key")).Address.ToString();

    /// <summary><paramref name="count"/> item links of a licensed, branded batch, returned once the last one answers GENUINE.</summary>
    public async Task<List<string>> GenuineLinksAsync(int count)
    {
        using var licensed = await LicensedBatchAsync();
        var (farmer, batch) = (licensed.Farmer, licensed.BatchId);
        var issued = await ItemsHost.IssueAsync(farmer, batch, count, 0.5);
        var links = issued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!).ToList();
        await ItemsHost.WaitForStatusAsync(farmer, ItemsHost.PathOf(links[^1]), "GENUINE");
        return links;
    }

    /// <summary>A new buyer account and a portal session signed in as it (through the login form).</summary>
    public async Task<(UserClient Buyer, PortalSession Session)> NewBuyerAsync(string language = "en")
    {
        var buyer = await Host.ClientForAsync(Roles.Buyer, ct: Ct);
        return (buyer, await SignedInAsync(buyer, language));
    }

    /// <summary>A portal session signed in as <paramref name="user"/>.</summary>
    public async Task<PortalSession> SignedInAsync(UserClient user, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = new PortalSession(Host.Client.BaseAddress!, language);
        var page = await session.SignInAsync(user.User.Username, user.Password);
        Assert.True(page.Code == 302, $"sign-in answered {page.Code}: {page.Html}");
        return session;
    }
}
