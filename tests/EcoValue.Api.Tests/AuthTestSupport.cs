using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EcoValue.Api.Features.Auth;
using EcoValue.Data.Accounts;
using EcoValue.Data.Registry;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests;

/// <summary>An HttpClient for a running <see cref="ApiHost"/> that sends one user's access token.</summary>
public sealed class UserClient : HttpClient
{
    internal UserClient(Uri baseAddress, UserAccount user, string password, string accessToken)
    {
        BaseAddress = baseAddress;
        Timeout = TimeSpan.FromSeconds(30);
        User = user;
        Password = password;
        AccessToken = accessToken;
        DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    public UserAccount User { get; }

    public string Password { get; }

    public string AccessToken { get; }

    public string UserId => User.Id;

    /// <summary>The farmer's producer (null for other roles).</summary>
    public string? ProducerId => User.ProducerId;
}

/// <summary>
/// Accounts for API tests in one line: <c>using var farmer = await host.ClientForAsync(Roles.Farmer, producerId);</c>.
/// Users are created through the host's own <see cref="UserAccounts"/> and tokens minted by its own issuer, so the
/// requests go through the real authentication pipeline (and no sign-in rate limit is spent).
/// </summary>
public static class AuthTestSupport
{
    /// <summary>A new user of <paramref name="role"/> (a farmer gets a fresh producer id unless one is given) and its client.</summary>
    public static async Task<UserClient> ClientForAsync(this ApiHost host, string role, string? producerId = null, CancellationToken ct = default)
    {
        var (user, password) = await host.CreateUserAsync(role, producerId, ct: ct);
        return host.ClientFor(user, password);
    }

    /// <summary>A client for an existing user, with a freshly minted access token.</summary>
    public static UserClient ClientFor(this ApiHost host, UserAccount user, string password = "")
    {
        ArgumentNullException.ThrowIfNull(host);
        var token = host.Services.GetRequiredService<AccessTokenIssuer>().Issue(user);
        return new UserClient(host.Client.BaseAddress!, user, password, token.Token);
    }

    public static async Task<(UserAccount User, string Password)> CreateUserAsync(this ApiHost host, string role, string? producerId = null, string? username = null, string? password = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (role == Roles.Farmer)
        {
            producerId ??= RecordEnvelope.NewId(DateTimeOffset.UtcNow);
            await host.EnsureProducerAsync(producerId, ct);
        }

        username ??= $"{role}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        password ??= "pw-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var user = await host.Services.GetRequiredService<UserAccounts>().CreateAsync(new NewUser(username, password, role, producerId), ct);
        return (user, password);
    }

    /// <summary>
    /// Registers a producer with this id unless there is one: creating a farmer checks that its producer exists
    /// (the registry's <see cref="IProducerDirectory"/>), and auth tests only need some producer to belong to.
    /// </summary>
    public static async Task EnsureProducerAsync(this ApiHost host, string producerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var repo = host.Services.GetRequiredService<RegistryRepository>();
        if (await repo.ProducerExistsAsync(producerId, ct))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var facts = ProducerFacts.Validate(new ProducerInput("测试合作社 " + producerId[^6..], Registry.RegistryHost.NewCreditCode(), "469025", null));
        await repo.CreateProducerAsync(producerId, facts, "approved",
            supersedes => RecordEnvelope.Create("producer", "producer:" + producerId, "user:test", now, facts.ToRecordData(producerId, supersedes)), ct: ct);
    }

    /// <summary>POST /api/v1/auth/token; returns the response (the caller asserts and disposes).</summary>
    public static Task<HttpResponseMessage> PostTokenAsync(this HttpClient client, string? username, string? password, CancellationToken ct = default) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username, password }, ct);

    /// <summary>Signs in over HTTP and returns the token response body; fails the test unless it is 200.</summary>
    public static async Task<JsonElement> SignInAsync(this HttpClient client, string username, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostTokenAsync(username, password, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {username} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A plain client on the host with the given bearer token (or none).</summary>
    public static HttpClient ClientWithToken(this ApiHost host, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }
}
