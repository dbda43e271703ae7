using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data;

/// <summary>
/// The embedded database: one SQLite file in the data folder, WAL journal so readers never block the writer.
/// (Repositories and migrations arrive with EcoValue.Data; this owns only the file, connections and write order.)
/// </summary>
public sealed class SqliteDatabase : Database, IDisposable
{
    // SQLITE_CONSTRAINT and the extended codes of its uniqueness kinds: UNIQUE, PRIMARYKEY, ROWID. Their messages all
    // read "UNIQUE constraint failed: table.column", which is what callers look in for the key that was hit.
    private const int ConstraintViolation = 19;
    private const int UniqueViolation = 2067;
    private const int PrimaryKeyViolation = 1555;
    private const int RowIdViolation = 2579;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly WriteQueue<SqliteConnection, SqliteTransaction> _writes;
    private readonly SqliteReaders _readers;

    // One writer per file for the whole process, so two SqliteDatabase objects over one file still queue their writes.
    private static readonly ConcurrentDictionary<string, WriteQueue<SqliteConnection, SqliteTransaction>> WriteQueues = new(StringComparer.Ordinal);

    static SqliteDatabase() => SqliteRuntime.Configure();

    /// <param name="dataDirectory">Folder of the database file (created if missing).</param>
    /// <param name="backgroundCheckpoints">
    /// True when a long-running process checkpoints the WAL off the request path (<see cref="CheckpointAsync"/> on a
    /// timer, as the service's <c>WalCheckpointService</c> does); false (tools, tests of this class) keeps SQLite's
    /// automatic checkpoint, which runs inside whichever commit crosses 1,000 WAL pages.
    /// </param>
    public SqliteDatabase(string dataDirectory, bool backgroundCheckpoints = false)
    {
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.GetFullPath(Path.Combine(dataDirectory, "ecovalue.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        BackgroundCheckpoints = backgroundCheckpoints;
        _writes = WriteQueues.GetOrAdd(FilePath, _ => new WriteQueue<SqliteConnection, SqliteTransaction>(OpenSqliteAsync, c => Task.FromResult(c.BeginTransaction(deferred: false))));

        // synchronous=NORMAL in WAL mode: a commit is durable once it returns as far as the process goes (a crash or kill
        // loses nothing); only an OS crash or power cut can lose the last commits, which are then not on chain either.
        // FULL would fsync every commit and cap single writes at the disk's fsync rate (~100/s here; docs/benchmarks.md).
        // A 64 MiB page cache per connection: random-key indexes (ids, record hashes, EPCIS event ids) stay in memory.
        // wal_autocheckpoint=0 with background checkpoints: the automatic checkpoint runs in the committing request and
        // fsyncs the WAL and the file (≈10 ms for a single write's commit, ≈400 ms after a 10,000-event capture).
        // journal_size_limit: the WAL file is cut back to 64 MiB whenever it restarts (the size WalCheckpointService
        // lets it reach under load), so a burst (a 10,000-event capture) does not leave it larger.
        _pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;"
            + (backgroundCheckpoints ? " PRAGMA wal_autocheckpoint=0;" : string.Empty);
        // The scan readers map the file (up to 1 GiB): each commit of the scan log empties every reader's page cache
        // (WAL), and reading the pages again through pread cost about two system calls per answer, which are dear on
        // this VM; mapped pages are read in place (docs/peers.md, "Sixth round"). Writers keep pread/pwrite.
        _readers = new SqliteReaders(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString(), _pragmas + " PRAGMA mmap_size=1073741824;");
    }

    public string FilePath { get; }

    /// <summary>Whether this process checkpoints the WAL itself (see the constructor).</summary>
    public bool BackgroundCheckpoints { get; }

    // Keyed by the native handle, which the pool hands from one SqliteConnection object to the next.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Initialized = new();
    private static readonly object Marker = new();

    /// <summary>The provider name configuration spells (<c>EcoValue:Database:Provider</c>) and /healthz reports.</summary>
    public const string ProviderName = "sqlite";

    /// <inheritdoc/>
    public override string Provider => ProviderName;

    /// <inheritdoc/>
    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await OpenSqliteAsync(ct).ConfigureAwait(false);

    /// <summary>Opens a connection typed as SQLite's own, for the SQLite-only paths (native statements, the write queue).</summary>
    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // Pooled connections keep their settings: run the pragmas once per physical connection, not on every open
        // (the write hot path opens a pooled connection per request).
        if (Initialized.TryGetValue(connection.Handle!, out _))
        {
            return connection;
        }

        using var pragma = connection.CreateCommand();
        pragma.CommandText = _pragmas;
        await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        Initialized.AddOrUpdate(connection.Handle!, Marker);
        return connection;
    }

    /// <inheritdoc/>
    public override Task<T> ReadPreparedAsync<T>(string sql, IReadOnlyList<SqlArg> args, Func<ISqlRows, T> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(read);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(sql, args, read));
    }

