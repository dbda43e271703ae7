using EcoValue.Data.Chain;
using EcoValue.Data.Migrations;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

public sealed class ChainDeploymentRepositoryTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-data-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    private static ChainDeploymentRow Row(string address, byte fill) =>
        new(31337, "AnchorRegistry", address, Enumerable.Repeat(fill, 32).ToArray(), Enumerable.Repeat((byte)2, 32).ToArray(), 7, Enumerable.Repeat((byte)3, 32).ToArray(), "2026-11-23T00:00:00.000Z");

    [Fact]
    public async Task SaveAsync_thenGet_roundTrips_andRedeployReturnsThePrevious()
    {
        var db = TestDatabases.ForDirectory(_dir, migrated: false);
        await Migrator.MigrateAsync(db, db.Schema, Ct);
        var repo = new ChainDeploymentRepository(db);
        Assert.Null(await repo.GetAsync(31337, "AnchorRegistry", Ct));

        var first = Row("0x5fbdb2315678afecb367f032d93f642f64180aa3", 1);
        Assert.Null(await repo.SaveAsync(first, Ct));
        var stored = await repo.GetAsync(31337, "AnchorRegistry", Ct);
        Assert.NotNull(stored);
        Assert.Equal(first.Address, stored.Address);
        Assert.Equal(first.CodeHash, stored.CodeHash);
        Assert.Equal(first.GenesisHash, stored.GenesisHash);
        Assert.Equal(7, stored.DeployBlock);

        var second = Row("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", 9);
        var previous = await repo.SaveAsync(second, Ct);
        Assert.Equal(first.Address, previous!.Address);
        Assert.Equal(second.Address, (await repo.GetAsync(31337, "AnchorRegistry", Ct))!.Address);
        Assert.Single(await repo.ListAsync(31337, Ct));
        Assert.Empty(await repo.ListAsync(1, Ct));
    }
}
