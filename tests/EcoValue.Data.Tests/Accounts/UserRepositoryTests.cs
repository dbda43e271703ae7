using Dapper;
using EcoValue.Data.Accounts;

namespace EcoValue.Data.Tests.Accounts;

public sealed class UserRepositoryTests : IAsyncLifetime
{
    private readonly AccountsDatabase _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static UserAccount User(string username, string role = Roles.Buyer, string? producer = null) => new(
        Guid.CreateVersion7().ToString(), username, AccountRules.UsernameKey(username), "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        role, producer, false, 0, null, new DateTimeOffset(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), "stamp-1");

    [Fact]
    public async Task Insert_thenGet_roundTripsEveryField_displayNameByteExact()
    {
        var user = User("Ｆarmer\u0301Ω", Roles.Farmer, "producer-1") with { FailedLogins = 2, LockedUntil = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero) };
        Assert.True(await _db.Users.TryInsertAsync(user, Ct));
        var byId = await _db.Users.GetByIdAsync(user.Id, Ct);
        Assert.Equal(user, byId);
        Assert.Equal(user, await _db.Users.GetByUsernameKeyAsync(AccountRules.UsernameKey("FARMER\u0301ω"), Ct));
        Assert.Null(await _db.Users.GetByIdAsync("nope", Ct));
    }

    [Fact]
    public async Task Insert_sameKey_isRefused_otherConstraintsThrow()
    {
        Assert.True(await _db.Users.TryInsertAsync(User("admin", Roles.Admin), Ct));
        Assert.False(await _db.Users.TryInsertAsync(User("ADMIN", Roles.Admin), Ct));
        // The schema itself keeps farmers and producers together, and roles to the four.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _db.Users.TryInsertAsync(User("f1", Roles.Farmer, producer: null), Ct));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _db.Users.TryInsertAsync(User("b1", Roles.Buyer, producer: "p"), Ct));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _db.Users.TryInsertAsync(User("r1", "root"), Ct));
    }

    [Fact]
    public async Task RecordFailedLogin_locksAtTheThreshold_atomicallyUnderConcurrency()
    {
        var user = User("guessed");
        await _db.Users.TryInsertAsync(user, Ct);
        var until = new DateTimeOffset(2026, 11, 23, 8, 15, 0, TimeSpan.Zero);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _db.Users.RecordFailedLoginAsync(user.Id, 5, until, Ct)));
        Assert.Equal(2, results.Count(locked => locked));
        var stored = await _db.Users.GetByIdAsync(user.Id, Ct);
        Assert.Equal((0, until), (stored!.FailedLogins, stored.LockedUntil));

        await _db.Users.ClearFailedLoginsAsync(user.Id, Ct);
        stored = await _db.Users.GetByIdAsync(user.Id, Ct);
        Assert.Equal((0, (DateTimeOffset?)null), (stored!.FailedLogins, stored.LockedUntil));
    }

    [Fact]
    public async Task SetPassword_SetDisabled_UpgradeHash_changeWhatTheySay()
    {
        var user = User("changing") with { FailedLogins = 3 };
        await _db.Users.TryInsertAsync(user, Ct);
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(await _db.Users.SetPasswordAsync(user.Id, "new-hash", at, "stamp-2", Ct));
        var stored = (await _db.Users.GetByIdAsync(user.Id, Ct))!;
        Assert.Equal(("new-hash", at, "stamp-2", 0), (stored.PasswordHash, stored.PasswordChangedAt, stored.SecurityStamp, stored.FailedLogins));

        Assert.False(await _db.Users.UpgradePasswordHashAsync(user.Id, "not-the-current-hash", "upgraded", Ct));
        Assert.True(await _db.Users.UpgradePasswordHashAsync(user.Id, "new-hash", "upgraded", Ct));
        Assert.Equal("stamp-2", (await _db.Users.GetByIdAsync(user.Id, Ct))!.SecurityStamp);

        Assert.True(await _db.Users.SetDisabledAsync(user.Id, true, "stamp-3", Ct));
        Assert.True(await _db.Users.SetDisabledAsync(user.Id, false, null, Ct));
        stored = (await _db.Users.GetByIdAsync(user.Id, Ct))!;
        Assert.Equal((false, "stamp-3", "upgraded"), (stored.Disabled, stored.SecurityStamp, stored.PasswordHash));
        Assert.False(await _db.Users.SetDisabledAsync("nope", true, null, Ct));
        Assert.False(await _db.Users.SetPasswordAsync("nope", "h", at, "s", Ct));
    }

    [Fact]
    public async Task List_filtersPagesAndEscapesLikeWildcards()
    {
        foreach (var name in new[] { "b_1", "b%2", "bx3", "buyer" })
        {
            await _db.Users.TryInsertAsync(User(name), Ct);
        }

        await _db.Users.TryInsertAsync(User("farmer", Roles.Farmer, "p") with { Disabled = true }, Ct);

        async Task<string[]> NamesAsync(UserQuery q, string? search = null) =>
            [.. (await _db.Users.ListAsync(q, search, Ct)).Items.Select(u => u.Username)];

        Assert.Equal(["b%2", "b_1", "buyer", "bx3", "farmer"], await NamesAsync(new UserQuery()));
        Assert.Equal(["b_1"], await NamesAsync(new UserQuery(), "_"));
        Assert.Equal(["b%2"], await NamesAsync(new UserQuery(), "%"));
        Assert.Equal(["farmer"], await NamesAsync(new UserQuery(Disabled: true)));
        Assert.Equal(["farmer"], await NamesAsync(new UserQuery(Role: Roles.Farmer)));
        var page = await _db.Users.ListAsync(new UserQuery(Role: Roles.Buyer, Page: 2, PageSize: 3), null, Ct);
        Assert.Equal((4L, 2, 3), (page.Total, page.Page, page.PageSize));
        Assert.Equal(["bx3"], page.Items.Select(u => u.Username));
    }

    [Fact]
    public async Task Users_withRefreshTokens_cannotVanish()
    {
        var user = User("kept");
        await _db.Users.TryInsertAsync(user, Ct);
        await _db.Tokens.InsertAsync(new RefreshTokenRow("t1", user.Id, "f1", new byte[32], "s", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), Ct);
        await using var c = await _db.Database.OpenAsync(Ct);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync("DELETE FROM users WHERE id = @Id", new { user.Id }));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _db.Tokens.InsertAsync(new RefreshTokenRow("t2", "ghost", "f1", new byte[31], "s", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), Ct));
    }
}
