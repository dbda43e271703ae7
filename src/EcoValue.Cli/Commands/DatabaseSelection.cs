using System.Collections;
using System.CommandLine;
using System.Data.Common;
using EcoValue.Data;
using EcoValue.Data.Migrations;
using Npgsql;

namespace EcoValue.Cli.Commands;

/// <summary>
/// Which database a command opens, chosen as the service chooses it (docs/deploy.md): <c>--database-provider</c> and
/// <c>--database-connection-string</c>, else the environment variables the service reads
/// (<c>EcoValue__Database__Provider</c>, <c>EcoValue__Database__ConnectionString</c>), so one environment configures both
/// and a password never has to appear on a command line; else the SQLite file in <c>--data</c>. Each command that
/// touches the database adds one of these and opens through it, so they all resolve and report failures alike.
/// </summary>
internal sealed class DatabaseSelection
{
    public const string ProviderVariable = "EcoValue__Database__Provider";
    public const string ConnectionStringVariable = "EcoValue__Database__ConnectionString";

    /// <summary>Exit code of a command whose database cannot be opened (unreachable, refused, wrong collation, not migrated).</summary>
    public const int Unavailable = 3;

    /// <summary>Exit code of a command whose database settings are contradictory or malformed.</summary>
    public const int BadSettings = 2;

    private const string Sqlite = SqliteDatabase.ProviderName;
    private const string Postgres = PostgresDatabase.ProviderName;

    public DatabaseSelection()
    {
        Provider = new Option<string?>("--database-provider")
        {
            Description = $"sqlite (the file in --data) or postgres; default ${ProviderVariable}, else sqlite (as the service's EcoValue:Database:Provider)",
        };
        Provider.AcceptOnlyFromAmong(Sqlite, Postgres);
        ConnectionString = new Option<string?>("--database-connection-string")
        {
            Description = $"Npgsql connection string for postgres (Host, Port, Username, Database); default ${ConnectionStringVariable}. "
                + "Keep the password out of it here, where the process list shows it: give it in the variable, PGPASSWORD or a Passfile",
        };
    }

    public Option<string?> Provider { get; }

    public Option<string?> ConnectionString { get; }

    /// <summary>
    /// Opens the database the command line and environment name; migrated to the newest schema when
    /// <paramref name="migrate"/> (what the service does at start), else used as it is (read-only commands).
    /// On failure the reason is on standard error and the result holds the exit code.
    /// </summary>
    public async Task<OpenedDatabase> OpenAsync(ParseResult result, DirectoryInfo dataDirectory, bool migrate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var provider = result.GetValue(Provider) ?? Variable(ProviderVariable);
        var fromOption = result.GetValue(ConnectionString);
        var connectionString = fromOption ?? Variable(ConnectionStringVariable);
        provider = string.IsNullOrWhiteSpace(provider) ? Sqlite : provider.Trim().ToLowerInvariant();
        if (provider is not (Sqlite or Postgres))
        {
            return await FailAsync(BadSettings, $"${ProviderVariable} must be sqlite or postgres, got '{provider}'").ConfigureAwait(false);
        }

        if (provider == Sqlite)
        {
            if (fromOption is not null)
            {
                return await FailAsync(BadSettings, $"--database-connection-string is for PostgreSQL: add --database-provider postgres (or set ${ProviderVariable}=postgres)").ConfigureAwait(false);
            }

            var file = Path.Combine(dataDirectory.FullName, "ecovalue.db");
            if (!migrate && !File.Exists(file))
            {
                // A read-only command must not leave an empty database behind where the service's was expected.
                return await FailAsync(Unavailable, $"no database at {file} (use --data or $ECOVALUE_DATA to name the service's data folder, or --database-provider postgres)").ConfigureAwait(false);
            }

            var sqlite = new SqliteDatabase(dataDirectory.FullName);
            return await PrepareAsync(sqlite, sqlite.FilePath, migrate, ct).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return await FailAsync(BadSettings, $"postgres needs a connection string: set ${ConnectionStringVariable} (or --database-connection-string)").ConfigureAwait(false);
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The builder's message names the keyword, never the value, so no password reaches the terminal.
            return await FailAsync(BadSettings, $"the PostgreSQL connection string is not valid: {e.Message}").ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            return await FailAsync(BadSettings, "the PostgreSQL connection string must name a Database (Database=ecovalue)").ConfigureAwait(false);
        }

        // Where, for messages: never the connection string itself, which may hold the password.
        var where = $"PostgreSQL database '{builder.Database}' on {builder.Host ?? "localhost"}:{builder.Port} as {builder.Username ?? "(default user)"}";
        return await PrepareAsync(new PostgresDatabase(connectionString), where, migrate, ct).ConfigureAwait(false);
    }

