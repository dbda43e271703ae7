using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EcoValue.Data.Tests;

/// <summary>
/// <see cref="SqliteDatabase.ReadPreparedAsync{T}"/>: the scan answer's read on reader connections that keep their
/// statements prepared (docs/peers.md, "Scan verify"). Against a real SQLite file, many reads at once.
/// </summary>
[Trait("Backend", "sqlite")]
public sealed class SqliteReadersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-readers-test-").FullName;
    private readonly List<SqliteDatabase> _opened = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var db in _opened)
        {
            db.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<SqliteDatabase> DatabaseAsync()
    {
        var db = new SqliteDatabase(_dir);
        _opened.Add(db);
        await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL, x REAL NULL)", transaction: tx);
            await c.ExecuteAsync("INSERT INTO t (k, n, x) VALUES (@k, @n, @x)", Enumerable.Range(0, 100).Select(n => new { k = $"k{n:D3}", n, x = n % 2 == 0 ? (double?)n / 4 : null }), tx);
            return 0;
        }, Ct);
        return db;
    }

    private static Task<List<(long N, double? X)>> ReadAsync(SqliteDatabase db, string sql, params SqlArg[] args) =>
        db.ReadPreparedAsync(sql, args, rows =>
        {
            var found = new List<(long, double?)>();
            while (rows.Read())
            {
                found.Add((rows.GetInt64(0), rows.IsNull(1) ? null : rows.GetDouble(1)));
            }

            return found;
        }, Ct);

    [Fact]
    public async Task ManyReadsAtOnce_answerEachItsOwnBinding_onAFewReaders()
    {
        var db = await DatabaseAsync();
        const string Sql = "SELECT n, x FROM t WHERE k = @k";
        var answers = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(() => ReadAsync(db, Sql, new SqlArg("@k", $"k{i % 100:D3}")), Ct)));
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal([((long)(i % 100), i % 2 == 0 ? (double?)(i % 100) / 4 : null)], answers[i]);
        }

        Assert.Empty(await ReadAsync(db, Sql, new SqlArg("@k", "none")));
        Assert.InRange(db.Readers.Opened, 1, 2_000 / 10);
    }

    [Fact]
    public async Task AKeptStatement_isNotCompiledAgainForEachBinding_unlessItsPlanReadsOne()
    {
        var db = await DatabaseAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.Single(await ReadAsync(db, "SELECT n, x FROM t WHERE k = @k LIMIT 5", new SqlArg("@k", $"k{i:D3}")));
        }

        Assert.Equal(0, db.Readers.Recompiles);

        // The trap the item read avoids (ItemRepository writes its limit into the text): SQLite reads a bound LIMIT
        // while planning, so every new binding recompiles the statement. This shows the counter sees it.
        for (var i = 0; i < 50; i++)
        {
            Assert.Single(await ReadAsync(db, "SELECT n, x FROM t WHERE k = @k LIMIT @limit", new SqlArg("@k", $"k{i:D3}"), new SqlArg("@limit", 5L)));
        }

        Assert.True(db.Readers.Recompiles >= 40, $"recompiles: {db.Readers.Recompiles}");
    }

    [Fact]
    public async Task AReader_neverWrites_andHoldsNoSnapshotOnceItsReadIsDone()
    {
        var db = await DatabaseAsync();
        var refused = await Assert.ThrowsAsync<SqliteException>(() => db.ReadPreparedAsync("DELETE FROM t RETURNING n", [], rows => rows.Read(), Ct));
        Assert.Contains("readonly", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(100, (await ReadAsync(db, "SELECT n, x FROM t")).Count);

        // A read left open would pin its snapshot and a TRUNCATE checkpoint could not finish (busy = 1).
        await ReadAsync(db, "SELECT n, x FROM t WHERE k = @k", new SqlArg("@k", "k001"));
        await db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE t SET n = n + 1000 WHERE k = 'k001'", transaction: tx), Ct);
        await using (var c = await db.OpenAsync(Ct))
        {
            var (busy, _, _) = await c.QuerySingleAsync<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");
            Assert.Equal(0, busy);
        }

        Assert.Equal([(1001L, (double?)null)], await ReadAsync(db, "SELECT n, x FROM t WHERE k = @k", new SqlArg("@k", "k001")));
    }

    [Fact]
    public async Task BadCalls_areRefusedWithAClearError()
    {
        var db = await DatabaseAsync();
        Assert.Contains("@nope", (await Assert.ThrowsAsync<ArgumentException>(() => ReadAsync(db, "SELECT n, x FROM t WHERE k = @k", new SqlArg("@nope", "k")))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => ReadAsync(db, "SELECT n, x FROM t; SELECT 1, 2"));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadAsync(db, "SELECT n, x FROM t WHERE k = @k", new SqlArg("@k", new object())));
        await Assert.ThrowsAsync<SqliteException>(() => ReadAsync(db, "SELECT n, x FROM missing"));
        // A failed call's reader is closed, not kept: the next read opens another and answers.
        var opened = db.Readers.Opened;
        Assert.Single(await ReadAsync(db, "SELECT n, x FROM t WHERE k = @k", new SqlArg("@k", "k002")));
        Assert.Equal(opened + 1, db.Readers.Opened);
        db.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ReadAsync(db, "SELECT n, x FROM t"));
    }

    [Fact]
    public async Task SqliteKeepsNoMemoryStatistics_soItsAllocationsTakeNoProcessWideLock()
    {
        // The test assembly's module initializer configures SQLite before anything else uses it, as the service's
        // first SqliteDatabase does (SqliteRuntime).
        var db = await DatabaseAsync();
        Assert.Equal(100, (await ReadAsync(db, "SELECT n, x FROM t")).Count);
        Assert.True(SqliteRuntime.MemoryStatisticsOff);
        Assert.Equal(0, raw.sqlite3_memory_used());
    }
}
