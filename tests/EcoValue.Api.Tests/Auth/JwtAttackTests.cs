using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Auth;
using EcoValue.Data.Accounts;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Auth;

/// <summary>One host for all attacks (they only read): a fixed clock, its dev signing key, an admin and a farmer.</summary>
public sealed class JwtAttackHost : IAsyncLifetime
{
    public ManualTimeProvider Clock { get; } = new();

    public ApiHost Host { get; private set; } = null!;

    public byte[] Key { get; private set; } = [];

    public UserAccount Admin { get; private set; } = null!;

    public UserAccount Farmer { get; private set; } = null!;

    public string FarmerPassword { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), timeProvider: Clock, settings: new Dictionary<string, string?> { ["EcoValue:Auth:LoginPermitLimit"] = "1000" });
        var keyFile = Path.Combine(Host.DataDirectory, "keys", JwtSigningKey.FileName);
        Key = Convert.FromBase64String(await File.ReadAllTextAsync(keyFile));
        Admin = (await Host.CreateUserAsync(Roles.Admin, ct: TestContext.Current.CancellationToken)).User;
        (Farmer, FarmerPassword) = await Host.CreateUserAsync(Roles.Farmer, ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Forged and altered access tokens all answer 401 (never 200, never 403, never 500). Tokens are built by hand here,
/// byte by byte, so the attacks do not go through the library under test; a hand-built honest token is the control.
/// </summary>
public sealed class JwtAttackTests(JwtAttackHost f) : IClassFixture<JwtAttackHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static string B64(JsonNode json) => B64(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private long Now => f.Clock.GetUtcNow().ToUnixTimeSeconds();

    private static JsonObject Header(string alg = "HS256") => new() { ["alg"] = alg, ["typ"] = "at+jwt" };

    private JsonObject Claims(UserAccount user, long? exp = null)
    {
        // A ten-minute token, like the real ones: ending now + 600 unless told when.
        var end = exp ?? Now + 600;
        var claims = new JsonObject
        {
            ["sub"] = user.Id,
            ["name"] = user.Username,
            ["role"] = user.Role,
            ["stamp"] = user.SecurityStamp,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iss"] = "ecovalue",
            ["aud"] = "ecovalue-api",
            ["iat"] = end - 600,
            ["nbf"] = end - 600,
            ["exp"] = end,
        };
        if (user.ProducerId is { } producer)
        {
            claims["producer"] = producer;
        }

        return claims;
    }

    private static string Sign(JsonObject header, JsonObject claims, byte[] key, Func<byte[], byte[], byte[]>? mac = null)
    {
        var input = B64(header) + "." + B64(claims);
        return input + "." + B64((mac ?? HMACSHA256.HashData)(key, Encoding.ASCII.GetBytes(input)));
    }

    private async Task<HttpResponseMessage> CallAsync(string path, string token)
    {
        using var client = f.Host.ClientWithToken(token);
        return await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
    }

    private async Task AssertRefusedAsync(string token, string path = "/api/v1/auth/me")
    {
        using var response = await CallAsync(path, token);
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_handBuiltHonestToken_isAccepted_onBothRoutes()
    {
        using var me = await CallAsync("/api/v1/auth/me", Sign(Header(), Claims(f.Farmer), f.Key));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var users = await CallAsync("/api/v1/users", Sign(Header(), Claims(f.Admin), f.Key));
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task AlgNone_unsignedTokenWithValidClaims_is401()
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" };
        await AssertRefusedAsync(B64(header) + "." + B64(Claims(f.Admin)) + ".");
        await AssertRefusedAsync(B64(header) + "." + B64(Claims(f.Admin)), "/api/v1/users");
    }

    [Fact]
    public async Task WrongKey_is401() =>
        await AssertRefusedAsync(Sign(Header(), Claims(f.Admin), RandomNumberGenerator.GetBytes(32)), "/api/v1/users");

    [Fact]
    public async Task Expired_beyondTheSkew_is401_butWithinTheSkew_isAccepted()
    {
        await AssertRefusedAsync(Sign(Header(), Claims(f.Farmer, exp: Now - 31), f.Key));
        await AssertRefusedAsync(Sign(Header(), Claims(f.Farmer, exp: Now - 3600), f.Key));
        using var withinSkew = await CallAsync("/api/v1/auth/me", Sign(Header(), Claims(f.Farmer, exp: Now - 20), f.Key));
        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
    }

    [Fact]
    public async Task IssuedToken_isAcceptedUntilExpPlusSkew_thenRefused_onTheHostClock()
    {
        var token = (await f.Host.Client.SignInAsync(f.Farmer.Username, f.FarmerPassword, Ct)).GetProperty("accessToken").GetString()!;
        var start = f.Clock.GetUtcNow();
        try
        {
            f.Clock.Advance(TimeSpan.FromSeconds(600 + 29));
            using (var late = await CallAsync("/api/v1/auth/me", token))
            {
                Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            }

            f.Clock.Advance(TimeSpan.FromSeconds(2));
            await AssertRefusedAsync(token);
        }
        finally
        {
            f.Clock.Set(start);
        }
    }

    [Fact]
    public async Task NotYetValid_beyondTheSkew_is401()
    {
        var claims = Claims(f.Farmer);
        claims["nbf"] = Now + 60;
        claims["iat"] = Now + 60;
        claims["exp"] = Now + 660;
        await AssertRefusedAsync(Sign(Header(), claims, f.Key));
    }

    [Theory]
    [InlineData("iss", "https://evil.example")]
    [InlineData("iss", "ecovalue ")]
    [InlineData("aud", "some-other-api")]
    [InlineData("aud", "ECOVALUE-API")]
    public async Task WrongIssuerOrAudience_is401(string claim, string value)
    {
        var claims = Claims(f.Admin);
        claims[claim] = value;
        await AssertRefusedAsync(Sign(Header(), claims, f.Key), "/api/v1/users");
    }

    [Theory]
    [InlineData("iss")]
    [InlineData("aud")]
    [InlineData("exp")]
    [InlineData("sub")]
    [InlineData("stamp")]
    public async Task MissingClaim_is401(string claim)
    {
        var claims = Claims(f.Farmer);
        claims.Remove(claim);
        await AssertRefusedAsync(Sign(Header(), claims, f.Key));
    }

    [Fact]
    public async Task TamperedRoleClaim_payloadEditedSignatureKept_is401_not403()
    {
        var token = (await f.Host.Client.SignInAsync(f.Farmer.Username, f.FarmerPassword, Ct)).GetProperty("accessToken").GetString()!;
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["role"] = "admin";
        await AssertRefusedAsync(parts[0] + "." + B64(claims) + "." + parts[2], "/api/v1/users");

        // The farmer's own token is fine, and gets 403 (not 401) on the admin route: the contrast the attack relies on.
        using var honest = await CallAsync("/api/v1/users", token);
        await ProblemAssert.IsAsync(honest, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task RoleClaimThatDisagreesWithTheAccount_isRefusedEvenWhenSignedWithTheKey()
    {
        // Defence in depth: a (hypothetically) leaked key still cannot promote a user, because each request re-reads the account.
        var claims = Claims(f.Farmer);
        claims["role"] = "admin";
        claims.Remove("producer");
        await AssertRefusedAsync(Sign(Header(), claims, f.Key), "/api/v1/users");
    }

    [Fact]
    public async Task AlgHeaderChangedToHS512_withTheHS256Signature_is401_andARealHS512Token_too()
    {
        var honest = Sign(Header(), Claims(f.Admin), f.Key);
        var parts = honest.Split('.');
        await AssertRefusedAsync(B64(Header("HS512")) + "." + parts[1] + "." + parts[2], "/api/v1/users");
        await AssertRefusedAsync(Sign(Header("HS512"), Claims(f.Admin), f.Key, HMACSHA512.HashData), "/api/v1/users");
        await AssertRefusedAsync(Sign(Header("HS384"), Claims(f.Admin), f.Key, HMACSHA384.HashData), "/api/v1/users");
    }

    [Fact]
    public async Task KidInjection_pointingAtAnotherKey_is401()
    {
        // Classic kid attacks: a path to a file whose content the attacker knows (/dev/null: empty key), or SQL.
        var devNull = Header();
        devNull["kid"] = "../../../../../../dev/null";
        await AssertRefusedAsync(Sign(devNull, Claims(f.Admin), []), "/api/v1/users");
        var sql = Header();
        sql["kid"] = "x' UNION SELECT 'attacker-key' --";
        await AssertRefusedAsync(Sign(sql, Claims(f.Admin), Encoding.UTF8.GetBytes("attacker-key")), "/api/v1/users");
    }

    [Fact]
    public async Task JkuAndEmbeddedJwk_namingTheAttackersKey_is401()
    {
        var attackerKey = RandomNumberGenerator.GetBytes(32);
        var header = Header();
        header["jku"] = "http://127.0.0.1:9/.well-known/jwks.json";
        header["jwk"] = new JsonObject { ["kty"] = "oct", ["k"] = B64(attackerKey), ["alg"] = "HS256" };
        header["x5u"] = "http://127.0.0.1:9/cert.pem";
        await AssertRefusedAsync(Sign(header, Claims(f.Admin), attackerKey), "/api/v1/users");
    }

    [Fact]
    public async Task WrongType_aSignedJwtThatIsNotAnAccessToken_is401()
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        await AssertRefusedAsync(Sign(header, Claims(f.Farmer), f.Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..")]
    public async Task MalformedToken_is401(string token) => await AssertRefusedAsync(token.Length == 0 ? "x" : token);

    [Fact]
    public async Task NoToken_is401WithBearerChallenge_andWrongRole_is403()
    {
        using var anonymous = await f.Host.Client.GetAsync(new Uri("/api/v1/users", UriKind.Relative), Ct);
        await ProblemAssert.IsAsync(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());

        foreach (var role in new[] { Roles.Farmer, Roles.Certifier, Roles.Buyer })
        {
            using var client = await f.Host.ClientForAsync(role, ct: Ct);
            using var response = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative), Ct);
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
            Assert.Equal("Not allowed", problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task NoToken_fromAClientThatAcceptsOnlyHtml_isStill401ProblemJson_notAServerError()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await f.Host.Client.SendAsync(request, Ct);
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task UnknownSubject_is401()
    {
        var ghost = f.Farmer with { Id = Guid.CreateVersion7().ToString() };
        await AssertRefusedAsync(Sign(Header(), Claims(ghost), f.Key));
    }

    [Fact]
    public void SigningKeyFile_isReadableByTheServiceUserOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(f.Host.DataDirectory, "keys", JwtSigningKey.FileName)));
        }

        Assert.Equal(32, f.Key.Length);
    }
}
