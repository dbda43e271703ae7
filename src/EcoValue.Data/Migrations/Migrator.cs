using Dapper;

namespace EcoValue.Data.Migrations;

/// <summary>
/// Brings a database to the newest schema at start. Each step runs in its own write-locked transaction together with
/// its row in schema_migrations, so a crash mid-step leaves the previous version intact, and two processes starting
/// at once cannot both apply a step. Running it again is a no-op.
/// </summary>
public static class Migrator
{
    public static async Task<int> MigrateAsync(Database database, IReadOnlyList<Migration> migrations, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration versions must be 1..n in order; position {i} has {migrations[i].Version}");
            }
        }

        await database.CheckBeforeMigrationAsync(ct).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        // Under the write lock too: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent one.
        await using (var create = await database.BeginMigrationAsync(connection, ct).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """, transaction: create, cancellationToken: ct)).ConfigureAwait(false);
            await create.CommitAsync(ct).ConfigureAwait(false);
        }

        var applied = 0;
        foreach (var migration in migrations)
        {
            // Holding the engine's write lock: two processes starting at once apply each step once.
            await using var tx = await database.BeginMigrationAsync(connection, ct).ConfigureAwait(false);
            var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (done > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                tx, cancellationToken: ct)).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            applied++;
        }

        return applied;
    }

    /// <summary>The newest version applied, 0 for an empty database.</summary>
    public static async Task<int> CurrentVersionAsync(Database database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return !await database.TableExistsAsync(connection, "schema_migrations", ct).ConfigureAwait(false)
            ? 0
            : await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT coalesce(max(version), 0) FROM schema_migrations", cancellationToken: ct)).ConfigureAwait(false);
    }
}
