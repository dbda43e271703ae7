using System.Data.Common;
using Npgsql;

namespace EcoValue.Data;

/// <summary>
/// The scale-out database (issue 9, docs/deploy.md): one PostgreSQL database that several service instances share.
/// Reads go through Npgsql's pool. Writes keep the embedded backend's contract: each <see cref="WriteAsync"/> is one
/// transaction, and writers are serialized, across every instance, by one transaction-scoped advisory lock taken
/// first thing in the transaction. Repositories rely on that order (read-then-write checks such as a registry
/// record's current version or an issuance's bounds), so they behave on PostgreSQL exactly as they do on SQLite.
/// </summary>
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    /// <summary>PostgreSQL's unique_violation (class 23, integrity constraint violation).</summary>
    private const string UniqueViolationState = "23505";

    /// <summary>
    /// The advisory lock key every write transaction takes: "EcoWrite" read as a big-endian 64-bit integer, so it does
    /// not collide with another application's small integer keys on a shared server. The anchoring leader's lock
    /// (issue 9) is a different key.
    /// </summary>
    public const long WriteLockKey = 0x45636F5772697465;

    private readonly NpgsqlDataSource _source;

    // Kept for the lease's own connection (the data source's ConnectionString omits the password).
    private readonly string _connectionString;

    // This instance's writes queue here and commit in groups (WriteQueue): each group is one transaction holding the
    // advisory lock, so concurrent writes share one commit and one WAL flush rather than each waiting for its own.
    private readonly WriteQueue<NpgsqlConnection, NpgsqlTransaction> _writes;

    private readonly Lock _constraintsLock = new();
    private Dictionary<string, string> _uniqueColumns = new(StringComparer.Ordinal);

    /// <param name="connectionString">An Npgsql connection string (Host, Port, Username, Password, Database, …).</param>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("the PostgreSQL connection string must name a Database", nameof(connectionString));
        }

        DatabaseName = builder.Database;
        _connectionString = builder.ConnectionString;
        _source = NpgsqlDataSource.Create(builder);
        _writes = new WriteQueue<NpgsqlConnection, NpgsqlTransaction>(
            async ct => await _source.OpenConnectionAsync(ct).ConfigureAwait(false),
            c => BeginLockedTransactionAsync(c, CancellationToken.None));
    }

    /// <summary>The database's name (from the connection string).</summary>
    public string DatabaseName { get; }

    /// <summary>The provider name configuration spells (<c>EcoValue:Database:Provider</c>) and /healthz reports.</summary>
    public const string ProviderName = "postgres";

    /// <inheritdoc/>
    public override string Provider => ProviderName;

    /// <inheritdoc/>
    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <inheritdoc/>
    public override long WritesQueued => _writes.Queued;

    /// <summary>
    /// Runs <paramref name="body"/> in a READ COMMITTED transaction that first takes the write lock
    /// (<see cref="WriteLockKey"/>, released by the commit or rollback), through this instance's write queue: several
    /// queued writes share one transaction, each in its own savepoint, so one that fails is rolled back alone. Every
    /// statement after the lock sees every write committed before it, as SQLite's IMMEDIATE transaction does. If
    /// <paramref name="body"/> throws, its writes are rolled back and the exception rethrown here.
    /// </summary>
    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        return _writes.RunAsync((c, tx) => body(c, tx!), transactional: true, ct);
    }

    /// <summary>Begins a transaction on <paramref name="connection"/> holding the write lock (migrations use it too).</summary>
    internal static async Task<NpgsqlTransaction> BeginLockedTransactionAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx);
            command.Parameters.AddWithValue("key", WriteLockKey);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task<T> ReadPreparedAsync<T>(string sql, IReadOnlyList<SqlArg> args, Func<ISqlRows, T> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }

        // Npgsql keeps an explicitly prepared statement on the physical connection across pool rentals: the server
        // parses and plans it once per connection, not once per scan.
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        // The rows are read asynchronously first, so the callback's synchronous reads never wait on the socket.
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values);
        }

        return read(new BufferedRows(rows));
    }

    /// <summary><see cref="ISqlRows"/> over rows already read.</summary>
    private sealed class BufferedRows(List<object?[]> rows) : ISqlRows
    {
        private int _next;
        private object?[]? _row;

        public bool Read()
        {
            _row = _next < rows.Count ? rows[_next++] : null;
            return _row is not null;
        }

        public bool IsNull(int column) => Row[column] is null or DBNull;

        public string GetString(int column) => (string)Row[column]!;

        public long GetInt64(int column) => Convert.ToInt64(Row[column], System.Globalization.CultureInfo.InvariantCulture);

        public double GetDouble(int column) => Convert.ToDouble(Row[column], System.Globalization.CultureInfo.InvariantCulture);

        public bool IsBytes(int column) => Row[column] is byte[];

        public ReadOnlySpan<byte> GetBytes(int column) => (byte[])Row[column]!;

        private object?[] Row => _row ?? throw new InvalidOperationException("call Read first");
    }

    /// <inheritdoc/>
    public override SqlDialect Sql => SqlDialect.Postgres;

    /// <summary>
    /// A session advisory lock (key derived from <paramref name="name"/>) on a connection of its own, outside the pool:
    /// the server releases it when that session ends, so a process that dies (its socket closed by the kernel) hands
    /// the role over at once. While the connection answers, the lock is held.
    /// </summary>
    public override async Task<DatabaseLease?> TryAcquireLeaseAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = LeaseKey(name);
        // Not pooled: a pooled connection given back would keep the session, and the lock, alive in the pool.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if ((bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                return new SessionLease(key, connection);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>The advisory lock key of a lease: the first 8 bytes of SHA-256("ecovalue-lease:" + name), never <see cref="WriteLockKey"/>.</summary>
    public static long LeaseKey(string name) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("ecovalue-lease:" + name)));

    private sealed class SessionLease(long key, NpgsqlConnection connection) : DatabaseLease
    {
        public override async Task<bool> IsHeldAsync(CancellationToken ct)
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The session is gone (server restart, network), and the lock with it: another process may hold it now.
                return false;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                    command.Parameters.AddWithValue("key", key);
                    await command.ExecuteScalarAsync().ConfigureAwait(false);
                }
            }
            catch (NpgsqlException)
            {
                // Closing the session below releases it anyway.
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Migrations.Migration> Schema => Migrations.PostgresSchema.Migrations;

    /// <inheritdoc/>
    protected internal override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct) =>
        await BeginLockedTransactionAsync((NpgsqlConnection)connection, ct).ConfigureAwait(false);

    /// <inheritdoc/>
    protected internal override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("name", table);
        return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override async Task<string> PingAsync(CancellationToken ct)
    {
        await using var command = _source.CreateCommand("SHOW server_version");
        return (string)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>
    /// A unique or primary-key violation (SQLSTATE 23505). <paramref name="detail"/> reads as SQLite's message,
    /// <c>UNIQUE constraint failed: table.column[, table.column]</c>, built from the violated index's columns, so callers
    /// find the key that was hit the same way on both engines. (PostgreSQL's own detail text carries the duplicate
    /// value, which must not reach logs, and Npgsql redacts it anyway.)
    /// </summary>
    public override bool IsUniqueViolation(Exception e, out string detail)
    {
        if (e is PostgresException { SqlState: UniqueViolationState } p)
        {
            var columns = p.ConstraintName is { } name ? UniqueColumns(name) : null;
            detail = "UNIQUE constraint failed: " + (columns ?? $"{p.TableName} ({p.ConstraintName})");
            return true;
        }

        detail = string.Empty;
        return false;
    }

    /// <summary>
    /// Refuses a database whose text order is not byte order. Keyset pages, UUIDv7 ids and serials are compared and
    /// sorted as on SQLite (BINARY); a linguistic collation (en_US.UTF-8) would order them differently and skip or
    /// repeat rows across pages.
    /// </summary>
    protected internal override async Task CheckBeforeMigrationAsync(CancellationToken ct)
    {
        // PostgreSQL 15 added ICU as a database's default collation provider: its datcollate may still read "C.UTF-8"
        // while text sorts by ICU's rules, so the provider must be libc ('c') too. Earlier versions have only libc.
        await using var command = _source.CreateCommand("""
            SELECT datcollate, CASE WHEN current_setting('server_version_num')::int >= 150000
                                    THEN (SELECT d.datlocprovider::text FROM pg_database d WHERE d.oid = pg_database.oid) ELSE 'c' END
            FROM pg_database WHERE datname = current_database()
            """);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var (collation, provider) = (reader.GetString(0), reader.GetString(1));
        if (provider != "c" || collation is not ("C" or "POSIX" or "C.UTF-8" or "C.utf8"))
        {
            throw new InvalidOperationException(
                $"PostgreSQL database '{DatabaseName}' has collation '{collation}' (provider {(provider == "c" ? "libc" : provider == "i" ? "icu" : provider)}); "
                + "EcoValue needs byte order: create it with CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER libc "
                + "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' (docs/deploy.md)");
        }
    }

    // Index name → "table.col, table.col" for the unique indexes of the current schema. Loaded when a violation first
    // names an index it does not know (violations are rare; a migration may have added one since the last load).
    private string? UniqueColumns(string indexName)
    {
        lock (_constraintsLock)
        {
            if (_uniqueColumns.TryGetValue(indexName, out var known))
            {
                return known;
            }

            try
            {
                using var connection = _source.OpenConnection();
                using var command = new NpgsqlCommand("""
                    SELECT i.relname, string_agg(t.relname || '.' || a.attname, ', ' ORDER BY k.ord)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                    WHERE x.indisunique AND n.nspname = current_schema()
                    GROUP BY i.relname
                    """, connection);
                using var reader = command.ExecuteReader();
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    map[reader.GetString(0)] = reader.GetString(1);
                }

                _uniqueColumns = map;
            }
            catch (NpgsqlException)
            {
                // The server is unreachable: the caller still learns it was a unique violation, by constraint name.
                return null;
            }

            return _uniqueColumns.GetValueOrDefault(indexName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Complete();
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
