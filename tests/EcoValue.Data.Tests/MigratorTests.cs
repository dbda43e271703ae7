using Dapper;
using EcoValue.Data.Migrations;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

public sealed class MigratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-data-test-").FullName;

    private SqliteDatabase Db => new(_dir);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task MigrateAsync_emptyDatabase_appliesEveryStep_thenIsANoOp()
    {
        Assert.Equal(0, await Migrator.CurrentVersionAsync(Db, Ct));
        Assert.Equal(SqliteSchema.Migrations.Count, await Migrator.MigrateAsync(Db, SqliteSchema.Migrations, Ct));
        Assert.Equal(SqliteSchema.Migrations.Count, await Migrator.CurrentVersionAsync(Db, Ct));
        Assert.Equal(0, await Migrator.MigrateAsync(Db, SqliteSchema.Migrations, Ct));
    }

    [Fact]
    public async Task MigrateAsync_twoProcessesAtOnce_applyEachStepOnce()
    {
        var results = await Task.WhenAll(
            Migrator.MigrateAsync(new SqliteDatabase(_dir), SqliteSchema.Migrations, Ct),
            Migrator.MigrateAsync(new SqliteDatabase(_dir), SqliteSchema.Migrations, Ct));
        Assert.Equal(SqliteSchema.Migrations.Count, results.Sum());
        await using var c = await Db.OpenAsync(Ct);
        Assert.Equal(SqliteSchema.Migrations.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_failingStep_rollsBackThatStepOnly()
    {
        Migration[] broken = [SqliteSchema.Migrations[0], new(2, "broken", "CREATE TABLE ok_before_failure (x INTEGER); SELECT no_such_function();")];
        await Assert.ThrowsAsync<SqliteException>(() => Migrator.MigrateAsync(Db, broken, Ct));
        Assert.Equal(1, await Migrator.CurrentVersionAsync(Db, Ct));
        await using var c = await Db.OpenAsync(Ct);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM sqlite_master WHERE name = 'ok_before_failure'"));
    }

    [Fact]
    public async Task MigrateAsync_gapInVersions_isRefused() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(Db, [new(2, "x", "SELECT 1")], Ct));

    [Fact]
    public async Task Records_areAppendOnly_andJoinOneBatchOnce()
    {
        await Migrator.MigrateAsync(Db, SqliteSchema.Migrations, Ct);
        await using var c = await Db.OpenAsync(Ct);
        var hash = new byte[32];
        hash[0] = 1;
        await c.ExecuteAsync("""
            INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at)
            VALUES ('r1', 'batch', 'batch:1', 'user:1', '2026-11-23T00:00:00.000Z', X'7B7D', @hash, '2026-11-23T00:00:00.000Z')
            """, new { hash });
        await c.ExecuteAsync("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now')", new { root = hash });
        await c.ExecuteAsync("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now')", new { root = new byte[32] });

        var edit = await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("UPDATE records SET envelope = X'7B2261223A317D' WHERE id = 'r1'"));
        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("DELETE FROM records WHERE id = 'r1'"));

        Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET batch_id = 1, leaf_index = 0 WHERE id = 'r1'"));
        var again = await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("UPDATE records SET batch_id = 2 WHERE id = 'r1'"));
        Assert.Contains("exactly one anchor batch", again.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync(
            "INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at) VALUES ('r2','k','s','a','t',X'00',X'01','t')"));
    }
}
