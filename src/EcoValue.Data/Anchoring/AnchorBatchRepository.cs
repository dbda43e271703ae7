using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Anchoring;

/// <summary>Batch states (anchor_batches.status): see docs/anchoring.md.</summary>
public static class BatchStatus
{
    public const string Built = "built";
    public const string Sent = "sent";
    public const string Mined = "mined";
    public const string Anchored = "anchored";
}

public sealed record AnchorBatch(
    long Id,
    byte[] Root,
    long LeafCount,
    string Status,
    string CreatedAt,
    byte[]? TxHash,
    long? BlockNumber,
    byte[]? BlockHash,
    string? AnchoredAt);

public sealed record AnchorTransaction(
    long Id,
    long BatchId,
    long ChainId,
    string Sender,
    long Nonce,
    byte[] TxHash,
    byte[] Raw,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    string CreatedAt);

/// <summary>Raised when the records a batch was built from were taken by another batch meanwhile.</summary>
public sealed class BatchConflictException(string message) : Exception(message);

/// <summary>The anchoring outbox's batches and their transactions (tables anchor_batches, anchor_transactions).</summary>
public sealed class AnchorBatchRepository(Database database)
{
    /// <summary>The oldest batch not yet anchored, if any (the worker keeps at most one in flight).</summary>
    public async Task<AnchorBatch?> GetOpenBatchAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<AnchorBatch>(new CommandDefinition(
            SelectBatch + " WHERE status <> 'anchored' ORDER BY id LIMIT 1", cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<AnchorBatch?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<AnchorBatch>(new CommandDefinition(SelectBatch + " WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Writes queued on the database file by this process so far: more than one per chunk means others are writing too.</summary>
    public long WritesQueued => database.WritesQueued;

    /// <summary>Records per transaction when a batch's leaves are assigned (see <see cref="CreateBatchAsync(byte[], IReadOnlyList{long}, int, Func{Task}?, CancellationToken)"/>).</summary>
    public const int DefaultAssignChunk = 100;

    /// <inheritdoc cref="CreateBatchAsync(byte[], IReadOnlyList{long}, int, Func{Task}?, CancellationToken)"/>
    public Task<long> CreateBatchAsync(byte[] root, IReadOnlyList<long> seqs, CancellationToken ct = default) =>
        CreateBatchAsync(root, seqs, DefaultAssignChunk, null, ct);

    /// <summary>
    /// Creates a batch over the given records (leaf index = position in <paramref name="seqs"/>). The batch row and
    /// the first <paramref name="chunk"/> leaves commit together; every record there must still be pending, otherwise
    /// nothing is written and <see cref="BatchConflictException"/> says so. The remaining leaves follow in transactions
    /// of <paramref name="chunk"/> records each, so a 10,000-record window holds the write lock for a few milliseconds
    /// at a time instead of ~100 ms (single writes queue behind it; docs/architecture.md, "Write path").
    /// Until the last chunk commits the batch is incomplete (<see cref="CountLeavesAsync"/> &lt; leaf count); after a
    /// crash in between, <see cref="AssignAsync(long, long, IReadOnlyList{long}, int, Func{Task}?, CancellationToken)"/> finishes it. <paramref name="afterChunk"/> runs between chunks
    /// (the worker's pause that spreads the work out, a test's crash point).
    /// </summary>
    public async Task<long> CreateBatchAsync(byte[] root, IReadOnlyList<long> seqs, int chunk, Func<Task>? afterChunk, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(seqs);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (seqs.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one record", nameof(seqs));
        }

        var first = Math.Min(chunk, seqs.Count);
        var id = await database.WriteAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, @count, 'built', @now) RETURNING id
                """, new { root, count = seqs.Count, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            await AssignLeavesAsync(c, tx, id, 0, seqs, 0, first, ct).ConfigureAwait(false);
            return id;
        }, ct).ConfigureAwait(false);

        if (first < seqs.Count)
        {
            if (afterChunk is not null)
            {
                await afterChunk().ConfigureAwait(false);
            }

            await AssignAsync(id, first, [.. seqs.Skip(first)], chunk, afterChunk, ct).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>
    /// Assigns leaves <paramref name="firstLeaf"/>, <paramref name="firstLeaf"/> + 1, … to the given pending records in
    /// transactions of <paramref name="chunk"/> records (see <see cref="AssignAsync(long, long, IReadOnlyList{long}, CancellationToken)"/>);
    /// <paramref name="afterChunk"/> runs between them.
    /// </summary>
    public async Task AssignAsync(long batchId, long firstLeaf, IReadOnlyList<long> seqs, int chunk, Func<Task>? afterChunk, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        for (var start = 0; start < seqs.Count; start += chunk)
        {
            if (start > 0 && afterChunk is not null)
            {
                await afterChunk().ConfigureAwait(false);
            }

            await AssignAsync(batchId, firstLeaf + start, [.. seqs.Skip(start).Take(chunk)], ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Assigns leaves <paramref name="firstLeaf"/>, <paramref name="firstLeaf"/> + 1, … of a batch to the given
    /// pending records, in one transaction; <see cref="BatchConflictException"/> (and nothing written) when one of them
    /// is no longer pending.
    /// </summary>
    public async Task AssignAsync(long batchId, long firstLeaf, IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        await database.WriteAsync(async (c, tx) =>
        {
            await AssignLeavesAsync(c, tx, batchId, firstLeaf, seqs, 0, seqs.Count, ct).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>How many records are assigned to the batch so far (its leaf count once it is complete).</summary>
    public async Task<long> CountLeavesAsync(long batchId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM records WHERE batch_id = @batchId", new { batchId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static async Task AssignLeavesAsync(DbConnection c, DbTransaction tx, long batchId, long firstLeaf, IReadOnlyList<long> seqs, int from, int count, CancellationToken ct)
    {
        if (c is not SqliteConnection sqlite)
        {
            // One statement for the chunk: fewer rows changed than given means one was no longer pending.
            var part = seqs.Skip(from).Take(count).ToList();
            if (await PostgresBulk.AssignLeavesAsync(c, tx, batchId, firstLeaf + from, part, ct).ConfigureAwait(false) != part.Count)
            {
                throw new BatchConflictException($"a record of seqs {part[0]}..{part[^1]} is no longer pending; leaves not assigned");
            }

            return;
        }

        // The statement runs in the connection's open transaction (the write queue's).
        using var update = new RawStatement(sqlite, "UPDATE records SET batch_id = ?1, leaf_index = ?2 WHERE seq = ?3 AND batch_id IS NULL");
        update.Bind(1, batchId);
        for (var i = from; i < from + count; i++)
        {
            ct.ThrowIfCancellationRequested();
            update.Bind(2, firstLeaf + i);
            update.Bind(3, seqs[i]);
            if (update.Run() != 1)
            {
                // Thrown out of the write: all of this transaction's writes are rolled back.
                throw new BatchConflictException($"record seq {seqs[i]} is no longer pending; leaves not assigned");
            }
        }
    }

    /// <summary>
    /// Write-ahead: records a signed transaction for a batch (and marks it sent) before it is broadcast. Signing the same
    /// fields again (e.g. after a reorg dropped the transaction) yields the same hash: recorded once.
    /// </summary>
    public async Task AddTransactionAsync(long batchId, long chainId, string sender, long nonce, byte[] txHash, byte[] raw, string maxFeePerGas, string maxPriorityFeePerGas, CancellationToken ct = default)
    {
        await database.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO anchor_transactions (batch_id, chain_id, sender, nonce, tx_hash, raw, max_fee_per_gas, max_priority_fee_per_gas, created_at)
                VALUES (@batchId, @chainId, @sender, @nonce, @txHash, @raw, @maxFeePerGas, @maxPriorityFeePerGas, @now)
                ON CONFLICT (tx_hash) DO NOTHING
                """, new { batchId, chainId, sender, nonce, txHash, raw, maxFeePerGas, maxPriorityFeePerGas, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE anchor_batches SET status = 'sent' WHERE id = @batchId AND status = 'built'", new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Every transaction ever signed for a batch, newest last.</summary>
    public async Task<IReadOnlyList<AnchorTransaction>> ListTransactionsAsync(long batchId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AnchorTransaction>(new CommandDefinition("""
            SELECT id AS Id, batch_id AS BatchId, chain_id AS ChainId, sender AS Sender, nonce AS Nonce, tx_hash AS TxHash, raw AS Raw,
                   max_fee_per_gas AS MaxFeePerGas, max_priority_fee_per_gas AS MaxPriorityFeePerGas, created_at AS CreatedAt
            FROM anchor_transactions WHERE batch_id = @batchId ORDER BY id
            """, new { batchId }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    /// <summary>The highest nonce we ever signed from this sender on this chain, or null.</summary>
    public async Task<long?> HighestNonceAsync(long chainId, string sender, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(nonce) FROM anchor_transactions WHERE chain_id = @chainId AND sender = @sender", new { chainId, sender }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public Task MarkMinedAsync(long batchId, byte[] txHash, long blockNumber, byte[] blockHash, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE anchor_batches SET status = 'mined', tx_hash = @txHash, block_number = @blockNumber, block_hash = @blockHash WHERE id = @batchId",
            new { batchId, txHash, blockNumber, blockHash }, ct);

    public Task MarkAnchoredAsync(long batchId, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE anchor_batches SET status = 'anchored', anchored_at = @now WHERE id = @batchId AND status = 'mined'", new { batchId, now = Now() }, ct);

    /// <summary>A reorg took the anchoring transaction away: the same root must be sent again.</summary>
    public Task ResetToBuiltAsync(long batchId, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE anchor_batches SET status = 'built', tx_hash = NULL, block_number = NULL, block_hash = NULL WHERE id = @batchId AND status <> 'anchored'", new { batchId }, ct);

    /// <summary>How many records wait for a tree, and when the oldest of them was committed.</summary>
    public async Task<(long Count, string? OldestCommittedAt)> PendingAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<(long, string?)>(new CommandDefinition(
            "SELECT count(*), min(committed_at) FROM records WHERE batch_id IS NULL", cancellationToken: ct)).ConfigureAwait(false);
        return row;
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static string Now() => DbTime.Now();

    private const string SelectBatch = """
        SELECT id AS Id, root AS Root, leaf_count AS LeafCount, status AS Status, created_at AS CreatedAt, tx_hash AS TxHash,
               block_number AS BlockNumber, block_hash AS BlockHash, anchored_at AS AnchoredAt
        FROM anchor_batches
        """;
}
