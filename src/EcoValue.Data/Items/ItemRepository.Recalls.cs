using System.Data.Common;
using Dapper;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Items;

public sealed partial class ItemRepository
{
    private const string RecallSelect = """
        SELECT id AS Id, batch_id AS BatchId, reason AS Reason, record_id AS RecordId, created_at AS CreatedAt,
               lifted_record_id AS LiftedRecordId, lifted_reason AS LiftedReason, lifted_at AS LiftedAt
        FROM recalls
        """;

    /// <summary>
    /// Recalls a batch: the <c>batch-recall</c> record and the row, together. Returns the new recall, or the active one
    /// with <c>Created</c> false when the batch is recalled already (nothing written); null when there is no such batch.
    /// </summary>
    public Task<(RecallRow Recall, bool Created)?> RecallAsync(string batchId, string reason, RecordEnvelope record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync<(RecallRow, bool)?>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM batches WHERE id = @batchId", new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false) == 0)
            {
                return null;
            }

            if (await ActiveRecallAsync(c, tx, batchId, ct).ConfigureAwait(false) is { } active)
            {
                return (active, false);
            }

            await RecordRepository.AppendAsync(c, tx, [RecordRow.From(record)], ct).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO recalls (batch_id, reason, record_id, created_at) VALUES (@batchId, @reason, @recordId, @now)",
                new { batchId, reason, recordId = record.Id, now = DbTime.Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return ((await ActiveRecallAsync(c, tx, batchId, ct).ConfigureAwait(false))!, true);
        }, ct);
    }

    /// <summary>
    /// Lifts the batch's active recall with a record (built by <paramref name="record"/> from the recall's record id);
    /// null when the batch has no active recall.
    /// </summary>
    public Task<RecallRow?> LiftRecallAsync(string batchId, string reason, Func<string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync<RecallRow?>(async (c, tx) =>
        {
            if (await ActiveRecallAsync(c, tx, batchId, ct).ConfigureAwait(false) is not { } active)
            {
                return null;
            }

            var envelope = record(active.RecordId);
            await RecordRepository.AppendAsync(c, tx, [RecordRow.From(envelope)], ct).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE recalls SET lifted_record_id = @recordId, lifted_reason = @reason, lifted_at = @now WHERE id = @id",
                new { recordId = envelope.Id, reason, now = DbTime.Now(), id = active.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return await c.QuerySingleAsync<RecallRow>(new CommandDefinition(RecallSelect + " WHERE id = @id", new { id = active.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }, ct);
    }

    /// <summary>The batch's active recall, or null.</summary>
    public async Task<RecallRow?> ActiveRecallAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        return await ActiveRecallAsync(c, null, batchId, ct).ConfigureAwait(false);
    }

    private static Task<RecallRow?> ActiveRecallAsync(DbConnection c, DbTransaction? tx, string batchId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<RecallRow>(new CommandDefinition(RecallSelect + " WHERE batch_id = @batchId AND lifted_record_id IS NULL", new { batchId }, tx, cancellationToken: ct));
}
