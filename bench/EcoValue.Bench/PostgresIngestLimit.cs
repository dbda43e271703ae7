using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EcoValue.Bench;

/// <summary>
/// Issue 9: the ingest limit on PostgreSQL, as <see cref="IngestLimit"/> is on SQLite. The very rows the service wrote
/// for one captured document on PostgreSQL (records and field events, plus the producer, plot and batch they name)
/// are read back and written again straight through Npgsql into a fresh database with our PostgreSQL migrations
/// (same indexes, triggers, deferred foreign keys) on the same server with the same settings (fsync on, synchronous
/// commit). Batched: binary COPY of all records, then all field events, in one transaction, the fastest way to load
/// rows into PostgreSQL. One transaction per event: a prepared INSERT per table, one commit per pair, as a POST
/// commits. No HTTP, JSON, hashing, validation or write lock.
/// </summary>
internal static class PostgresIngestLimit
{
    private static readonly string[] RecordColumns = ["id", "kind", "subject", "actor", "at", "envelope", "record_hash", "committed_at"];

    /// <summary>Reads the last <paramref name="count"/> captured field events and everything they need from the service's database.</summary>
    public static async Task<CapturedRows> ReadAsync(string connectionString, int count)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var recordList = string.Join(", ", RecordColumns);
        // PostgreSQL has no rowid: the capture's order is its records' seq.
        var last = $"SELECT fe.id FROM field_events fe JOIN records r ON r.id = fe.record_id WHERE fe.source = 'epcis' ORDER BY r.seq DESC LIMIT {count}";
        var events = await ReadAsync(db, "field_events", $"SELECT fe.* FROM field_events fe JOIN records r ON r.id = fe.record_id WHERE fe.id IN ({last}) ORDER BY r.seq");
        var records = await ReadAsync(db, "records", $"SELECT {recordList} FROM records WHERE id IN (SELECT record_id FROM field_events WHERE id IN ({last})) ORDER BY seq");
        var parents = new List<TableRows>
        {
            await ReadAsync(db, "records", $"SELECT {recordList} FROM records WHERE id IN (SELECT record_id FROM producers UNION SELECT record_id FROM plots UNION SELECT record_id FROM batches) ORDER BY seq"),
        };
        foreach (var table in new[] { "producers", "plots", "batches" })
        {
            parents.Add(await ReadAsync(db, table, $"SELECT * FROM {table} ORDER BY id"));
        }

        return records.Values.Count == events.Values.Count
            ? new CapturedRows(parents, records, events)
            : throw new InvalidOperationException($"read {events.Values.Count} captured events but {records.Values.Count} records");
    }

    /// <summary>Events per second, all rows by binary COPY in one transaction into a fresh database; the median of <paramref name="rounds"/>.</summary>
    public static async Task<double> BatchedAsync(CapturedRows rows, int rounds)
    {
        var rates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            rates.Add(await InFreshDatabaseAsync(rows, async c =>
            {
                var clock = Stopwatch.StartNew();
                await using (var tx = await c.BeginTransactionAsync())
                {
                    // Records first, then their field events, as the capture does.
                    Copy(c, rows.Records);
                    Copy(c, rows.Events);
                    await tx.CommitAsync();
                }

                return rows.Count / clock.Elapsed.TotalSeconds;
            }));
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }

    /// <summary>
    /// Events per second with one transaction each (a record and its field event), the first <paramref name="count"/>
    /// of the rows. With <paramref name="asynchronousCommit"/> the session sets <c>synchronous_commit = off</c>: a
    /// commit returns before its WAL reaches the disk (a crash can lose the last few, never corrupt), which is the
    /// durability of SQLite's WAL with synchronous=NORMAL; for comparison only, the service keeps the server's default.
    /// </summary>
    public static Task<double> OnePerTransactionAsync(CapturedRows rows, int count, bool asynchronousCommit = false) =>
        InFreshDatabaseAsync(rows, async c =>
        {
            count = Math.Min(count, rows.Count);
            if (asynchronousCommit)
            {
                await using var set = new NpgsqlCommand("SET synchronous_commit = off", c);
                await set.ExecuteNonQueryAsync();
            }

            await using var insertRecord = Prepare(c, rows.Records);
            await using var insertEvent = Prepare(c, rows.Events);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var tx = await c.BeginTransactionAsync();
                Run(insertRecord, rows.Records.Values[i]);
                Run(insertEvent, rows.Events.Values[i]);
                await tx.CommitAsync();
            }

            return count / clock.Elapsed.TotalSeconds;
        });

    private static async Task<double> InFreshDatabaseAsync(CapturedRows rows, Func<NpgsqlConnection, Task<double>> measure)
    {
        const string Name = "bench_ingest_limit";
        await BenchPostgres.CreateMigratedAsync(Name);
        try
        {
            await using var c = new NpgsqlConnection(BenchPostgres.ConnectionString(Name));
            await c.OpenAsync();
            await using (var tx = await c.BeginTransactionAsync())
            {
                // The producer, plot and batch the events name (unmeasured): the foreign keys are checked as in the service.
                foreach (var table in rows.Parents)
                {
                    Copy(c, table);
                }

                await tx.CommitAsync();
            }

            return await measure(c);
        }
        finally
        {
            await BenchPostgres.DropAsync(Name);
        }
    }

    private static async Task<TableRows> ReadAsync(NpgsqlConnection db, string table, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
        var values = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[columns.Length];
            reader.GetValues(row);
            values.Add(row);
        }

        return new TableRows(table, columns, values, types);
    }

    private static void Copy(NpgsqlConnection c, TableRows table)
    {
        using var writer = c.BeginBinaryImport($"COPY {table.Table} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var values in table.Values)
        {
            writer.StartRow();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is DBNull)
                {
                    writer.WriteNull();
                }
                else
                {
                    writer.Write(values[i], table.Types![i]);
                }
            }
        }

        writer.Complete();
    }

    private static NpgsqlCommand Prepare(NpgsqlConnection c, TableRows table)
    {
        var command = new NpgsqlCommand(
            $"INSERT INTO {table.Table} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)))})", c);
        foreach (var type in table.Types!)
        {
            command.Parameters.Add(new NpgsqlParameter { DataTypeName = type, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }

    private static void Run(NpgsqlCommand command, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
