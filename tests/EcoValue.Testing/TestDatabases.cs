using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EcoValue.Data;
using EcoValue.Data.Migrations;
using Npgsql;

namespace EcoValue.Testing;

/// <summary>
/// The database backend the repository and API suites run against (issue 9): the embedded SQLite file by default, or
/// PostgreSQL when <c>ECOVALUE_TEST_BACKEND=postgres</c>, on the server named by <c>ECOVALUE_TEST_POSTGRES</c> (an
/// Npgsql connection string whose user may create databases; scripts/test starts a private cluster and sets both for
/// its second pass over those suites). A test's data folder names its database: on PostgreSQL one database per folder,
/// created on first use and dropped by <see cref="DropAsync"/>, so tests never share rows.
/// </summary>
public static class TestDatabases
{
    public const string BackendVariable = "ECOVALUE_TEST_BACKEND";
    public const string ServerVariable = "ECOVALUE_TEST_POSTGRES";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, PostgresDatabase> Opened = new(StringComparer.Ordinal);

    /// <summary>"sqlite" or "postgres".</summary>
    public static string Backend { get; } = Environment.GetEnvironmentVariable(BackendVariable) is { Length: > 0 } b ? b : SqliteDatabase.ProviderName;

    public static bool IsPostgres => Backend == PostgresDatabase.ProviderName;

    /// <summary>The server connection string (database <c>postgres</c>), or skip/fail (CI) when it is not set.</summary>
    public static string PostgresServer()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        Requirements.Need(!string.IsNullOrEmpty(server), $"{ServerVariable} is not set: scripts/test starts a private PostgreSQL and sets it");
        return server!;
    }

    /// <summary>
    /// For tests of PostgreSQL itself through service hosts (several instances on one database): the server, and the
    /// backend under test being PostgreSQL, or skip/fail (CI) like <see cref="PostgresServer"/>.
    /// </summary>
    public static void RequirePostgresBackend()
    {
        _ = PostgresServer();
        Requirements.Need(IsPostgres, $"{BackendVariable}=postgres is not set: the service hosts would run on SQLite");
    }

    /// <summary>
    /// The database of <paramref name="dataDirectory"/> on the backend under test. SQLite: the file in that folder.
    /// PostgreSQL: the folder's own database, created if missing, already migrated when <paramref name="migrated"/>
    /// (cloned from a template, much faster than migrating each one) or empty for tests of migrations.
    /// </summary>
    public static Database ForDirectory(string dataDirectory, bool migrated = true)
    {
        if (!IsPostgres)
        {
            return new SqliteDatabase(dataDirectory);
        }

        var name = NameFor(dataDirectory);
        return Opened.GetOrAdd(name, n =>
        {
            CreateAsync(n, migrated).GetAwaiter().GetResult();
            return new PostgresDatabase(ConnectionString(n));
        });
    }

    /// <summary>
    /// A second, independent <see cref="Database"/> object over the folder's database, as another process would open it
    /// (its own pool and, on SQLite, the file's shared write queue). It does not create the database (<see cref="ForDirectory"/> does).
    /// </summary>
    public static Database Another(string dataDirectory) =>
        IsPostgres ? new PostgresDatabase(ConnectionString(NameFor(dataDirectory))) : new SqliteDatabase(dataDirectory);

    /// <summary>
    /// SQL that drops a trigger (tests that forge a stored record drop the append-only guard first, as an attacker with
    /// write access to the database would): PostgreSQL names the trigger's table, SQLite does not.
    /// </summary>
    public static string DropTriggerSql(string trigger, string table) =>
        IsPostgres ? $"DROP TRIGGER IF EXISTS {trigger} ON {table}" : $"DROP TRIGGER IF EXISTS {trigger}";

    /// <summary>Configuration a service host needs to use the folder's database (empty for SQLite: the folder is enough).</summary>
    public static IReadOnlyDictionary<string, string?> HostSettings(string dataDirectory)
    {
        if (!IsPostgres)
        {
            return new Dictionary<string, string?>();
        }

        var name = NameFor(dataDirectory);
        _ = ForDirectory(dataDirectory);
        return new Dictionary<string, string?>
        {
            ["EcoValue:Database:Provider"] = PostgresDatabase.ProviderName,
            ["EcoValue:Database:ConnectionString"] = ConnectionString(name),
        };
    }

    /// <summary>Drops the folder's PostgreSQL database (no-op on SQLite, whose file goes with the folder).</summary>
    public static async Task DropAsync(string dataDirectory)
    {
        if (!IsPostgres)
        {
            return;
        }

        var name = NameFor(dataDirectory);
        if (Opened.TryRemove(name, out var db))
        {
            await db.DisposeAsync();
        }

        await using var server = new NpgsqlConnection(PostgresServer());
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The connection string of database <paramref name="name"/> on the test server.</summary>
    public static string ConnectionString(string name) =>
        new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = name }.ConnectionString;

    // Lower-case hex of the folder's path hash: a valid unquoted identifier, stable for the folder, unique per test.
    private static string NameFor(string dataDirectory) =>
        "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];

    private static async Task CreateAsync(string name, bool migrated)
    {
        var template = migrated ? await MigratedTemplateAsync() : "template0";
        await using var server = new NpgsqlConnection(PostgresServer());
        await server.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", server);
        exists.Parameters.AddWithValue("n", name);
        if ((long)(await exists.ExecuteScalarAsync())! > 0)
        {
            return;
        }

        await using var create = new NpgsqlCommand(
            $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", server);
        await create.ExecuteNonQueryAsync();
    }

    // One migrated template per schema (named by a hash of its SQL), built once per server by whichever test process
    // gets there first; the others wait on a server-wide advisory lock and then find it.
    private static Task<string> MigratedTemplateAsync()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", PostgresSchema.Migrations.Select(m => m.Sql)))))[..16];
        var name = "tpl_" + hash;
        return Templates.GetOrAdd(name, n => new Lazy<Task<string>>(() => BuildTemplateAsync(n))).Value;
    }

    private static async Task<string> BuildTemplateAsync(string name)
    {
        await using var server = new NpgsqlConnection(PostgresServer());
        await server.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(7305)", server))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        try
        {
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", server);
            exists.Parameters.AddWithValue("n", name);
            if ((long)(await exists.ExecuteScalarAsync())! > 0)
            {
                return name;
            }

            // Built under a temporary name and renamed when complete: a crash mid-way never leaves a half template.
            var building = name + "_building";
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)", server))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await using (var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{building}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", server))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using (var db = new PostgresDatabase(ConnectionString(building)))
            {
                await Migrator.MigrateAsync(db, db.Schema);
            }

            NpgsqlConnection.ClearAllPools();
            await using (var rename = new NpgsqlCommand($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"", server))
            {
                await rename.ExecuteNonQueryAsync();
            }

            return name;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(7305)", server);
            await unlock.ExecuteNonQueryAsync();
        }
    }
}
