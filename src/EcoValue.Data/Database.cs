using System.Data.Common;

namespace EcoValue.Data;

/// <summary>
/// The database the repositories work against, whatever engine holds it: they see only ADO.NET's common types
/// (<see cref="DbConnection"/>, <see cref="DbTransaction"/>), so a second backend (PostgreSQL, issue 9) can sit beside
/// the embedded SQLite one (<see cref="SqliteDatabase"/>) without the repositories changing.
/// </summary>
public abstract class Database
{
    /// <summary>The engine's short name, as configuration and health reports spell it (<c>sqlite</c>, <c>postgres</c>).</summary>
    public abstract string Provider { get; }

    /// <summary>Opens a connection for reads (or for a write outside <see cref="WriteAsync"/>); the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A read the scan path makes thousands of times a second (docs/verification.md, "Scan log"): <paramref name="sql"/>,
    /// one statement of fixed text with named parameters (<c>@name</c>), each row handed to <paramref name="read"/>.
    /// SQLite keeps the statement prepared on reader connections of its own; PostgreSQL prepares it on the pooled
    /// connection once. The text keys the prepared statement: never build it from values.
    /// </summary>
    public abstract Task<T> ReadPreparedAsync<T>(string sql, IReadOnlyList<SqlArg> args, Func<ISqlRows, T> read, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction and commits it. All or nothing per call: if
    /// <paramref name="body"/> throws, its writes are rolled back and the exception is rethrown here. Writers are
    /// serialized. The body must not begin another write (it may wait for itself) and must not commit or roll back
    /// the transaction it is given.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken ct);

    /// <summary>
    /// How many writes this process has queued on the database so far (<see cref="WriteAsync"/> calls and the engine's
    /// own maintenance writes): a long job writing in chunks tells from it whether others wrote in between and paces
    /// itself (the anchoring worker does).
    /// </summary>
    public abstract long WritesQueued { get; }

    /// <summary>Round-trips a query; returns the engine's version text.</summary>
    public abstract Task<string> PingAsync(CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="e"/> is this engine's unique or primary-key violation. <paramref name="detail"/> is
    /// the engine's message, which names the constraint (callers tell which key was hit by it); empty otherwise.
    /// </summary>
    public abstract bool IsUniqueViolation(Exception e, out string detail);

    /// <summary>
    /// Takes the lease of role <paramref name="name"/> if no process sharing this database holds it; null when another
    /// does. Not reentrant: a second call for a role this process holds returns null too.
    /// </summary>
    public abstract Task<DatabaseLease?> TryAcquireLeaseAsync(string name, CancellationToken ct);

    /// <summary>The SQL fragments that differ on this engine (JSON access).</summary>
    public abstract SqlDialect Sql { get; }

    /// <summary>This engine's ordered schema steps (<see cref="Migrations.SqliteSchema"/> or <see cref="Migrations.PostgresSchema"/>).</summary>
    public abstract IReadOnlyList<Migrations.Migration> Schema { get; }

    /// <summary>
    /// Begins the transaction one migration step runs in, holding the engine's write lock so two processes starting at
    /// once apply each step once (SQLite: IMMEDIATE; PostgreSQL: the writers' advisory lock).
    /// </summary>
    protected internal abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Checks the database is fit for the schema before migrating it (throws with the reason if not).</summary>
    protected internal virtual Task CheckBeforeMigrationAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Whether a table of this name exists (the migrator's own table, before it is created).</summary>
    protected internal abstract Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct);
}
