using Dapper;
using EcoValue.Data.Migrations;
using EcoValue.Testing;
using Npgsql;

namespace EcoValue.Data.Tests;

/// <summary>
/// What <see cref="PostgresDatabase"/> adds over plain Npgsql, on a real server: writers serialized across instances
/// (two database objects, as two processes), leases that pass to another instance when the holder's session ends,
/// unique violations read as SQLite's, and a database whose text order is not byte order refused before migrating.
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-pgdb-test-").FullName;
    private readonly List<string> _extraDatabases = [];
    private readonly List<PostgresDatabase> _opened = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _opened)
        {
            await db.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable(TestDatabases.ServerVariable) is { Length: > 0 } server)
        {
            await TestDatabases.DropAsync(_dir);
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            foreach (var name in _extraDatabases)
            {
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }

        Directory.Delete(_dir, recursive: true);
    }

    // Two independent database objects over the test's database: what two service instances hold.
    private (PostgresDatabase First, PostgresDatabase Second) TwoInstances()
    {
        _ = TestDatabases.PostgresServer();
        Assert.SkipUnless(TestDatabases.IsPostgres, $"runs in the PostgreSQL pass ({TestDatabases.BackendVariable}=postgres)");
        var name = ((PostgresDatabase)TestDatabases.ForDirectory(_dir)).DatabaseName;
        var pair = (new PostgresDatabase(TestDatabases.ConnectionString(name)), new PostgresDatabase(TestDatabases.ConnectionString(name)));
        _opened.Add(pair.Item1);
        _opened.Add(pair.Item2);
        return pair;
    }

    [Fact]
    public async Task Writes_ofTwoInstances_runOneAfterTheOther()
    {
        var (first, second) = TwoInstances();
        var inFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var a = first.WriteAsync(async (c, tx) =>
        {
            order.Enqueue("first begins");
            inFirst.SetResult();
            await release.Task;
            order.Enqueue("first commits");
            return 0;
        }, Ct);
        await inFirst.Task;
        var b = second.WriteAsync(async (c, tx) =>
        {
            order.Enqueue("second begins");
            // Sees the first write's effects: it began only after the first committed.
            return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", transaction: tx));
        }, Ct);

        // The second instance's write waits on the lock while the first is open.
        await Task.Delay(500, Ct);
        Assert.False(b.IsCompleted, "the second write ran while the first held the write lock");
        release.SetResult();
        await Task.WhenAll(a, b);
        Assert.Equal(["first begins", "first commits", "second begins"], order);
    }

    [Fact]
    public async Task ConcurrentWrites_commitTogether_andAFailingOneIsRolledBackAlone()
    {
        var (first, _) = TwoInstances();
        await first.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("CREATE TABLE t (n bigint PRIMARY KEY)", transaction: tx)), Ct);
        var writes = Enumerable.Range(0, 40).Select(n => first.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO t (n) VALUES (@n)", new { n }, tx));
            if (n == 7)
            {
                throw new InvalidOperationException("the caller's own failure after its insert");
            }

            if (n == 13)
            {
                // A statement the server refuses: the transaction is unusable until its savepoint is rolled back.
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO t (n) VALUES (0)", transaction: tx));
            }

            return n;
        }, Ct)).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (await w).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e)
            {
                return e.GetType().Name;
            }
        }));
        Assert.Equal("InvalidOperationException", outcomes[7]);
        Assert.Equal("PostgresException", outcomes[13]);
        await using var read = await first.OpenAsync(Ct);
        var stored = (await read.QueryAsync<long>("SELECT n FROM t ORDER BY n")).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Where(n => n is not 7 and not 13).Select(n => (long)n), stored);
        Assert.True(first.WritesQueued >= 41);
    }

    [Fact]
    public async Task ALease_isHeldByOneInstance_andPassesOnWhenTheHoldersSessionEnds()
    {
        var (first, second) = TwoInstances();
        var lease = await first.TryAcquireLeaseAsync("anchoring", Ct);
        Assert.NotNull(lease);
        Assert.Null(await second.TryAcquireLeaseAsync("anchoring", Ct));
        Assert.Null(await first.TryAcquireLeaseAsync("anchoring", Ct)); // not reentrant
        await using (var other = await second.TryAcquireLeaseAsync("relayer", Ct))
        {
            Assert.NotNull(other); // another role is another lock
        }

        // A clean hand-back.
        await lease.DisposeAsync();
        lease = await second.TryAcquireLeaseAsync("anchoring", Ct);
        Assert.NotNull(lease);
        Assert.True(await lease.IsHeldAsync(Ct));

        // The holder's session dies (as when its process is killed or its connection cut): the server releases the lock,
        // the holder learns it lost the lease, and the other instance takes it.
        await using (var c = await first.OpenAsync(Ct))
        {
            var killed = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = @key
                """, new { key = PostgresDatabase.LeaseKey("anchoring") }, cancellationToken: Ct));
            Assert.Equal(1, killed);
        }

        Assert.False(await lease.IsHeldAsync(Ct));
        await lease.DisposeAsync();
        await using var taken = await first.TryAcquireLeaseAsync("anchoring", Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task AUniqueViolation_namesTheKey_asSqlitesMessageDoes()
    {
        var (first, _) = TwoInstances();
        await using var c = await first.OpenAsync(Ct);
        const string Insert = """
            INSERT INTO users (id, username, username_key, password_hash, role, created_at, password_changed_at, security_stamp)
            VALUES (@id, 'Admin', 'admin', 'h', 'admin', 't', 't', 's')
            """;
        await c.ExecuteAsync(Insert, new { id = "u1" });
        var duplicateName = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(Insert, new { id = "u2" }));
        Assert.True(first.IsUniqueViolation(duplicateName, out var detail));
        Assert.Equal("UNIQUE constraint failed: users.username_key", detail);
        var duplicateId = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(Insert.Replace("'admin', 'h'", "'admin2', 'h'", StringComparison.Ordinal), new { id = "u1" }));
        Assert.True(first.IsUniqueViolation(duplicateId, out detail));
        Assert.Equal("UNIQUE constraint failed: users.id", detail);
        // Not every error is one.
        var other = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("INSERT INTO users (id) VALUES ('u3')"));
        Assert.False(first.IsUniqueViolation(other, out detail));
        Assert.Empty(detail);
    }

    [Fact]
    public async Task ADatabaseSortingByIcuRules_isRefusedBeforeAnyStep()
    {
        var server = TestDatabases.PostgresServer();
        var name = "t_icu_" + Guid.NewGuid().ToString("N")[..12];
        _extraDatabases.Add(name);
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(Ct);
            // datcollate still reads C.UTF-8, but text sorts by ICU's root collation.
            await admin.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'und' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
        }

        var db = new PostgresDatabase(TestDatabases.ConnectionString(name));
        _opened.Add(db);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(db, db.Schema, Ct));
        Assert.Contains("provider icu", refused.Message, StringComparison.Ordinal);
        Assert.Contains("LOCALE_PROVIDER libc", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Migrator.CurrentVersionAsync(db, Ct));
    }
}
