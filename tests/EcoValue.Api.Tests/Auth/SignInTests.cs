using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EcoValue.Data.Accounts;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Auth;

/// <summary>POST /api/v1/auth/token through the real host: the token pair, uniform failures, lockout, rate limit.</summary>
public sealed class SignInTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static JsonElement JwtPart(string jwt, int index) =>
        JsonDocument.Parse(Convert.FromBase64String(Pad(jwt.Split('.')[index].Replace('-', '+').Replace('_', '/')))).RootElement.Clone();

    private static string Pad(string s) => s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');

    [Fact]
    public async Task Token_rightPassword_issuesBearerAccessTokenWithTheClaimsContract_andRefreshToken()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        var (farmer, password) = await host.CreateUserAsync(Roles.Farmer, producerId: "0199a1b2-0000-7000-8000-000000000001", username: "Farmer.Li", ct: Ct);

        using var response = await host.Client.PostTokenAsync("farmer.li", password, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(600, body.GetProperty("expiresIn").GetInt32());
        var refresh = body.GetProperty("refreshToken").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", refresh);

        var access = body.GetProperty("accessToken").GetString()!;
        var header = JwtPart(access, 0);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var claims = JwtPart(access, 1);
        Assert.Equal(farmer.Id, claims.GetProperty("sub").GetString());
        Assert.Equal("Farmer.Li", claims.GetProperty("name").GetString());
        Assert.Equal("farmer", claims.GetProperty("role").GetString());
        Assert.Equal("0199a1b2-0000-7000-8000-000000000001", claims.GetProperty("producer").GetString());
        Assert.Equal(farmer.SecurityStamp, claims.GetProperty("stamp").GetString());
        Assert.Equal("ecovalue", claims.GetProperty("iss").GetString());
        Assert.Equal("ecovalue-api", claims.GetProperty("aud").GetString());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.Equal(600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());

        using var client = host.ClientWithToken(access);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Ct);
        Assert.Equal(farmer.Id, me.GetProperty("id").GetString());
        Assert.Equal("farmer", me.GetProperty("role").GetString());
        Assert.Equal("0199a1b2-0000-7000-8000-000000000001", me.GetProperty("producerId").GetString());
    }

    [Fact]
    public async Task Token_nonFarmer_hasNoProducerClaim_andUsernameMatchesIgnoringCaseAndWidth()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        var (_, password) = await host.CreateUserAsync(Roles.Certifier, username: "certifier", ct: Ct);
        // Fullwidth "ｃｅｒｔｉｆｉｅｒ" is the same name after NFKC.
        var body = await host.Client.SignInAsync("ＣＥＲＴＩＦＩＥＲ", password, Ct);
        Assert.False(JwtPart(body.GetProperty("accessToken").GetString()!, 1).TryGetProperty("producer", out _));
    }

    [Fact]
    public async Task Token_wrongPassword_unknownUser_disabledUser_allAnswerTheSameProblem()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        var (user, _) = await host.CreateUserAsync(Roles.Buyer, username: "buyer-one", ct: Ct);
        var (disabled, disabledPassword) = await host.CreateUserAsync(Roles.Buyer, username: "buyer-two", ct: Ct);
        await host.Services.GetRequiredService<UserAccounts>().DisableAsync(disabled.Id, Ct);

        var answers = new List<JsonElement>();
        foreach (var (name, pw) in new[] { (user.Username, "wrong password!"), ("nobody-here", "wrong password!"), (disabled.Username, disabledPassword) })
        {
            using var response = await host.Client.PostTokenAsync(name, pw, Ct);
            answers.Add(await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid-credentials"));
        }

        Assert.All(answers, a => Assert.Equal(answers[0].GetProperty("title").GetString(), a.GetProperty("title").GetString()));
        Assert.All(answers, a => Assert.Equal(answers[0].GetProperty("detail").GetString(), a.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Token_missingFields_is400WithFieldErrors_inChineseWhenAsked()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { username = "" }) };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN, en;q=0.5");
        using var response = await host.Client.SendAsync(request, Ct);
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["password", "username"], ProblemAssert.ErrorFields(problem));
        Assert.Equal("请填写密码。", problem.GetProperty("errors").GetProperty("password")[0].GetString());
        Assert.Equal("输入无效", problem.GetProperty("title").GetString());
        Assert.Equal("password.required", problem.GetProperty("codes").GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Token_fiveWrongPasswords_lockTheAccount_untilTheConfiguredTimeHasPassed()
    {
        var clock = new ManualTimeProvider();
        await using var host = await ApiHost.StartAsync(NoChain, timeProvider: clock, settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:LockoutDuration"] = "00:15:00",
            ["EcoValue:Auth:LoginPermitLimit"] = "100",
        });
        var (user, password) = await host.CreateUserAsync(Roles.Farmer, ct: Ct);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await host.Client.PostTokenAsync(user.Username, "not the password", Ct);
            await ProblemAssert.IsAsync(wrong, HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        // Locked: even the right password is refused, with the very same answer.
        using (var locked = await host.Client.PostTokenAsync(user.Username, password, Ct))
        {
            await ProblemAssert.IsAsync(locked, HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        using (var stillLocked = await host.Client.PostTokenAsync(user.Username, password, Ct))
        {
            await ProblemAssert.IsAsync(stillLocked, HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        var body = await host.Client.SignInAsync(user.Username, password, Ct);

        // The token was stamped with the host's (moved) clock and is accepted by it.
        using var client = host.ClientWithToken(body.GetProperty("accessToken").GetString());
        using var me = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var stored = await host.Services.GetRequiredService<UserAccounts>().FindAsync(user.Id, Ct);
        Assert.Equal((0, (DateTimeOffset?)null), (stored!.FailedLogins, stored.LockedUntil));
    }

    [Fact]
    public async Task Token_success_resetsTheFailureCount()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?> { ["EcoValue:Auth:LoginPermitLimit"] = "100" });
        var (user, password) = await host.CreateUserAsync(Roles.Buyer, ct: Ct);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                using var wrong = await host.Client.PostTokenAsync(user.Username, "not the password", Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }

            await host.Client.SignInAsync(user.Username, password, Ct);
        }
    }

    [Fact]
    public async Task Token_beyondThePerAddressLimit_answers429WithRetryAfter_andRefreshSharesTheLimit()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:LoginPermitLimit"] = "3",
            ["EcoValue:Auth:LoginWindow"] = "00:10:00",
        });
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await host.Client.PostTokenAsync("someone", "some password", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using (var refresh = await host.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }

        using var limited = await host.Client.PostTokenAsync("someone", "some password", Ct);
        await ProblemAssert.IsAsync(limited, HttpStatusCode.TooManyRequests, "too-many-requests");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        using var limitedRefresh = await host.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedRefresh.StatusCode);

        // Other routes are not limited by it.
        using var health = await host.Client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode);
    }

    [Fact]
    public async Task Token_malformedJson_is400ProblemJson()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var content = new StringContent("{\"username\": ", Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_weakerStoredHash_isUpgradedOnSignIn()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        var users = host.Services.GetRequiredService<UserRepository>();
        var weak = new PasswordHasher(iterations: 500);
        var prepared = new UserAccounts(users, host.Services.GetRequiredService<RefreshTokenRepository>(), weak, LockoutPolicy.Default, TimeProvider.System)
            .Prepare(new NewUser("old-hash", "correct horse battery", Roles.Buyer));
        Assert.True(await users.TryInsertAsync(prepared, Ct));
        Assert.StartsWith("pbkdf2-sha256$500$", prepared.PasswordHash, StringComparison.Ordinal);

        await host.Client.SignInAsync("old-hash", "correct horse battery", Ct);
        var upgraded = (await users.GetByIdAsync(prepared.Id, Ct))!.PasswordHash;
        Assert.StartsWith($"pbkdf2-sha256${ApiHost.TestPbkdf2Iterations}$", upgraded, StringComparison.Ordinal);
        await host.Client.SignInAsync("old-hash", "correct horse battery", Ct);
    }
}
