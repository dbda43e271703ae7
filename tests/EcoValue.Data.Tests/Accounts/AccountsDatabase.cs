using EcoValue.Data.Accounts;
using EcoValue.Data.Migrations;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests.Accounts;

/// <summary>A migrated temp database (on the backend under test, TestDatabases) with the account repositories and a UserAccounts on a hand-moved clock.</summary>
public sealed class AccountsDatabase : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-accounts-test-").FullName;

    public AccountsDatabase()
    {
        Database = TestDatabases.ForDirectory(_dir, migrated: false);
        Users = new UserRepository(Database);
        Tokens = new RefreshTokenRepository(Database);
        Accounts = new UserAccounts(Users, Tokens, new PasswordHasher(iterations: 1000), LockoutPolicy.Default, Clock);
    }

    public Database Database { get; }

    public UserRepository Users { get; }

    public RefreshTokenRepository Tokens { get; }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public UserAccounts Accounts { get; }

    public async ValueTask InitializeAsync() => await Migrator.MigrateAsync(Database, Database.Schema, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
