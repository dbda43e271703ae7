using System.Security.Cryptography;
using EcoValue.Data.Accounts;

namespace EcoValue.Data.Tests.Accounts;

public sealed class RefreshTokenRepositoryTests : IAsyncLifetime
{
    private readonly AccountsDatabase _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private UserAccount _user = null!;

    public async ValueTask InitializeAsync()
    {
        await _db.InitializeAsync();
        _user = await _db.Accounts.CreateAsync(new NewUser("token-owner", "long enough password", Roles.Buyer), Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private RefreshTokenRow Token(string id, string family = "fam-1") =>
        new(id, _user.Id, family, RandomNumberGenerator.GetBytes(32), _user.SecurityStamp, T0, T0.AddDays(14));

    [Fact]
    public async Task Insert_thenGetByHash_roundTrips()
    {
        var token = Token("t1");
        await _db.Tokens.InsertAsync(token, Ct);
        var stored = await _db.Tokens.GetByHashAsync(token.TokenHash, Ct);
        Assert.NotNull(stored);
        Assert.Equal((token.Id, token.UserId, token.FamilyId, token.SecurityStamp, token.CreatedAt, token.ExpiresAt), (stored.Id, stored.UserId, stored.FamilyId, stored.SecurityStamp, stored.CreatedAt, stored.ExpiresAt));
        Assert.Equal(token.TokenHash, stored.TokenHash);
        Assert.Null(await _db.Tokens.GetByHashAsync(new byte[32], Ct));
    }

    [Fact]
    public async Task Rotate_marksUsedAndLinksTheSuccessor_once()
    {
        var first = Token("t1");
        await _db.Tokens.InsertAsync(first, Ct);
        Assert.True(await _db.Tokens.RotateAsync("t1", Token("t2"), T0.AddMinutes(5), Ct));
        Assert.False(await _db.Tokens.RotateAsync("t1", Token("t3"), T0.AddMinutes(6), Ct));

        var family = await _db.Tokens.ListFamilyAsync("fam-1", Ct);
        Assert.Equal(["t1", "t2"], family.Select(t => t.Id));
        Assert.Equal((T0.AddMinutes(5), "t2"), (family[0].UsedAt, family[0].ReplacedBy));
        Assert.Null(family[1].UsedAt);
    }

    [Fact]
    public async Task Rotate_concurrently_exactlyOneWins()
    {
        await _db.Tokens.InsertAsync(Token("t1"), Ct);
        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _db.Tokens.RotateAsync("t1", Token($"s{i}"), T0, Ct)));
        Assert.Single(wins, w => w);
        Assert.Equal(2, (await _db.Tokens.ListFamilyAsync("fam-1", Ct)).Count);
    }

    [Fact]
    public async Task RevokeFamily_andRevokeAllForUser_touchOnlyLiveTokensOfTheirScope()
    {
        await _db.Tokens.InsertAsync(Token("a1", "fam-a"), Ct);
        await _db.Tokens.InsertAsync(Token("a2", "fam-a"), Ct);
        await _db.Tokens.InsertAsync(Token("b1", "fam-b"), Ct);
        Assert.Equal(2, await _db.Tokens.RevokeFamilyAsync("fam-a", T0, Ct));
        Assert.Equal(0, await _db.Tokens.RevokeFamilyAsync("fam-a", T0.AddMinutes(1), Ct));
        Assert.All(await _db.Tokens.ListFamilyAsync("fam-a", Ct), t => Assert.Equal(T0, t.RevokedAt));
        Assert.Null((await _db.Tokens.ListFamilyAsync("fam-b", Ct))[0].RevokedAt);
        Assert.Equal(1, await _db.Tokens.RevokeAllForUserAsync(_user.Id, T0, Ct));
        Assert.False(await _db.Tokens.RotateAsync("b1", Token("b2", "fam-b"), T0, Ct));
    }
}
