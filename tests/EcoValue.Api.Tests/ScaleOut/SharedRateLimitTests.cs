using System.Net;
using System.Net.Http.Json;
using Dapper;
using EcoValue.Api.Tests.Auth;
using EcoValue.Api.Tests.Verification;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.ScaleOut;

/// <summary>
/// Issue 9: two service instances on one PostgreSQL database, as behind a load balancer. A client alternating between
/// them (or hitting both at once) gets the configured number of sign-in attempts and public requests in total, not
/// that many per instance (docs/auth.md "Rate limits across instances"). The SQLite path keeps its in-memory limiters
/// (SignInTests, PublicRateLimitTests).
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed class SharedRateLimitTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The first instance owns the data folder (keys, database); the second starts on the same folder and so the same database.</summary>
    private static async Task<(ApiHost A, ApiHost B)> TwoInstancesAsync(Dictionary<string, string?> settings)
    {
        var a = await ApiHost.StartAsync(NoChain, settings: settings);
        try
        {
            return (a, await ApiHost.StartAsync(NoChain, settings: settings, dataDirectory: a.DataDirectory));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task SignIn_alternatingBetweenTwoInstances_getsTheLimitInTotal_thenBoth429WithRetryAfter()
    {
        TestDatabases.RequirePostgresBackend();
        var (a, b) = await TwoInstancesAsync(new Dictionary<string, string?>
        {
            ["EcoValue:Auth:LoginPermitLimit"] = "3",
            ["EcoValue:Auth:LoginWindow"] = "00:10:00",
        });
        await using (a)
        await using (b)
        {
            // Three attempts in all, spread over both instances: each instance alone has seen at most two.
            foreach (var host in new[] { a, b, a })
            {
                using var allowed = await host.Client.PostTokenAsync("someone", "some password", Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
            }

            foreach (var host in new[] { b, a })
            {
                using var limited = await host.Client.PostTokenAsync("someone", "some password", Ct);
                await ProblemAssert.IsAsync(limited, HttpStatusCode.TooManyRequests, "too-many-requests");
                var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(retryAfter, 1, 600);
            }

            // Refresh shares the policy, on either instance.
            using var refresh = await b.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" }, Ct);
            Assert.Equal(HttpStatusCode.TooManyRequests, refresh.StatusCode);

            // The count is one row of the shared table, keyed by policy and client address.
            await using var c = await TestDatabases.ForDirectory(a.DataDirectory).OpenAsync(Ct);
            Assert.Equal(3d, await c.ExecuteScalarAsync<double>("SELECT amount FROM rate_limits WHERE key = 'auth-sign-in|127.0.0.1'"));
        }
    }

    [Fact]
    public async Task PublicEndpoints_alternatingBetweenTwoInstances_shareOneBucketPerClient_andOtherClientsKeepTheirOwn()
    {
        TestDatabases.RequirePostgresBackend();
        var (a, b) = await TwoInstancesAsync(new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "1",
            ["EcoValue:RateLimits:PublicBurst"] = "3",
            // Loopback plays the load balancer, so each test "client" is an X-Forwarded-For address.
            ["EcoValue:TrustedProxies:0"] = "127.0.0.1",
            ["EcoValue:TrustedProxies:1"] = "::1/128",
        });
        await using (a)
        await using (b)
        {
            const string Link = "/01/06901234567892/10/LOT1/21/ABCDEFGHJKMNP";
            foreach (var host in new[] { a, b, a })
            {
                using var allowed = await ItemsHost.GetAsync(host.Client, Link, headers: ("X-Forwarded-For", "203.0.113.7"));
                Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
            }

            foreach (var (host, url) in new[] { (b, Link), (a, "/api/v1/verify?link=" + Uri.EscapeDataString(Link)), (b, "/api/v1/licences/some-licence/verify") })
            {
                using var limited = await ItemsHost.GetAsync(host.Client, url, headers: ("X-Forwarded-For", "203.0.113.7"));
                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
                Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
                // One token per minute: the next one is about a minute away.
                Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
                Assert.Contains("too-many-requests", await limited.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }

            // Another consumer behind the same load balancer has a full bucket of its own, on both instances.
            foreach (var host in new[] { b, a, b })
            {
                using var other = await ItemsHost.GetAsync(host.Client, Link, headers: ("X-Forwarded-For", "198.51.100.23"));
                Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            }

            using var fourth = await ItemsHost.GetAsync(a.Client, Link, headers: ("X-Forwarded-For", "198.51.100.23"));
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        }
    }

    [Fact]
    public async Task ConcurrentRequests_toBothInstances_areGrantedExactlyTheBurst()
    {
        TestDatabases.RequirePostgresBackend();
        var (a, b) = await TwoInstancesAsync(new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "1",
            ["EcoValue:RateLimits:PublicBurst"] = "7",
        });
        await using (a)
        await using (b)
        {
            // 40 requests at once, half to each instance: one atomic statement per request grants exactly 7.
            var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            {
                using var response = await ItemsHost.GetAsync((i % 2 == 0 ? a : b).Client, "/01/06901234567892/10/LOT1");
                return response.StatusCode;
            }));
            Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.NotFound));
            Assert.Equal(33, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        }
    }

    [Fact]
    public async Task WhenTheSharedStoreFails_publicEndpointsLetRequestsThrough_butSignInIsRefusedWith503()
    {
        TestDatabases.RequirePostgresBackend();
        await using var host = await ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?>
        {
            ["EcoValue:RateLimits:PublicPerMinute"] = "1",
            ["EcoValue:RateLimits:PublicBurst"] = "1",
            ["EcoValue:Auth:LoginPermitLimit"] = "1",
        });
        await using var c = await TestDatabases.ForDirectory(host.DataDirectory).OpenAsync(Ct);
        // The limits' table gone (as a damaged or locked table would be): every limit statement fails.
        await c.ExecuteAsync("ALTER TABLE rate_limits RENAME TO rate_limits_away");
        for (var i = 0; i < 3; i++)
        {
            using var verify = await ItemsHost.GetAsync(host.Client, "/01/06901234567892/10/LOT1");
            Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
        }

        using (var signIn = await host.Client.PostTokenAsync("someone", "some password", Ct))
        {
            await ProblemAssert.IsAsync(signIn, HttpStatusCode.ServiceUnavailable, "rate-limit-unavailable");
        }

        // Back: the limits hold again at once.
        await c.ExecuteAsync("ALTER TABLE rate_limits_away RENAME TO rate_limits");
        using (var first = await ItemsHost.GetAsync(host.Client, "/01/06901234567892/10/LOT1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        }

        using var second = await ItemsHost.GetAsync(host.Client, "/01/06901234567892/10/LOT1");
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        using var allowed = await host.Client.PostTokenAsync("someone", "some password", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
    }
}
