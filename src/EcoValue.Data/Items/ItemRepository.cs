using System.Data.Common;
using System.Globalization;
using Dapper;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Items;

/// <summary>
/// Item codes (docs/verification.md): issuance in chunks (each one write holding its <c>item-issuance</c> record and
/// its up to 10,000 item rows), the batch's item list, withdrawal and recall (records, the rows only point at them),
/// and the point reads a scan makes. Scope (who may touch which batch) is the caller's: it looks the batch up in the
/// registry's scope first, so another producer's batch is "not found".
/// </summary>
public sealed partial class ItemRepository(Database database)
{
    public const int MaxChunk = 10_000;

    public const int MaxPageSize = 1_000;

    // The primary key a serial that exists already violates (items has no other unique key on serial).
    private const string SerialKey = "items.serial";

    /// <summary>
    /// Issues one chunk in one write: reads the bounds (<see cref="IssuanceState"/>) and hands them to
    /// <paramref name="check"/>, which throws when the chunk does not fit (the authoritative check: it runs under the
    /// write lock); then appends the issuance record, the issuance row and the item rows. A serial that exists already
    /// rolls the chunk back with <see cref="SerialCollisionException"/>. Null when the batch does not exist.
    /// </summary>
    public Task<IssuedChunk?> IssueChunkAsync(string batchId, IReadOnlyList<string> serials, double itemQuantity, string serialsRoot, RecordEnvelope record, Action<IssuanceState> check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(serials);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfZero(serials.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serials.Count, MaxChunk);
        return database.WriteAsync<IssuedChunk?>(async (c, tx) =>
        {
            if (await StateAsync(c, tx, batchId, ct).ConfigureAwait(false) is not { } state)
            {
                return null;
            }

            check(state);
            await RecordRepository.AppendAsync(c, tx, [RecordRow.From(record)], ct).ConfigureAwait(false);
            var now = DbTime.Now();
            var first = state.IssuedCount;
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO item_issuances (record_id, batch_id, count, item_quantity, first_position, serials_root, created_at)
                VALUES (@recordId, @batchId, @count, @itemQuantity, @first, @serialsRoot, @now)
                """, new { recordId = record.Id, batchId, count = serials.Count, itemQuantity, first, serialsRoot, now }, tx, cancellationToken: ct)).ConfigureAwait(false);

            if (c is not SqliteConnection sqlite)
            {
                // One statement for the chunk; a serial that exists already is skipped there and named here.
                if (await PostgresBulk.InsertItemsAsync(c, tx, batchId, record.Id, first, serials, now, ct).ConfigureAwait(false) is { } taken)
                {
                    throw new SerialCollisionException(taken);
                }

                return new IssuedChunk(record.Id, first, serials.Count);
            }

            // Prepared once, bound by position: 10,000 rows per chunk (see RawStatement).
            using var insert = new RawStatement(sqlite, """
                INSERT INTO items (serial, batch_id, issuance_record_id, leaf_index, position, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """);
            insert.Bind(2, batchId);
            insert.Bind(3, record.Id);
            insert.Bind(6, now);
            for (var i = 0; i < serials.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                insert.Bind(1, serials[i]);
                insert.Bind(4, i);
                insert.Bind(5, first + i);
                try
                {
                    insert.Run();
                }
                catch (Exception e) when (database.IsUniqueViolation(e, out var detail) && detail.Contains(SerialKey, StringComparison.Ordinal))
                {
                    throw new SerialCollisionException(serials[i]);
                }
            }

            return new IssuedChunk(record.Id, first, serials.Count);
        }, ct);
    }

    /// <summary>The bounds of an issuance as they stand now (the pre-check before anything is written); null for no such batch.</summary>
    public async Task<IssuanceState?> StateAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return await StateAsync(c, null, batchId, ct).ConfigureAwait(false);
    }

    private static async Task<IssuanceState?> StateAsync(DbConnection c, DbTransaction? tx, string batchId, CancellationToken ct)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            SELECT b.producer_id, b.gtin, b.lot, b.quantity, b.unit, k.quantity_kg, k.licence_id,
                   (SELECT coalesce(sum(count), 0) FROM item_issuances WHERE batch_id = b.id),
                   (SELECT coalesce(sum(count * item_quantity), 0.0) FROM item_issuances WHERE batch_id = b.id),
                   EXISTS (SELECT 1 FROM recalls WHERE batch_id = b.id AND lifted_record_id IS NULL)
            FROM batches b LEFT JOIN brand_claims k ON k.batch_id = b.id
            WHERE b.id = @batch
            """;
        command.AddParameter("@batch", batchId);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return new IssuanceState(batchId, r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7), r.GetDouble(8), Convert.ToBoolean(r.GetValue(9), CultureInfo.InvariantCulture)); // EXISTS: 0/1 on SQLite, boolean on PostgreSQL
    }

    /// <summary>One item by its serial (the scan's first read: a point lookup in the items b-tree).</summary>
    public async Task<ItemRow?> GetItemAsync(string serial, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = ItemSelect + " WHERE i.serial = @serial";
        command.AddParameter("@serial", serial);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadItem(r) : null;
    }

    /// <summary>
    /// The scan answer's one read (docs/verification.md, "Scan log"): the item, its scan totals and its newest
    /// <paramref name="limit"/> logged scans (newest first), in one statement and so from one snapshot, through
    /// <see cref="Database.ReadPreparedAsync{T}"/>. Null when no item has <paramref name="serial"/>.
    /// </summary>
    public Task<ItemScans?> GetItemWithScansAsync(string serial, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(serial);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadPreparedAsync(ItemWithScansSelect, [new("@serial", serial)], rows =>
        {
            if (!rows.Read())
            {
                return null;
            }

            var item = new ItemRow(
                rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetInt64(3), rows.GetInt64(4), rows.GetString(5),
                rows.IsNull(6) ? null : rows.GetString(6), rows.IsNull(7) ? null : rows.GetString(7), rows.GetInt64(8), rows.IsNull(9) ? null : DbTime.Parse(rows.GetString(9)));
            return new ItemScans(item, ScanHistory.ReadStored(rows, 10, limit));
        }, ct);
    }

    /// <summary>A batch's items in issue order after position <paramref name="after"/>; <c>Next</c> is the cursor of the next page.</summary>
    public async Task<(IReadOnlyList<ItemRow> Items, long? Next)> ListItemsAsync(string batchId, long? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = ItemSelect + " WHERE i.batch_id = @batch AND i.position > @after ORDER BY i.position LIMIT @limit";
        command.AddParameter("@batch", batchId);
        command.AddParameter("@after", after ?? -1);
        command.AddParameter("@limit", limit + 1);
        var items = new List<ItemRow>(Math.Min(limit + 1, 256));
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            items.Add(ReadItem(r));
        }

        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return (items, more ? items[^1].Position : null);
    }

    public async Task<IssuanceRow?> GetIssuanceAsync(string recordId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<IssuanceRow>(new CommandDefinition(IssuanceSelect + " WHERE record_id = @recordId", new { recordId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>A batch's issuances in issue order.</summary>
    public async Task<IReadOnlyList<IssuanceRow>> ListIssuancesAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<IssuanceRow>(new CommandDefinition(IssuanceSelect + " WHERE batch_id = @batchId ORDER BY first_position", new { batchId }, cancellationToken: ct)).ConfigureAwait(false)];
    }

    /// <summary>
    /// The serials of one issuance in leaf order, read as the batch's positions first .. first + count − 1 (one range of
    /// the items_batch index): what its serial tree is rebuilt from.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListIssuanceSerialsAsync(IssuanceRow issuance, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = "SELECT serial FROM items WHERE batch_id = @batch AND position >= @first AND position < @end ORDER BY position";
        command.AddParameter("@batch", issuance.BatchId);
        command.AddParameter("@first", issuance.FirstPosition);
        command.AddParameter("@end", issuance.FirstPosition + issuance.Count);
        var serials = new List<string>((int)Math.Min(issuance.Count, MaxChunk));
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            serials.Add(r.GetString(0));
        }

        return serials;
    }

    /// <summary>
    /// Withdraws items of a batch (one record for all of them, built by <paramref name="record"/> from the serials newly
    /// withdrawn). Serials that are not items of this batch are field errors (<c>serials[i]</c>) and nothing is written;
    /// serials withdrawn before are reported, not withdrawn twice.
    /// </summary>
    public Task<WithdrawalResult> WithdrawAsync(string batchId, IReadOnlyList<string> serials, string reason, Func<IReadOnlyList<string>, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(serials);
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync(async (c, tx) =>
        {
            var errors = new FieldErrors();
            var fresh = new List<string>();
            var already = new List<string>();
            for (var i = 0; i < serials.Count; i++)
            {
                var row = await c.QuerySingleOrDefaultAsync<(string BatchId, string? Withdrawn)?>(new CommandDefinition(
                    "SELECT batch_id, withdrawn_record_id FROM items WHERE serial = @serial", new { serial = serials[i] }, tx, cancellationToken: ct)).ConfigureAwait(false);
                if (row is not { } item || item.BatchId != batchId)
                {
                    errors.Add($"serials[{i.ToString(CultureInfo.InvariantCulture)}]", "item.not_found", "is not an item of this batch", "不是该批次的商品码");
                }
                else if (item.Withdrawn is not null || fresh.Contains(serials[i], StringComparer.Ordinal))
                {
                    already.Add(serials[i]);
                }
                else
                {
                    fresh.Add(serials[i]);
                }
            }

            errors.ThrowIfAny();
            if (fresh.Count == 0)
            {
                return new WithdrawalResult(null, [], already);
            }

            var envelope = record(fresh);
            await RecordRepository.AppendAsync(c, tx, [RecordRow.From(envelope)], ct).ConfigureAwait(false);
            if (c is not SqliteConnection sqlite)
            {
                await PostgresBulk.WithdrawItemsAsync(c, tx, envelope.Id, reason, fresh, ct).ConfigureAwait(false);
                return new WithdrawalResult(envelope.Id, fresh, already);
            }

            using var update = new RawStatement(sqlite, "UPDATE items SET withdrawn_record_id = ?1, withdrawn_reason = ?2 WHERE serial = ?3");
            update.Bind(1, envelope.Id);
            update.Bind(2, reason);
            foreach (var serial in fresh)
            {
                update.Bind(3, serial);
                update.Run();
            }

            return new WithdrawalResult(envelope.Id, fresh, already);
        }, ct);
    }

    // With the item's scan totals (migration 10): a scan answer reads its item and how often it was scanned in one lookup.
    private const string ItemSelect = """
        SELECT i.serial, i.batch_id, i.issuance_record_id, i.leaf_index, i.position, i.created_at, i.withdrawn_record_id, i.withdrawn_reason,
               coalesce(t.count, 0), t.first_at
        FROM items i LEFT JOIN scan_totals t ON t.serial = i.serial
        """;

    // The newest scans are the code's scan_totals row too (migration 12, ScanHistory): one primary-key lookup each
    // for the item and its scans, whatever the limit, so the statement's text never changes and stays prepared.
    private const string ItemWithScansSelect = """
        SELECT i.serial, i.batch_id, i.issuance_record_id, i.leaf_index, i.position, i.created_at, i.withdrawn_record_id, i.withdrawn_reason,
               coalesce(t.count, 0), t.first_at, t.recent
        FROM items i LEFT JOIN scan_totals t ON t.serial = i.serial
        WHERE i.serial = @serial
        """;

    private const string IssuanceSelect = """
        SELECT record_id AS RecordId, batch_id AS BatchId, count AS Count, item_quantity AS ItemQuantity, first_position AS FirstPosition,
               serials_root AS SerialsRoot, created_at AS CreatedAt
        FROM item_issuances
        """;

    private static ItemRow ReadItem(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8), r.IsDBNull(9) ? null : DbTime.Parse(r.GetString(9)));
}
