using System.Diagnostics;
using System.Globalization;
using EcoValue.Data;
using EcoValue.Data.Migrations;
using Microsoft.Data.Sqlite;

namespace EcoValue.Bench;

/// <summary>
/// Rows copied from the benchmarked service's database: one table's column names and values, in insert order, and on
/// PostgreSQL the columns' type names (binary COPY and prepared commands need them).
/// </summary>
internal sealed record TableRows(string Table, string[] Columns, List<object[]> Values, string[]? Types = null);

/// <summary>
/// The rows one EPCIS capture wrote (field events and their records), and the parent rows they reference (producer,
/// plot, batch and those rows' own records), read back from the service's database.
/// </summary>
internal sealed record CapturedRows(IReadOnlyList<TableRows> Parents, TableRows Records, TableRows Events)
{
    public int Count => Events.Values.Count;
}

/// <summary>
/// Issue 8 item 3: the physical limit of ingest on this machine. The very rows the API wrote for one captured document
/// (each event: a <c>field_events</c> projection row and a <c>records</c> row with its canonical envelope and hash)
/// are read back and inserted again through plain Microsoft.Data.Sqlite (one prepared command per table, parameters
/// rebound per row) into a fresh database with our schema (our migrations, our connection pragmas: WAL,
/// synchronous=NORMAL, foreign keys on). Nothing else happens: no HTTP, no JSON, no canonicalisation or hashing, no
/// validation, no anchoring worker beside it. Two shapes: batched (10,000 events in one transaction, as a capture
/// commits) and one transaction per event (as a single POST commits).
/// </summary>
internal static class IngestLimit
{
    private static readonly string[] RecordColumns = ["id", "kind", "subject", "actor", "at", "envelope", "record_hash", "committed_at"];

    /// <summary>Reads the last <paramref name="count"/> captured field events and everything they need from the service's database (read-only).</summary>
    public static async Task<CapturedRows> ReadAsync(string data, int count)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "ecovalue.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var db = new SqliteConnection(connection);
        await db.OpenAsync();
        var recordList = string.Join(", ", RecordColumns);
        var events = await ReadAsync(db, "field_events", $"SELECT * FROM (SELECT rowid AS r, * FROM field_events WHERE source = 'epcis' ORDER BY rowid DESC LIMIT {count}) ORDER BY r", skipFirst: true);
        var records = await ReadAsync(db, "records", $"""
            SELECT {recordList} FROM records WHERE id IN (SELECT record_id FROM (SELECT record_id FROM field_events WHERE source = 'epcis' ORDER BY rowid DESC LIMIT {count})) ORDER BY seq
            """, skipFirst: false);
        var parents = new List<TableRows>
        {
            await ReadAsync(db, "records", $"""
                SELECT {recordList} FROM records WHERE id IN (SELECT record_id FROM producers UNION SELECT record_id FROM plots UNION SELECT record_id FROM batches) ORDER BY seq
                """, skipFirst: false),
        };
        foreach (var table in new[] { "producers", "plots", "batches" })
        {
            parents.Add(await ReadAsync(db, table, $"SELECT * FROM {table} ORDER BY rowid", skipFirst: false));
        }

        return records.Values.Count == events.Values.Count
            ? new CapturedRows(parents, records, events)
            : throw new InvalidOperationException($"read {events.Values.Count} captured events but {records.Values.Count} records");
    }

    /// <summary>Events (record + field event) per second, all <see cref="CapturedRows.Count"/> in one transaction into a fresh database; the median of <paramref name="rounds"/>.</summary>
    public static async Task<double> BatchedAsync(CapturedRows rows, int rounds)
    {
        var rates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            rates.Add(await InFreshDatabaseAsync(rows, async c =>
            {
                using var insertRecord = Prepare(c, rows.Records);
                using var insertEvent = Prepare(c, rows.Events);
                var clock = Stopwatch.StartNew();
                await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync())
                {
                    Bind(insertRecord, tx);
                    Bind(insertEvent, tx);
                    // Records first, then their field events, as the capture does.
                    foreach (var values in rows.Records.Values)
                    {
                        Run(insertRecord, values);
                    }

                    foreach (var values in rows.Events.Values)
                    {
                        Run(insertEvent, values);
                    }

                    await tx.CommitAsync();
                }

                return rows.Count / clock.Elapsed.TotalSeconds;
            }));
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }

    /// <summary>Events per second with one transaction each (a record and its field event), the first <paramref name="count"/> of the rows, into a fresh database.</summary>
    public static Task<double> OnePerTransactionAsync(CapturedRows rows, int count) =>
        InFreshDatabaseAsync(rows, async c =>
        {
            count = Math.Min(count, rows.Count);
            using var insertRecord = Prepare(c, rows.Records);
            using var insertEvent = Prepare(c, rows.Events);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
                Bind(insertRecord, tx);
                Bind(insertEvent, tx);
                Run(insertRecord, rows.Records.Values[i]);
                Run(insertEvent, rows.Events.Values[i]);
                await tx.CommitAsync();
            }

            return count / clock.Elapsed.TotalSeconds;
        });

    private static async Task<double> InFreshDatabaseAsync(CapturedRows rows, Func<SqliteConnection, Task<double>> measure)
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-bench-ingest-").FullName;
        try
        {
            var db = new SqliteDatabase(dir);
            await Migrator.MigrateAsync(db, SqliteSchema.Migrations);
            await using var c = await db.OpenSqliteAsync(CancellationToken.None);
            await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync())
            {
                // The producer, plot and batch the events name (unmeasured): the foreign keys are checked as in the service.
                foreach (var table in rows.Parents)
                {
                    using var insert = Prepare(c, table);
                    Bind(insert, tx);
                    foreach (var values in table.Values)
                    {
                        Run(insert, values);
                    }
                }

                await tx.CommitAsync();
            }

            return await measure(c);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // left for the OS to clean
            }
        }
    }

    private static async Task<TableRows> ReadAsync(SqliteConnection db, string table, string sql, bool skipFirst)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var first = skipFirst ? 1 : 0;
        var columns = Enumerable.Range(first, reader.FieldCount - first).Select(reader.GetName).ToArray();
        var values = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetValue(first + i);
            }

            values.Add(row);
        }

        return new TableRows(table, columns, values);
    }

    private static SqliteCommand Prepare(SqliteConnection c, TableRows table)
    {
        var command = c.CreateCommand();
        command.CommandText = $"INSERT INTO {table.Table} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        for (var i = 0; i < table.Columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
        }

        return command;
    }

    private static void Bind(SqliteCommand command, SqliteTransaction tx)
    {
        command.Transaction = tx;
        command.Prepare();
    }

    private static void Run(SqliteCommand command, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
