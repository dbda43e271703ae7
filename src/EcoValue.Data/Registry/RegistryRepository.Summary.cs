using Dapper;

namespace EcoValue.Data.Registry;

/// <summary>How many entries a scope holds, and how many of them wait for their newest record to be anchored.</summary>
public sealed record RegistryCounts(long Plots, long Batches, long FieldEvents, long LabResults, long Pending);

/// <summary>
/// One recently written registry entry (a dashboard line): what kind, which one, the batch it belongs to (events and
/// lab results; a batch names itself), a short label, its newest record and that record's anchoring state.
/// A class with setters, not a positional record: SQLite reports no column types for the constants of the UNION.
/// </summary>
public sealed class RecentEntry
{
    public string Kind { get; set; } = string.Empty;

    public string Id { get; set; } = string.Empty;

    public string? BatchId { get; set; }

    public string Label { get; set; } = string.Empty;

    public string RecordId { get; set; } = string.Empty;

    public string UpdatedAt { get; set; } = string.Empty;

    public string? Anchoring { get; set; }

    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

public sealed partial class RegistryRepository
{
    /// <summary>Counts of the entries in <paramref name="scope"/> (the portal's dashboard).</summary>
    public async Task<RegistryCounts> CountAsync(Scope scope, CancellationToken ct = default)
    {
        var where = scope.ProducerId is null ? string.Empty : " WHERE producer_id = @scope";
        var producers = scope.ProducerId is null ? string.Empty : " WHERE id = @scope";
        var sql = $"""
            SELECT (SELECT count(*) FROM plots{where}) AS Plots,
                   (SELECT count(*) FROM batches{where}) AS Batches,
                   (SELECT count(*) FROM field_events{where}) AS FieldEvents,
                   (SELECT count(*) FROM lab_results{where}) AS LabResults,
                   (SELECT count(*) FROM (
                        SELECT record_id FROM producers{producers} UNION ALL SELECT record_id FROM plots{where}
                        UNION ALL SELECT record_id FROM batches{where} UNION ALL SELECT record_id FROM field_events{where}
                        UNION ALL SELECT record_id FROM lab_results{where}) x
                    LEFT JOIN records r ON r.id = x.record_id LEFT JOIN anchor_batches ab ON ab.id = r.batch_id
                    WHERE ab.status IS NULL OR ab.status <> 'anchored') AS Pending
            """;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<(long, long, long, long, long)>(new CommandDefinition(sql, new { scope = scope.ProducerId }, cancellationToken: ct)).ConfigureAwait(false);
        return new RegistryCounts(row.Item1, row.Item2, row.Item3, row.Item4, row.Item5);
    }

    /// <summary>
    /// The <paramref name="limit"/> most recently written entries in <paramref name="scope"/>, newest first: the newest
    /// <paramref name="limit"/> of each table by id (UUIDv7: creation order, indexed) merged and ordered by last write.
    /// </summary>
    public async Task<IReadOnlyList<RecentEntry>> RecentAsync(Scope scope, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var where = scope.ProducerId is null ? string.Empty : " WHERE t.producer_id = @scope";
        var producers = scope.ProducerId is null ? string.Empty : " WHERE t.id = @scope";
        string Part(string kind, string batchId, string label, string table, string filter) =>
            $"SELECT * FROM (SELECT '{kind}' AS Kind, t.id AS Id, {batchId} AS BatchId, {label} AS Label, t.record_id AS RecordId, t.updated_at AS UpdatedAt, {AnchoringColumn} FROM {table} t{AnchoringJoin}{filter} ORDER BY t.id DESC LIMIT @limit) AS newest_{table}";
        var sql = string.Join(" UNION ALL ",
            Part("producer", "NULL", "t.name", "producers", producers),
            Part("plot", "NULL", "t.name", "plots", where),
            Part("batch", "t.id", "t.product || ' · ' || t.lot", "batches", where),
            Part("field-event", "t.batch_id", "t.kind", "field_events", where),
            Part("lab-result", "t.batch_id", "t.lab || ' · ' || t.report_number", "lab_results", where))
            + " ORDER BY UpdatedAt DESC, RecordId DESC LIMIT @limit";
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RecentEntry>(new CommandDefinition(sql, new { scope = scope.ProducerId, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.AsList();
    }
}
