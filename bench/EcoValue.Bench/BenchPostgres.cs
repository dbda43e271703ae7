using EcoValue.Data;
using EcoValue.Data.Migrations;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EcoValue.Bench;

/// <summary>
/// The private PostgreSQL cluster scripts/bench starts for the api-pg and scan-pg groups (issue 9): its address comes
/// from <c>ECOVALUE_BENCH_POSTGRES</c> (an Npgsql connection string to the <c>postgres</c> database). Every database
/// the bench makes is a copy of one migrated template, created with C collation as the service requires, so a fresh
/// database costs a file copy instead of ten migrations.
/// </summary>
internal static class BenchPostgres
{
    public const string Variable = "ECOVALUE_BENCH_POSTGRES";
    private const string Template = "bench_template";
    private static bool _templateBuilt;

    public static string Server() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"{Variable} is not set: run the PostgreSQL groups through scripts/bench, which starts a private cluster");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server()) { Database = database }.ConnectionString;

    /// <summary>The service's settings for a database of this cluster (the environment form of EcoValue:Database).</summary>
    public static Dictionary<string, string> ServiceSettings(string database) => new()
    {
        ["EcoValue__Database__Provider"] = "postgres",
        ["EcoValue__Database__ConnectionString"] = ConnectionString(database),
    };

    /// <summary>Creates <paramref name="name"/> afresh (dropping any database of that name) from the migrated template.</summary>
    public static async Task CreateMigratedAsync(string name)
    {
        if (!_templateBuilt)
        {
            await CreateAsync(Template, "template0");
            await using (var db = new PostgresDatabase(ConnectionString(Template)))
            {
                await Migrator.MigrateAsync(db, PostgresSchema.Migrations);
            }

            NpgsqlConnection.ClearAllPools(); // a template must have no open connection
            _templateBuilt = true;
        }

        await CreateAsync(name, Template);
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(Server());
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A migrated database <paramref name="name"/> holding what the CLI wrote into <paramref name="data"/>'s SQLite
    /// file (the CLI speaks SQLite only): the contract deployment (<c>ecovalue deploy</c>) and the accounts
    /// (<c>ecovalue users add</c>), copied row by row. Keys stay in the data folder, where the service reads them on
    /// either backend.
    /// </summary>
    public static async Task CreateForServiceAsync(string data, string name)
    {
        await CreateMigratedAsync(name);
        var source = new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "ecovalue.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var sqlite = new SqliteConnection(source);
        await sqlite.OpenAsync();
        await using var pg = new NpgsqlConnection(ConnectionString(name));
        await pg.OpenAsync();
        foreach (var table in new[] { "chain_deployments", "users" })
        {
            using var select = sqlite.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var copied = 0;
            while (await reader.ReadAsync())
            {
                await using var insert = new NpgsqlCommand(
                    $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))})", pg);
                for (var i = 0; i < columns.Length; i++)
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = reader.GetValue(i) });
                }

                await insert.ExecuteNonQueryAsync();
                copied++;
            }

            if (copied == 0)
            {
                throw new InvalidOperationException($"the CLI wrote no {table} row to copy into PostgreSQL");
            }
        }
    }

    private static async Task CreateAsync(string name, string template)
    {
        await DropAsync(name);
        await using var server = new NpgsqlConnection(Server());
        await server.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", server);
        await create.ExecuteNonQueryAsync();
    }
}
