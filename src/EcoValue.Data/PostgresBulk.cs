using System.Data.Common;
using Npgsql;

namespace EcoValue.Data;

/// <summary>
/// The bulk writes on PostgreSQL: where SQLite runs one prepared native statement per row (<see cref="RawStatement"/>,
/// cheap in-process), PostgreSQL gets the whole chunk in one statement over arrays (<c>unnest</c>), one round trip
/// per chunk instead of one per row. Each method runs inside the caller's write transaction, so a failure rolls back
/// everything the write did; results and errors are the same as the SQLite path's.
/// </summary>
internal static class PostgresBulk
{
    /// <summary>Inserts records in the given order (seq follows it); returns their seqs in that order.</summary>
    public static async Task<IReadOnlyList<long>> AppendRecordsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Records.RecordRow> rows, string committedAt, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        // ORDER BY the ordinality: identity values are drawn as the sorted rows are inserted, so seq follows input order.
        await using var command = Command(c, tx, """
            INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at)
            SELECT id, kind, subject, actor, at, envelope, record_hash, @committed_at
            FROM unnest(@id, @kind, @subject, @actor, @at, @envelope, @record_hash) WITH ORDINALITY AS u(id, kind, subject, actor, at, envelope, record_hash, n)
            ORDER BY n
            RETURNING id, seq
            """);
        command.Parameters.AddWithValue("committed_at", committedAt);
        command.Parameters.AddWithValue("id", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("kind", rows.Select(r => r.Kind).ToArray());
        command.Parameters.AddWithValue("subject", rows.Select(r => r.Subject).ToArray());
        command.Parameters.AddWithValue("actor", rows.Select(r => r.Actor).ToArray());
        command.Parameters.AddWithValue("at", rows.Select(r => r.At).ToArray());
        command.Parameters.AddWithValue("envelope", rows.Select(r => r.Envelope).ToArray());
        command.Parameters.AddWithValue("record_hash", rows.Select(r => r.RecordHash).ToArray());
        // RETURNING's row order is not promised by SQL: map back by id (ids are unique, the insert would fail otherwise).
        var seqById = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                seqById[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return [.. rows.Select(r => seqById[r.Id])];
    }

    /// <summary>
    /// Inserts rows whose values are all text (as the capture builds field events): <paramref name="columns"/> name
    /// them in order; <paramref name="computed"/> adds columns from SQL expressions over them (constants, copies).
    /// </summary>
    public static async Task InsertTextRowsAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<string> columns, IReadOnlyList<(string Column, string Expression)> computed, IReadOnlyList<string?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", columns);
        var arrays = string.Join(", ", columns.Select((_, i) => $"@p{i}"));
        var extraColumns = string.Concat(computed.Select(x => ", " + x.Column));
        var extraValues = string.Concat(computed.Select(x => ", " + x.Expression));
        await using var command = Command(c, tx, $"INSERT INTO {table} ({names}{extraColumns}) SELECT {names}{extraValues} FROM unnest({arrays}) AS u({names})");
        for (var i = 0; i < columns.Count; i++)
        {
            var column = new string?[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                column[r] = rows[r][i];
            }

            command.Parameters.Add(new NpgsqlParameter($"p{i}", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = column });
        }

        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts one chunk of item rows at positions first, first + 1, …; returns the first serial (in input order) that
    /// was not inserted because it exists already (or repeats one earlier in the chunk), null when all were.
    /// </summary>
    public static async Task<string?> InsertItemsAsync(DbConnection c, DbTransaction tx, string batchId, string recordId, long first, IReadOnlyList<string> serials, string now, CancellationToken ct)
    {
        await using var command = Command(c, tx, """
            INSERT INTO items (serial, batch_id, issuance_record_id, leaf_index, position, created_at)
            SELECT serial, @batch, @record, n - 1, @first + n - 1, @now FROM unnest(@serials) WITH ORDINALITY AS u(serial, n)
            ORDER BY n
            ON CONFLICT (serial) DO NOTHING
            RETURNING serial
            """);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("record", recordId);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("serials", serials.ToArray());
        var inserted = new HashSet<string>(serials.Count, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        if (inserted.Count == serials.Count)
        {
            return null;
        }

        // A serial inserted once is consumed; a second occurrence in the chunk is then a collision too.
        foreach (var serial in serials)
        {
            if (!inserted.Remove(serial))
            {
                return serial;
            }
        }

        return null;
    }

    /// <summary>Marks the given serials withdrawn by one record.</summary>
    public static async Task WithdrawItemsAsync(DbConnection c, DbTransaction tx, string recordId, string reason, IReadOnlyList<string> serials, CancellationToken ct)
    {
        await using var command = Command(c, tx, "UPDATE items SET withdrawn_record_id = @record, withdrawn_reason = @reason WHERE serial = ANY(@serials)");
        command.Parameters.AddWithValue("record", recordId);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("serials", serials.ToArray());
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends scans and adds each code's share (<paramref name="codes"/>: one row per code, its scans newest first as
    /// <see cref="Items.ScanHistory"/>) to its totals and newest scans, keeping <paramref name="keep"/>. The merge runs
    /// in the upsert, under the row's lock, so instances flushing the same code at once each add theirs.
    /// </summary>
    public static async Task AppendScansAsync(
        DbConnection c, DbTransaction tx, IReadOnlyList<(string Serial, string At, string? Scanner, double? Lat, double? Lon, string? Place)> scans,
        IReadOnlyList<(string Serial, long Count, string FirstAt, string Recent)> codes, int keep, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)c, (NpgsqlTransaction)tx);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO scans (serial, at, scanner_hash, lat, lon, place)
            SELECT * FROM unnest(@serial, @at, @scanner, @lat, @lon, @place)
            """);
        insert.Parameters.AddWithValue("serial", scans.Select(s => s.Serial).ToArray());
        insert.Parameters.AddWithValue("at", scans.Select(s => s.At).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("scanner", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = scans.Select(s => s.Scanner).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("lat", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double) { Value = scans.Select(s => s.Lat).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("lon", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double) { Value = scans.Select(s => s.Lon).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("place", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = scans.Select(s => s.Place).ToArray() });
        // Newest first by time, the added scans before the stored ones at the same millisecond (as ScanHistory.Merge).
        var totals = new NpgsqlBatchCommand("""
            INSERT INTO scan_totals (serial, count, first_at, recent)
            SELECT * FROM unnest(@serial, @count, @first, @recent)
            ON CONFLICT (serial) DO UPDATE SET
                count = scan_totals.count + excluded.count,
                first_at = LEAST(scan_totals.first_at, excluded.first_at),
                recent = (SELECT coalesce(jsonb_agg(e ORDER BY e->>0 DESC, n), '[]'::jsonb)::text
                          FROM (SELECT e, n FROM jsonb_array_elements(excluded.recent::jsonb || scan_totals.recent::jsonb) WITH ORDINALITY AS x(e, n)
                                ORDER BY e->>0 DESC, n LIMIT @keep) kept)
            """);
        totals.Parameters.AddWithValue("serial", codes.Select(s => s.Serial).ToArray());
        totals.Parameters.AddWithValue("count", codes.Select(s => s.Count).ToArray());
        totals.Parameters.AddWithValue("first", codes.Select(s => s.FirstAt).ToArray());
        totals.Parameters.AddWithValue("recent", codes.Select(s => s.Recent).ToArray());
        totals.Parameters.AddWithValue("keep", keep);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(totals);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Assigns leaves firstLeaf, firstLeaf + 1, … to the records with the given seqs, each only if still pending;
    /// returns how many were assigned (fewer than given means one was not pending any more).
    /// </summary>
    public static async Task<int> AssignLeavesAsync(DbConnection c, DbTransaction tx, long batchId, long firstLeaf, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        await using var command = Command(c, tx, """
            UPDATE records SET batch_id = @batch, leaf_index = @first + u.n - 1
            FROM unnest(@seqs) WITH ORDINALITY AS u(seq, n)
            WHERE records.seq = u.seq AND records.batch_id IS NULL
            """);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("first", firstLeaf);
        command.Parameters.AddWithValue("seqs", seqs.ToArray());
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(DbConnection c, DbTransaction tx, string sql) =>
        new(sql, (NpgsqlConnection)c, (NpgsqlTransaction)tx);
}
