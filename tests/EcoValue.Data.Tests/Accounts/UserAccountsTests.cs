using EcoValue.Data.Accounts;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Tests.Accounts;

public sealed class UserAccountsTests : IAsyncLifetime
{
    private readonly AccountsDatabase _db = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private Task<UserAccount> CreateAsync(string username = "buyer.one", string role = Roles.Buyer, string? producer = null) =>
        _db.Accounts.CreateAsync(new NewUser(username, "long enough password", role, producer), Ct);

    [Fact]
    public async Task Create_storesAHashNeverThePassword_andAUuidV7Id()
    {
        var user = await CreateAsync();
        Assert.StartsWith("pbkdf2-sha256$1000$", user.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain("long enough", user.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(7, Guid.Parse(user.Id).Version);
        Assert.Equal(_db.Clock.GetUtcNow(), user.CreatedAt);
        Assert.DoesNotContain(user.PasswordHash, user.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(user.SecurityStamp, user.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_collectsEveryFieldError_andTakenNamesConflict()
    {
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => _db.Accounts.CreateAsync(new NewUser("x", "short", "farmer"), Ct));
        Assert.Equal(["password", "producerId", "username"], e.Errors.Select(x => x.Field).Order(StringComparer.Ordinal));
        await CreateAsync("Same.Name");
        await Assert.ThrowsAsync<UsernameTakenException>(() => CreateAsync("same.NAME"));
    }

    [Fact]
    public async Task Create_farmer_checksTheProducerWhenADirectoryIsGiven()
    {
        var accounts = new UserAccounts(_db.Users, _db.Tokens, new PasswordHasher(1000), LockoutPolicy.Default, _db.Clock, new Producers("p-known"));
        await accounts.CreateAsync(new NewUser("farmer.a", "long enough password", Roles.Farmer, "p-known"), Ct);
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => accounts.CreateAsync(new NewUser("farmer.b", "long enough password", Roles.Farmer, "p-unknown"), Ct));
        Assert.Equal("producer.unknown", Assert.Single(e.Errors).Code);
    }

    [Fact]
    public async Task SignIn_locksAfterFiveFailures_forFifteenMinutes_onTheClock()
    {
        var user = await CreateAsync();
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(SignInOutcome.InvalidCredentials, (await _db.Accounts.SignInAsync("buyer.one", "wrong password", Ct)).Outcome);
        }

        Assert.Equal(SignInOutcome.LockedOut, (await _db.Accounts.SignInAsync("buyer.one", "wrong password", Ct)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await _db.Accounts.SignInAsync("buyer.one", "long enough password", Ct)).Outcome);
        Assert.Equal(_db.Clock.GetUtcNow().AddMinutes(15), (await _db.Accounts.FindAsync(user.Id, Ct))!.LockedUntil);

        _db.Clock.Advance(TimeSpan.FromMinutes(15));
        var ok = await _db.Accounts.SignInAsync("BUYER.ONE", "long enough password", Ct);
        Assert.Equal(SignInOutcome.Success, ok.Outcome);
        Assert.Equal(user.Id, ok.User!.Id);
        var after = (await _db.Accounts.FindAsync(user.Id, Ct))!;
        Assert.Equal((0, (DateTimeOffset?)null), (after.FailedLogins, after.LockedUntil));
    }

    [Theory]
    [InlineData(null, "long enough password")]
    [InlineData("nobody", "long enough password")]
    [InlineData("buyer.one", null)]
    public async Task SignIn_unknownOrMissing_isInvalidCredentials(string? username, string? password)
    {
        await CreateAsync();
        Assert.Equal(new SignInResult(SignInOutcome.InvalidCredentials, null), await _db.Accounts.SignInAsync(username, password, Ct));
    }

    [Fact]
    public async Task SignIn_illFormedUsername_isInvalidCredentials_notAnException()
    {
        await CreateAsync();
        Assert.Equal(SignInOutcome.InvalidCredentials, (await _db.Accounts.SignInAsync("buyer.one" + '\uD800', "long enough password", Ct)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await _db.Accounts.SignInAsync("buyer.one", "long enough password" + '\uDC00', Ct)).Outcome);
    }

    [Fact]
    public async Task Disable_changesTheStamp_revokesRefreshTokens_raisesChanged_andRefusesSignIn()
    {
        var user = await CreateAsync();
        await _db.Tokens.InsertAsync(new RefreshTokenRow("t1", user.Id, "f", new byte[32], user.SecurityStamp, _db.Clock.GetUtcNow(), _db.Clock.GetUtcNow().AddDays(1)), Ct);
        var changed = new List<string>();
        _db.Accounts.Changed += changed.Add;

        var disabled = await _db.Accounts.DisableAsync(user.Id, Ct);
        Assert.True(disabled!.Disabled);
        Assert.NotEqual(user.SecurityStamp, disabled.SecurityStamp);
        Assert.NotNull((await _db.Tokens.ListFamilyAsync("f", Ct))[0].RevokedAt);
        Assert.Equal(SignInOutcome.Disabled, (await _db.Accounts.SignInAsync("buyer.one", "long enough password", Ct)).Outcome);

        var enabled = await _db.Accounts.EnableAsync(user.Id, Ct);
        Assert.Equal((false, disabled.SecurityStamp), (enabled!.Disabled, enabled.SecurityStamp));
        Assert.Equal([user.Id, user.Id], changed);
        Assert.Null(await _db.Accounts.DisableAsync("nope", Ct));
    }

    [Fact]
    public async Task ResetPassword_checksThePolicy_newStamp_clearsLockout()
    {
        var user = await CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await _db.Accounts.SignInAsync("buyer.one", "wrong password", Ct);
        }

        await Assert.ThrowsAsync<DomainValidationException>(() => _db.Accounts.ResetPasswordAsync(user.Id, "Buyer.One", Ct));
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var reset = await _db.Accounts.ResetPasswordAsync(user.Id, "another good password", Ct);
        Assert.Equal((0, (DateTimeOffset?)null, _db.Clock.GetUtcNow()), (reset!.FailedLogins, reset.LockedUntil, reset.PasswordChangedAt));
        Assert.NotEqual(user.SecurityStamp, reset.SecurityStamp);
        Assert.Equal(SignInOutcome.Success, (await _db.Accounts.SignInAsync("buyer.one", "another good password", Ct)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await _db.Accounts.SignInAsync("buyer.one", "long enough password", Ct)).Outcome);
    }

    private sealed class Producers(params string[] known) : IProducerDirectory
    {
        public Task<bool> ExistsAsync(string producerId, CancellationToken ct) => Task.FromResult(known.Contains(producerId));
    }
}
