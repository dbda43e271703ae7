using System.Net;

namespace EcoValue.Api.Tests.Portal;

/// <summary>The portal's sign-in shares the API's sign-in rate limit; visits to the form do not count, attempts do.</summary>
public sealed class PortalRateLimitTests
{
    [Fact]
    public async Task SignInAttempts_overTheLimit_get429_asAPage_withRetryAfter()
    {
        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:LoginPermitLimit"] = "2",
            ["EcoValue:Auth:LoginWindow"] = "00:10:00",
        });
        using var session = new PortalSession(host.Client.BaseAddress!, "zh-CN");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await session.GetAsync("/portal/login")).Code);
        }

        var form = await session.GetAsync("/portal/login");
        var fields = PortalSession.Fields(("username", "nobody"), ("password", "wrong-password"));
        Assert.Equal(400, (await session.PostAsync("/portal/login/attempt", fields, form.Token)).Code);
        Assert.Equal(400, (await session.PostAsync("/portal/login/attempt", fields, form.Token)).Code);

        var limited = await session.PostAsync("/portal/login/attempt", fields, form.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.True(limited.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.StartsWith("text/html", limited.Response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("尝试次数过多", limited.Html, StringComparison.Ordinal);

        // The same limit guards the API's sign-in (one policy, per client address); its answer stays problem+json.
        using var api = await host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new StringContent("{\"username\":\"nobody\",\"password\":\"x\"}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
    }
}
