using EcoValue.Data.Migrations;
using EcoValue.Data.Records;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

public sealed class RecordRepositoryTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-data-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<RecordRepository> RepoAsync()
    {
        var db = TestDatabases.ForDirectory(_dir, migrated: false);
        await Migrator.MigrateAsync(db, db.Schema, Ct);
        return new RecordRepository(db);
    }

    private static RecordRow Row(int i) =>
        new($"rec-{i}", "batch", $"batch:{i % 3}", "user:farmer", "2026-11-23T08:00:00.000Z", System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{i}},"名":"白沙"}"""), [.. Enumerable.Repeat((byte)i, 31), 0xaa]);

    [Fact]
    public async Task AppendAsync_storesExactBytes_inOrder_pendingUntilBatched()
    {
        var repo = await RepoAsync();
        var seqs = await repo.AppendAsync([Row(1), Row(2), Row(3)], Ct);
        Assert.Equal(3, seqs.Count);
        Assert.True(seqs[0] < seqs[1] && seqs[1] < seqs[2]);

        var stored = await repo.GetByIdAsync("rec-2", Ct);
        Assert.NotNull(stored);
        Assert.Equal(Row(2).Envelope, stored.Envelope);
        Assert.Equal(Row(2).RecordHash, stored.RecordHash);
        Assert.Null(stored.BatchId);
        Assert.Equal(["rec-1", "rec-2"], (await repo.ListPendingAsync(2, Ct)).Select(r => r.Id));
        Assert.Null(await repo.GetByIdAsync("rec-404", Ct));
    }

    [Fact]
    public async Task AppendAsync_duplicateHashInBatch_writesNothing()
    {
        var repo = await RepoAsync();
        var clash = Row(5) with { Id = "other" };
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => repo.AppendAsync([Row(4), Row(5), clash], Ct));
        Assert.Empty(await repo.ListPendingAsync(10, Ct));
    }

    [Fact]
    [Trait("Backend", "sqlite")] // SQLite's query plan; PostgreSQL plans by statistics
    public async Task PendingHashes_areReadFromTheCoveringIndex_notTheRecordRows()
    {
        var repo = await RepoAsync();
        await repo.AppendAsync([Row(1), Row(2)], Ct);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "ecovalue.db"), Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + RecordRepository.PendingHashesSql;
        explain.Parameters.AddWithValue("@limit", 10);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Equal(["SCAN records USING COVERING INDEX records_pending"], plan);
        Assert.Equal([Row(1).RecordHash, Row(2).RecordHash], (await repo.ListPendingHashesAsync(10, Ct)).Select(r => r.RecordHash));
    }
}