    /// <summary>The reader connections of <see cref="ReadPreparedAsync{T}"/> (tests look at their counters).</summary>
    internal SqliteReaders Readers => _readers;

    /// <summary>Closes the reader connections of <see cref="ReadPreparedAsync{T}"/> (pooled connections belong to the pool).</summary>
    public void Dispose() => _readers.Dispose();

    /// <summary>How many writes this process has queued on the file so far (<see cref="WriteAsync"/>, checkpoints).</summary>
    public override long WritesQueued => _writes.Queued;

    /// <summary>
    /// Runs <paramref name="body"/> in an IMMEDIATE transaction and commits it, through this process's single writer
    /// of the file (<see cref="WriteQueue{TConnection, TTransaction}"/>): writes run one after another, several per commit. All or nothing
    /// per call: if <paramref name="body"/> throws, its writes are rolled back (others in the same commit are not
    /// affected) and the exception is rethrown here. The body must not begin another write (it would wait for
    /// itself) and must not commit or roll back the transaction it is given. Other processes (the CLI) meet the
    /// busy timeout as before.
    /// </summary>
    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        return _writes.RunAsync((c, tx) => body(c, tx!), transactional: true, ct);
    }

    /// <summary>
    /// A PASSIVE checkpoint: copies committed WAL pages into the database file without waiting for (or blocking)
    /// readers and writers. Returns the WAL's size in pages and how many of them are now checkpointed.
    /// </summary>
    public async Task<(long WalPages, long Checkpointed)> CheckpointAsync(CancellationToken ct)
    {
        await using var connection = await OpenSqliteAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// A RESTART checkpoint between this process's writes (it runs on the write queue): copies the frames left since the
    /// last PASSIVE one and makes the next writer start the WAL from its beginning again. Under a steady stream of
    /// writes a PASSIVE checkpoint never finds the WAL complete, so without this the WAL file would only grow; run
    /// right after a PASSIVE checkpoint, little is left to copy and the writers wait only milliseconds.
    /// </summary>
    public Task RestartWalAsync(CancellationToken ct) =>
        _writes.RunAsync<object?>(async (connection, _) =>
        {
            using var command = connection.CreateCommand();
            // No busy wait: a reader still on old frames makes RESTART sleep in the busy handler while every write
            // waits behind it. Rather give up at once (busy = 1) and try again on the next call.
            command.CommandText = "PRAGMA busy_timeout=0; PRAGMA wal_checkpoint(RESTART); PRAGMA busy_timeout=5000;";
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return null;
        }, transactional: false, ct);

    /// <summary>Round-trips a query; returns the SQLite library version.</summary>
    public override async Task<string> PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenSqliteAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override SqlDialect Sql => SqlDialect.Sqlite;

    /// <summary>
    /// A lock file beside the database (<c>ecovalue.db.NAME.lease</c>) opened exclusively: the operating system keeps the
    /// lock while the handle is open and drops it when the process exits, however it exits.
    /// </summary>
    public override Task<DatabaseLease?> TryAcquireLeaseAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = $"{FilePath}.{name}.lease";
        try
        {
            var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return Task.FromResult<DatabaseLease?>(new FileLease(handle));
        }
        catch (IOException)
        {
            // Held by another process (or another object in this one).
            return Task.FromResult<DatabaseLease?>(null);
        }
    }

    private sealed class FileLease(FileStream handle) : DatabaseLease
    {
        public override Task<bool> IsHeldAsync(CancellationToken ct) => Task.FromResult(handle.SafeFileHandle is { IsClosed: false });

        public override ValueTask DisposeAsync() => handle.DisposeAsync();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Migrations.Migration> Schema => Migrations.SqliteSchema.Migrations;

    /// <summary>Serializable: SQLite begins it IMMEDIATE, taking the write lock first.</summary>
    protected internal override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct).ConfigureAwait(false);

    /// <inheritdoc/>
    protected internal override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.AddParameter("$name", table);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    /// <summary>
    /// A UNIQUE, PRIMARY KEY or rowid violation (<see cref="SqliteException"/> with SQLITE_CONSTRAINT and one of those
    /// extended codes, from a command or a <see cref="RawStatement"/>); <paramref name="detail"/> is its message.
    /// </summary>
    public override bool IsUniqueViolation(Exception e, out string detail)
    {
        if (e is SqliteException { SqliteErrorCode: ConstraintViolation, SqliteExtendedErrorCode: UniqueViolation or PrimaryKeyViolation or RowIdViolation } s)
        {
            detail = s.Message;
            return true;
        }

        detail = string.Empty;
        return false;
    }
}
