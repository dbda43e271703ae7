using System.Data.Common;
using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Records;

/// <summary>A record as stored: the canonical envelope bytes exactly as hashed, plus the columns we query by.</summary>
public sealed record RecordRow(string Id, string Kind, string Subject, string Actor, string At, byte[] Envelope, byte[] RecordHash)
{
    /// <summary>The row for an envelope: canonicalised once, and those very bytes hashed (ingest hot path).</summary>
    public static RecordRow From(RecordEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var canonical = envelope.ToCanonicalJson();
        return new(envelope.Id, envelope.Kind, envelope.Subject, envelope.Actor, envelope.AtText, canonical, Keccak.Hash(canonical));
    }
}

/// <summary>A stored record with its place in the log and, once batched, in a Merkle tree.</summary>
public sealed record StoredRecord(
    long Seq,
    string Id,
    string Kind,
    string Subject,
    string Actor,
    string At,
    byte[] Envelope,
    byte[] RecordHash,
    string CommittedAt,
    long? BatchId,
    long? LeafIndex);

/// <summary>
/// The append-only record log (table records). Appends are the commit point of the outbox: once this returns, the
/// record will be anchored, whatever happens to the process afterwards.
/// </summary>
public sealed class RecordRepository(Database database)
{
    /// <summary>Appends records in one transaction (all or none); returns their sequence numbers in order.</summary>
    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<RecordRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return await database.WriteAsync((c, tx) => AppendAsync(c, tx, rows, ct), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends records inside the caller's transaction, so a record and the projection rows it justifies (a producer,
    /// a batch, …) commit together or not at all.
    /// </summary>
    public static Task<IReadOnlyList<long>> AppendAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<RecordRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(rows);
        if (tx.Connection != connection)
        {
            throw new ArgumentException("the transaction belongs to another connection", nameof(tx));
        }

        var committedAt = DbTime.Now();
        var seqs = new List<long>(rows.Count);

        if (connection is not SqliteConnection sqlite)
        {
            return PostgresBulk.AppendRecordsAsync(connection, tx, rows, committedAt, ct);
        }

        // One prepared statement for the whole batch: appends are the ingest hot path (issue 3 targets 10k records/s).
        using var insert = new RawStatement(sqlite, """
            INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """);
        insert.Bind(8, committedAt);
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            insert.Bind(1, row.Id);
            insert.Bind(2, row.Kind);
            insert.Bind(3, row.Subject);
            insert.Bind(4, row.Actor);
            insert.Bind(5, row.At);
            insert.Bind(6, row.Envelope);
            insert.Bind(7, row.RecordHash);
            insert.Run();
            // seq is the rowid (INTEGER PRIMARY KEY): read it from the connection, cheaper than RETURNING's result set.
            seqs.Add(SQLitePCL.raw.sqlite3_last_insert_rowid(sqlite.Handle));
        }

        return Task.FromResult<IReadOnlyList<long>>(seqs);
    }

    /// <summary>True when no record was ever committed (the dev profile seeds its demo only then).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM (SELECT 1 FROM records LIMIT 1) AS one", cancellationToken: ct)).ConfigureAwait(false) == 0;
    }

    public async Task<StoredRecord?> GetByIdAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<StoredRecord>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Records not yet in any tree, oldest first.</summary>
    public async Task<IReadOnlyList<StoredRecord>> ListPendingAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StoredRecord>(new CommandDefinition(
            Select + " WHERE batch_id IS NULL ORDER BY seq LIMIT @limit", new { limit }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    /// <summary>Sequence numbers and hashes of the oldest pending records: all a Merkle tree needs (no envelopes read).</summary>
    public async Task<IReadOnlyList<(long Seq, byte[] RecordHash)>> ListPendingHashesAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long, byte[])>(new CommandDefinition(PendingHashesSql, new { limit }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    /// <summary>Answered from the <c>records_pending</c> index alone (migration 4), never from the wide record rows.</summary>
    internal const string PendingHashesSql = "SELECT seq, record_hash FROM records WHERE batch_id IS NULL ORDER BY seq LIMIT @limit";

    /// <summary>The records of one batch in leaf order (the order their hashes were given to the tree).</summary>
    public async Task<IReadOnlyList<StoredRecord>> ListBatchAsync(long batchId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StoredRecord>(new CommandDefinition(
            Select + " WHERE batch_id = @batchId ORDER BY leaf_index", new { batchId }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    /// <summary>
    /// The record hashes of one batch in leaf order, and nothing else: what its Merkle tree is rebuilt from (a proof
    /// needs no neighbour's envelope, and a 10,000-record window's envelopes are megabytes).
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> ListBatchHashesAsync(long batchId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<byte[]>(new CommandDefinition(
            "SELECT record_hash FROM records WHERE batch_id = @batchId ORDER BY leaf_index", new { batchId }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    // Bytes(): a hand-edited SQLite file may hold an envelope or hash as TEXT (SQLite's replace() returns text); read as
    // bytes it is simply tampered content the proof reports, never an error that takes the page down.
    private string Select => $"""
        SELECT seq AS Seq, id AS Id, kind AS Kind, subject AS Subject, actor AS Actor, at AS At, {database.Sql.Bytes("envelope")} AS Envelope,
               {database.Sql.Bytes("record_hash")} AS RecordHash, committed_at AS CommittedAt, batch_id AS BatchId, leaf_index AS LeafIndex
        FROM records
        """;
}
