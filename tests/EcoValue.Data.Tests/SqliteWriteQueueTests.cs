using Dapper;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

/// <summary>
/// <see cref="SqliteDatabase.WriteAsync"/>: one writer per file, several writes per commit, and each write still all
/// or nothing on its own. Run against a real SQLite file with many writes in flight at once, as the service sees them.
/// </summary>
public sealed class SqliteWriteQueueTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-write-queue-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<SqliteDatabase> DatabaseAsync(bool backgroundCheckpoints = false)
    {
        var db = new SqliteDatabase(_dir, backgroundCheckpoints);
        await db.WriteAsync((c, tx) => c.ExecuteAsync("CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, note TEXT NOT NULL UNIQUE)", transaction: tx), Ct);
        return db;
    }

    private static Task<int> InsertAsync(SqliteDatabase db, int n, string? note = null, bool thenFail = false) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO t (n, note) VALUES (@n, @note)", new { n, note = note ?? $"row {n}" }, tx);
            return thenFail ? throw new InvalidOperationException($"write {n} gave up after its insert") : n;
        }, Ct);

    private static async Task<List<long>> RowsAsync(SqliteDatabase db)
    {
        await using var c = await db.OpenAsync(Ct);
        return [.. await c.QueryAsync<long>("SELECT n FROM t ORDER BY n")];
    }

    [Fact]
    public async Task ManyConcurrentWrites_allCommit_eachExactlyOnce()
    {
        var db = await DatabaseAsync();
        var results = await Task.WhenAll(Enumerable.Range(1, 500).Select(n => Task.Run(() => InsertAsync(db, n), Ct)));
        Assert.Equal(Enumerable.Range(1, 500), results.Order());
        Assert.Equal(Enumerable.Range(1, 500).Select(n => (long)n), await RowsAsync(db));
    }

    [Fact]
    public async Task AWriteThatThrows_isRolledBackAlone_andItsCallerGetsTheException_whileTheOthersInItsCommitLand()
    {
        var db = await DatabaseAsync();
        var writes = Enumerable.Range(1, 200).Select(n => Task.Run(() => InsertAsync(db, n, thenFail: n % 5 == 0), Ct)).ToList();
        foreach (var (write, n) in writes.Select((w, i) => (w, i + 1)))
        {
            if (n % 5 == 0)
            {
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write);
                Assert.Contains($"write {n} gave up", error.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(n, await write);
            }
        }

        Assert.Equal(Enumerable.Range(1, 200).Where(n => n % 5 != 0).Select(n => (long)n), await RowsAsync(db));
    }

    [Fact]
    public async Task AConstraintViolation_failsOnlyThatWrite()
    {
        var db = await DatabaseAsync();
        var writes = Enumerable.Range(1, 100).Select(n => Task.Run(() => InsertAsync(db, n, note: n == 50 ? "row 49" : null), Ct)).ToList();
        var failed = 0;
        foreach (var write in writes)
        {
            try
            {
                await write;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                failed++;
            }
        }

        // Rows 49 and 50 both claim note "row 49": whichever came second failed, alone.
        Assert.Equal(1, failed);
        Assert.Equal(99, (await RowsAsync(db)).Count);
    }

    [Fact]
    public async Task AWriteCancelledBeforeItRuns_writesNothing()
    {
        var db = await DatabaseAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO t (n, note) VALUES (1, 'x')", transaction: tx), cancelled.Token));
        Assert.Empty(await RowsAsync(db));
    }

    [Fact]
    public async Task WithBackgroundCheckpoints_commitsLeaveTheWal_untilCheckpointAndRestartCopyItAndStartItOver()
    {
        var db = await DatabaseAsync(backgroundCheckpoints: true);
        // Held open (and having read, so it holds its shared lock) throughout: other test classes clear the
        // connection pools as they finish, and a closing connection that finds no other lock holder checkpoints and
        // removes the WAL, which would hide what this test looks at.
        await using var keepOpen = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.FilePath, Pooling = false }.ToString());
        await keepOpen.OpenAsync(Ct);
        await keepOpen.ExecuteScalarAsync<long>("SELECT count(*) FROM t");
        for (var n = 1; n <= 600; n++)
        {
            await InsertAsync(db, n, note: new string('x', 8000) + n);
        }

        // No automatic checkpoint ran in a commit (it would have at 1,000 pages and let the WAL start over).
        var (walPages, copied) = await db.CheckpointAsync(Ct);
        Assert.True(walPages > 1_000, $"WAL has {walPages} pages");
        Assert.Equal(walPages, copied);

        await db.RestartWalAsync(Ct);
        await InsertAsync(db, 601);
        var (after, _) = await db.CheckpointAsync(Ct);
        Assert.True(after < 10, $"the WAL started over, but has {after} pages");
        Assert.Equal(601, (await RowsAsync(db)).Count);
    }
}