    private static async Task<OpenedDatabase> PrepareAsync(Database database, string where, bool migrate, CancellationToken ct)
    {
        try
        {
            if (migrate)
            {
                await Migrator.MigrateAsync(database, database.Schema, ct).ConfigureAwait(false);
            }
            else if (await Migrator.CurrentVersionAsync(database, ct).ConfigureAwait(false) == 0)
            {
                await DisposeAsync(database).ConfigureAwait(false);
                return await FailAsync(Unavailable, $"the {where} holds no EcoValue schema: start the service on it once (it migrates), or name the service's database").ConfigureAwait(false);
            }

            return new OpenedDatabase(database, where, 0);
        }
        catch (DbException e)
        {
            await DisposeAsync(database).ConfigureAwait(false);
            return await FailAsync(Unavailable, $"cannot open the {where}: {Describe(e)}").ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (database is PostgresDatabase)
        {
            // PostgresDatabase refuses a database whose collation is not byte order, before migrating it; the message says how to create one.
            await DisposeAsync(database).ConfigureAwait(false);
            return await FailAsync(Unavailable, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>The engine's message, with the cause and what to do for the failures an operator meets first.</summary>
    private static string Describe(DbException e) => e switch
    {
        PostgresException { SqlState: "3D000" } p => $"{p.MessageText}; create it first (docs/deploy.md, \"Running on PostgreSQL\")",
        PostgresException { SqlState: "28P01" or "28000" } p => $"{p.MessageText}; check the user and its password (in ${ConnectionStringVariable}, PGPASSWORD or a Passfile)",
        PostgresException { SqlState: "42501" } p => $"{p.MessageText}; the user must own the database or hold CREATE on it (the schema and the pg_trgm extension; docs/deploy.md)",
        PostgresException p => $"{p.MessageText} (SQLSTATE {p.SqlState})",
        NpgsqlException { InnerException: { } inner } n => $"{n.Message} ({inner.Message}); is the server running, and does it accept connections from here?",
        _ => e.Message,
    };

    private static async Task<OpenedDatabase> FailAsync(int exitCode, string message)
    {
        await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
        return new OpenedDatabase(null, string.Empty, exitCode);
    }

    private static async Task DisposeAsync(Database database)
    {
        if (database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An environment variable matched ignoring case, as .NET configuration matches the service's keys: an operator's
    /// <c>ECOVALUE__DATABASE__PROVIDER</c> configures the service, so it must configure the CLI too rather than leave it
    /// silently on a SQLite file.
    /// </summary>
    private static string? Variable(string name)
    {
        if (Environment.GetEnvironmentVariable(name) is { } exact)
        {
            return exact;
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (string.Equals((string)entry.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return (string?)entry.Value;
            }
        }

        return null;
    }
}

/// <summary>
/// The database a command opened (<see cref="Database"/> non-null and <see cref="ExitCode"/> 0), described by
/// <see cref="Where"/> for messages, or the exit code after the failure was reported.
/// </summary>
internal sealed record OpenedDatabase(Database? Database, string Where, int ExitCode) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (Database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
