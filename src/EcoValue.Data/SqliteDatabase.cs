using Microsoft.Data.Sqlite;

namespace EcoValue.Data;

/// <summary>
/// The embedded database: one SQLite file in the data folder, WAL journal so readers never block the writer.
/// (Repositories and migrations arrive with EcoValue.Data; this owns only the file and connections.)
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory)
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
    }

    public string FilePath { get; }

    // Keyed by the native handle, which the pool hands from one SqliteConnection object to the next.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Initialized = new();
    private static readonly object Marker = new();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
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
        // synchronous=NORMAL in WAL mode: a commit is durable once it returns as far as the process goes (a crash or kill
        // loses nothing); only an OS crash or power cut can lose the last commits, which are then not on chain either.
        // FULL would fsync every commit and cap single writes at the disk's fsync rate (~100/s here; docs/benchmarks.md).
        // A 64 MiB page cache per connection: random-key indexes (ids, record hashes, EPCIS event ids) stay in memory.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536;";
        await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        Initialized.AddOrUpdate(connection.Handle!, Marker);
        return connection;
    }

    /// <summary>Round-trips a query; returns the SQLite library version.</summary>
    public async Task<string> PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
