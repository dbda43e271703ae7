using Dapper;
using EcoValue.Data.Migrations;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

public sealed class MigratorTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-data-test-").FullName;

    private Database Db => TestDatabases.ForDirectory(_dir, migrated: false);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task MigrateAsync_emptyDatabase_appliesEveryStep_thenIsANoOp()
    {
        Assert.Equal(0, await Migrator.CurrentVersionAsync(Db, Ct));
        Assert.Equal(Db.Schema.Count, await Migrator.MigrateAsync(Db, Db.Schema, Ct));
        Assert.Equal(Db.Schema.Count, await Migrator.CurrentVersionAsync(Db, Ct));
        Assert.Equal(0, await Migrator.MigrateAsync(Db, Db.Schema, Ct));
    }

    [Fact]
    public async Task MigrateAsync_twoProcessesAtOnce_applyEachStepOnce()
    {
        var schema = Db.Schema; // creates the (empty) database
        var results = await Task.WhenAll(
            Migrator.MigrateAsync(TestDatabases.Another(_dir), schema, Ct),
            Migrator.MigrateAsync(TestDatabases.Another(_dir), schema, Ct));
        Assert.Equal(Db.Schema.Count, results.Sum());
        await using var c = await Db.OpenAsync(Ct);
        Assert.Equal(Db.Schema.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_failingStep_rollsBackThatStepOnly()
    {
        Migration[] broken = [Db.Schema[0], new(2, "broken", "CREATE TABLE ok_before_failure (x INTEGER); SELECT no_such_function();")];
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Migrator.MigrateAsync(Db, broken, Ct));
        Assert.Equal(1, await Migrator.CurrentVersionAsync(Db, Ct));
        await using var c = await Db.OpenAsync(Ct);
        Assert.False(await Db.TableExistsAsync(c, "ok_before_failure", Ct));
    }

    [Fact]
    public async Task MigrateAsync_gapInVersions_isRefused() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(Db, [new(2, "x", "SELECT 1")], Ct));

    [Fact]
    public async Task Records_areAppendOnly_andJoinOneBatchOnce()
    {
        await Migrator.MigrateAsync(Db, Db.Schema, Ct);
        await using var c = await Db.OpenAsync(Ct);
        var hash = new byte[32];
        hash[0] = 1;
        await c.ExecuteAsync("""
            INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at)
            VALUES ('r1', 'batch', 'batch:1', 'user:1', '2026-11-23T00:00:00.000Z', @envelope, @hash, '2026-11-23T00:00:00.000Z')
            """, new { hash, envelope = "{}"u8.ToArray() });
        await c.ExecuteAsync("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now')", new { root = hash });
        await c.ExecuteAsync("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now')", new { root = new byte[32] });

        var edit = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = 'r1'", new { e = "{\"a\":1}"u8.ToArray() }));
        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync("DELETE FROM records WHERE id = 'r1'"));

        Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET batch_id = 1, leaf_index = 0 WHERE id = 'r1'"));
        var again = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync("UPDATE records SET batch_id = 2 WHERE id = 'r1'"));
        Assert.Contains("exactly one anchor batch", again.Message, StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(
            "INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at) VALUES ('r2','k','s','a','t',@e,@h,'t')", new { e = new byte[1], h = new byte[] { 1 } }));
    }
}
