using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Registry;

/// <summary>A producer's evidence document, with the anchoring status of its newest record.</summary>
public sealed record EvidenceRow(
    string Id, string ProducerId, string? BatchId, string RecordId, long Version, string Kind, string Title, string? IssuedOn,
    string? ValidUntil, string? FileHash, string? CarbonCategory, double? CarbonKgCo2ePerKg, string? CarbonBasis,
    string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

/// <summary>
/// Everything the registry knows about one producer that a brand standard may judge, read in one go for an
/// evaluation: its plots, batches, input-applied field events, lab results and evidence documents.
/// </summary>
public sealed record ProducerEvidenceRows(
    ProducerRow Producer,
    IReadOnlyList<PlotRow> Plots,
    IReadOnlyList<BatchRow> Batches,
    IReadOnlyList<FieldEventRow> InputEvents,
    IReadOnlyList<LabResultRow> LabResults,
    IReadOnlyList<EvidenceRow> Documents);

public sealed partial class RegistryRepository
{
    /// <summary>The field event kind whose details name an input (product, active ingredient, dose).</summary>
    public const string InputAppliedKind = "input-applied";

    /// <summary>Most rows of each kind one evaluation reads; a producer with more is evaluated on the newest.</summary>
    public const int MaxEvidenceRows = 10_000;

    private const string EvidenceSelect = $"""
        SELECT t.id AS Id, t.producer_id AS ProducerId, t.batch_id AS BatchId, t.record_id AS RecordId, t.version AS Version,
               t.kind AS Kind, t.title AS Title, t.issued_on AS IssuedOn, t.valid_until AS ValidUntil, t.file_hash AS FileHash,
               t.carbon_category AS CarbonCategory, t.carbon_kg_co2e_per_kg AS CarbonKgCo2ePerKg, t.carbon_basis AS CarbonBasis,
               t.created_at AS CreatedAt, t.updated_at AS UpdatedAt, {AnchoringColumn}
        FROM evidence_documents t{AnchoringJoin}
        """;

    /// <summary>
    /// Files a document for a producer in scope (null when the producer is not). A batch it names must be one of the
    /// producer's: another producer's batch is reported like a missing one (a field error on batchId).
    /// </summary>
    public Task<EvidenceRow?> CreateEvidenceAsync(string id, string producerId, Scope scope, EvidenceFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<EvidenceRow?>(async (c, tx) =>
        {
            if (await CurrentAsync(c, tx, "producers", producerId, scope, ct).ConfigureAwait(false) is null)
            {
                return (null, []);
            }

            if (facts.BatchId is { } batchId && await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM batches WHERE id = @batchId AND producer_id = @producerId", new { batchId, producerId }, tx, cancellationToken: ct)).ConfigureAwait(false) == 0)
            {
                throw new DomainValidationException(new FieldError("batchId", "batch.not_found", "no such batch among this producer's batches", "该生产主体没有这个批次"));
            }

            var envelope = record(null);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO evidence_documents (id, producer_id, batch_id, record_id, version, kind, title, issued_on, valid_until, file_hash,
                                                carbon_category, carbon_kg_co2e_per_kg, carbon_basis, created_at, updated_at)
                VALUES (@id, @producerId, @BatchId, @recordId, 1, @Kind, @Title, @IssuedOn, @ValidUntil, @FileHash,
                        @carbonCategory, @carbonValue, @carbonBasis, @now, @now)
                """, new
            {
                id, producerId, facts.BatchId, recordId = envelope.Id, facts.Kind, facts.Title, facts.IssuedOn, facts.ValidUntil, facts.FileHash,
                carbonCategory = facts.Carbon?.Category, carbonValue = facts.Carbon?.KgCo2ePerKg, carbonBasis = facts.Carbon?.Basis, now,
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<EvidenceRow>(new CommandDefinition(EvidenceSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<EvidenceRow?> GetEvidenceAsync(string id, string producerId, Scope scope, CancellationToken ct = default) =>
        SingleAsync<EvidenceRow>(EvidenceSelect + " WHERE t.id = @id AND t.producer_id = @producerId" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"),
            new { id, producerId, scope = scope.ProducerId }, ct);

    /// <summary>A producer's documents, optionally of one kind or one batch, paged by id.</summary>
    public Task<Page<EvidenceRow>> ListEvidenceAsync(string producerId, string? kind, string? batchId, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(EvidenceSelect)
            .Where("t.producer_id = @producer", "producer", producerId)
            .WhereIf(kind is not null, "t.kind = @kind", "kind", kind)
            .WhereIf(batchId is not null, "t.batch_id = @batch", "batch", batchId);
        return PageAsync<EvidenceRow>(query, after, limit, r => r.Id, ct);
    }

    /// <summary>
    /// A producer's registry entries for an evaluation, newest first up to <see cref="MaxEvidenceRows"/> of each kind,
    /// read on one connection; null when there is no such producer.
    /// </summary>
    public async Task<ProducerEvidenceRows?> ReadEvidenceAsync(string producerId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var producer = await c.QuerySingleOrDefaultAsync<ProducerRow>(new CommandDefinition(ProducerSelect + " WHERE t.id = @producerId", new { producerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (producer is null)
        {
            return null;
        }

        async Task<IReadOnlyList<T>> Rows<T>(string select, string where = "") =>
            (await c.QueryAsync<T>(new CommandDefinition(select + " WHERE t.producer_id = @producerId" + where + " ORDER BY t.id DESC LIMIT @max",
                new { producerId, max = MaxEvidenceRows, kind = InputAppliedKind }, tx, cancellationToken: ct)).ConfigureAwait(false)).AsList();

        return new ProducerEvidenceRows(
            producer,
            await Rows<PlotRow>(PlotSelect).ConfigureAwait(false),
            await Rows<BatchRow>(BatchSelect).ConfigureAwait(false),
            await Rows<FieldEventRow>(EventSelect, " AND t.kind = @kind").ConfigureAwait(false),
            await Rows<LabResultRow>(LabSelect).ConfigureAwait(false),
            await Rows<EvidenceRow>(EvidenceSelect).ConfigureAwait(false));
    }
}
