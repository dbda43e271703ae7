using System.Net;

namespace EcoValue.Api.Tests.Verification;

/// <summary>The public endpoints share one token bucket per client address (EcoValue:RateLimits); beyond it, 429 with Retry-After.</summary>
public sealed class PublicRateLimitTests
{
    [Fact]
    public async Task PublicEndpoints_beyondTheBurst_answer429ProblemJson_withRetryAfter_otherRoutesAreNotLimited()
    {
        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "1",
            ["EcoValue:RateLimits:PublicBurst"] = "3",
        });
        var ct = TestContext.Current.CancellationToken;
        const string Link = "/01/06901234567892/10/LOT1/21/ABCDEFGHJKMNP";
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await ItemsHost.GetAsync(host.Client, Link);
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        foreach (var url in new[] { Link, "/api/v1/verify?link=" + Uri.EscapeDataString(Link), "/api/v1/licences/some-licence/verify" })
        {
            using var limited = await ItemsHost.GetAsync(host.Client, url);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), url);
            Assert.Contains("too-many-requests", await limited.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        using var health = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }

    [Fact]
    public async Task PublicPerMinuteZero_turnsTheLimitOff()
    {
        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "0",
            ["EcoValue:RateLimits:PublicBurst"] = "1",
        });
        for (var i = 0; i < 20; i++)
        {
            using var response = await ItemsHost.GetAsync(host.Client, "/01/06901234567892/10/LOT1");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BehindATrustedProxy_eachForwardedClientHasItsOwnBucket_butAnUntrustedHeaderChangesNothing(bool trusted)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "1",
            ["EcoValue:RateLimits:PublicBurst"] = "2",
        };
        if (trusted)
        {
            // The test client connects from loopback: here loopback plays the load balancer.
            settings["EcoValue:TrustedProxies:0"] = "127.0.0.1";
            settings["EcoValue:TrustedProxies:1"] = "::1/128";
        }

        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: settings);
        var ct = TestContext.Current.CancellationToken;
        async Task<HttpStatusCode> AsAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/01/06901234567892/10/LOT1", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await host.Client.SendAsync(request, ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await AsAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.NotFound, await AsAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AsAsync("203.0.113.7"));
        // Another consumer behind the same proxy: its own bucket only when the proxy is trusted.
        Assert.Equal(trusted ? HttpStatusCode.NotFound : HttpStatusCode.TooManyRequests, await AsAsync("198.51.100.23"));
    }

    [Fact]
    public async Task ATrustedProxyEntry_thatIsNoAddressOrNetwork_stopsTheStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?> { ["EcoValue:TrustedProxies:0"] = "proxy.example" });
        });
        Assert.Contains("neither an IP address nor a CIDR network", error.ToString(), StringComparison.Ordinal);
    }
}
