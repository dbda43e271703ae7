using EcoValue.Api.Features.Auth;
using EcoValue.Data.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Tests.Auth;

/// <summary>What the host refuses at start, and the production defaults.</summary>
public sealed class AuthConfigurationTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static readonly string ProductionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Defaults_arePbkdf2With600kIterations_10MinuteTokens_14DayRefresh_5FailuresLock15Minutes()
    {
        var o = new AuthOptions();
        Assert.Equal(600_000, o.Pbkdf2Iterations);
        Assert.Equal(600_000, PasswordHasher.DefaultIterations);
        Assert.Equal(TimeSpan.FromMinutes(10), o.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(14), o.RefreshTokenLifetime);
        Assert.Equal((5, TimeSpan.FromMinutes(15)), (o.LockoutThreshold, o.LockoutDuration));
        Assert.Equal(TimeSpan.FromSeconds(30), AuthSetup.ClockSkew);
    }

    [Fact]
    public async Task Production_withItsKey_starts_andHashesAt600kIterations()
    {
        await using var host = await ApiHost.StartAsync(NoChain, environment: "Production", settings: ApiHost.WithCertification(new Dictionary<string, string?> { ["EcoValue:Auth:SigningKey"] = ProductionKey }));
        Assert.Equal(600_000, host.Services.GetRequiredService<UserAccounts>().Hasher.Iterations);
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "keys", JwtSigningKey.FileName)), "production never writes a key file");
    }

    [Fact]
    public async Task Production_withoutSigningKey_refusesToStart()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, environment: "Production", settings: ApiHost.WithCertification()));
        Assert.Contains("SigningKey is required", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all!")]
    public async Task SigningKey_tooShortOrNotBase64_refusesToStart(string key)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, environment: "Production", settings: ApiHost.WithCertification(new Dictionary<string, string?> { ["EcoValue:Auth:SigningKey"] = key })));
        Assert.Contains("at least 32", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task LowerPbkdf2Iterations_outsideTesting_refusesToStart(string environment)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, environment: environment, settings: ApiHost.WithCertification(new Dictionary<string, string?>
        {
            ["EcoValue:Auth:SigningKey"] = ProductionKey,
            ["EcoValue:Auth:Pbkdf2Iterations"] = "1000",
        })));
        Assert.Contains("Pbkdf2Iterations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredKey_signsTokens_thatTheKeyVerifies()
    {
        await using var host = await ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?> { ["EcoValue:Auth:SigningKey"] = ProductionKey });
        using var client = await host.ClientForAsync(Roles.Buyer, ct: TestContext.Current.CancellationToken);
        var parts = client.AccessToken.Split('.');
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(ProductionKey), System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(mac), parts[2]);
    }
}
