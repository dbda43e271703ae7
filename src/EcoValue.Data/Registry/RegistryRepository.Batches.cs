using System.Data.Common;
using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Registry;

/// <summary>Filters for the batch list; null means "any".</summary>
public sealed record BatchFilter(string? ProducerId = null, string? PlotId = null, string? Category = null, string? Gtin = null, string? Lot = null, string? HarvestedFrom = null, string? HarvestedTo = null, string? Q = null);

public sealed partial class RegistryRepository
{
    private const string BatchSelect = $"""
        SELECT t.id AS Id, t.producer_id AS ProducerId, t.plot_id AS PlotId, t.record_id AS RecordId, t.version AS Version,
               t.product AS Product, t.category AS Category, t.gtin AS Gtin, t.lot AS Lot, t.harvest_date AS HarvestDate,
               t.quantity AS Quantity, t.unit AS Unit, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt, {AnchoringColumn}
        FROM batches t{AnchoringJoin}
        """;

    /// <summary>
    /// Registers a batch for <paramref name="producerId"/>. The plot must be one of that producer's: a plot of another
    /// producer is reported exactly like a missing one (a field error on plotId), revealing nothing.
    /// </summary>
    public Task<BatchRow> CreateBatchAsync(string id, string producerId, BatchFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<BatchRow>(async (c, tx) =>
        {
            await RequirePlotAsync(c, tx, facts.PlotId, producerId, ct).ConfigureAwait(false);
            var envelope = record(null);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO batches (id, producer_id, plot_id, record_id, version, product, category, gtin, lot, harvest_date, quantity, unit, created_at, updated_at)
                VALUES (@id, @producerId, @PlotId, @recordId, 1, @Product, @Category, @Gtin, @Lot, @HarvestDate, @Quantity, @Unit, @now, @now)
                """, new { id, producerId, facts.PlotId, recordId = envelope.Id, facts.Product, facts.Category, facts.Gtin, facts.Lot, facts.HarvestDate, facts.Quantity, facts.Unit, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<BatchRow>(new CommandDefinition(BatchSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<BatchRow?> CorrectBatchAsync(string id, Scope scope, long? ifVersion, BatchFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<BatchRow?>(async (c, tx) =>
        {
            var owner = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT producer_id FROM batches WHERE id = @id" + (scope.ProducerId is null ? string.Empty : " AND producer_id = @scope"),
                new { id, scope = scope.ProducerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (owner is null || await CurrentAsync(c, tx, "batches", id, scope, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, []);
            }

            CheckVersion(ifVersion, current.Version);
            await RequirePlotAsync(c, tx, facts.PlotId, owner, ct).ConfigureAwait(false);
            await CheckIssuedItemsAsync(c, tx, id, facts, ct).ConfigureAwait(false);
            var envelope = record(current.RecordId);
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE batches SET record_id = @recordId, version = version + 1, plot_id = @PlotId, product = @Product, category = @Category,
                       gtin = @Gtin, lot = @Lot, harvest_date = @HarvestDate, quantity = @Quantity, unit = @Unit, updated_at = @now
                WHERE id = @id
                """, new { id, recordId = envelope.Id, facts.PlotId, facts.Product, facts.Category, facts.Gtin, facts.Lot, facts.HarvestDate, facts.Quantity, facts.Unit, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<BatchRow>(new CommandDefinition(BatchSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<BatchRow?> GetBatchAsync(string id, Scope scope, CancellationToken ct = default) =>
        SingleAsync<BatchRow>(BatchSelect + " WHERE t.id = @id" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"), new { id, scope = scope.ProducerId }, ct);

    /// <summary>The batch a GS1 key names (GTIN-14 + lot), in scope; EPCIS capture and the resolver look batches up this way.</summary>
    public Task<BatchRow?> FindBatchAsync(string gtin, string lot, Scope scope, CancellationToken ct = default) =>
        SingleAsync<BatchRow>(BatchSelect + " WHERE t.gtin = @gtin AND t.lot = @lot" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"), new { gtin, lot, scope = scope.ProducerId }, ct);

    public Task<Page<BatchRow>> ListBatchesAsync(Scope scope, BatchFilter filter, string? after, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new Query(BatchSelect)
            .WhereIf(scope.ProducerId is not null, "t.producer_id = @scope", "scope", scope.ProducerId)
            .WhereIf(filter.ProducerId is not null, "t.producer_id = @producer", "producer", filter.ProducerId)
            .WhereIf(filter.PlotId is not null, "t.plot_id = @plot", "plot", filter.PlotId)
            .WhereIf(filter.Category is not null, "t.category = @category", "category", filter.Category)
            .WhereIf(filter.Gtin is not null, "t.gtin = @gtin", "gtin", filter.Gtin)
            .WhereIf(filter.Lot is not null, "t.lot = @lot", "lot", filter.Lot)
            .WhereIf(filter.HarvestedFrom is not null, "t.harvest_date >= @from", "from", filter.HarvestedFrom)
            .WhereIf(filter.HarvestedTo is not null, "t.harvest_date <= @to", "to", filter.HarvestedTo)
            .Contains(filter.Q, "t.product", "q");
        return PageAsync<BatchRow>(query, after, limit, r => r.Id, ct);
    }

    /// <summary>
    /// Once item codes are issued, their printed links name the batch's GTIN and lot and their quantities are in its
    /// unit: a correction may not change those, nor bring the quantity below what the codes cover.
    /// </summary>
    private static async Task CheckIssuedItemsAsync(DbConnection c, DbTransaction tx, string id, BatchFacts facts, CancellationToken ct)
    {
        var issued = await c.QuerySingleAsync<(string Gtin, string Lot, string Unit, long Issuances, double Quantity)>(new CommandDefinition("""
            SELECT b.gtin, b.lot, b.unit, count(i.record_id), CAST(coalesce(sum(i.count * i.item_quantity), 0) AS DOUBLE PRECISION)
            FROM batches b LEFT JOIN item_issuances i ON i.batch_id = b.id WHERE b.id = @id GROUP BY b.id
            """, new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (issued.Issuances == 0)
        {
            return;
        }

        var errors = new FieldErrors();
        foreach (var (field, was, now) in new[] { ("gtin", issued.Gtin, facts.Gtin), ("lot", issued.Lot, facts.Lot), ("unit", issued.Unit, facts.Unit) })
        {
            if (was != now)
            {
                errors.Add(field, "batch.items_issued", $"cannot change once item codes are issued (it was {was}): the codes' links and quantities name it",
                    $"已签发商品码后不能修改（原为 {was}）：商品码的链接和数量以其为准");
            }
        }

        if (facts.Quantity < issued.Quantity - 1e-9)
        {
            errors.Add("quantity", "batch.below_issued", $"cannot be less than the {issued.Quantity} {issued.Unit} its item codes cover",
                $"不能少于已签发商品码覆盖的 {issued.Quantity} {issued.Unit}");
        }

        errors.ThrowIfAny();
    }

    private static async Task RequirePlotAsync(DbConnection c, DbTransaction tx, string plotId, string producerId, CancellationToken ct)
    {
        var found = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM plots WHERE id = @plotId AND producer_id = @producerId", new { plotId, producerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (found == 0)
        {
            throw new DomainValidationException(new FieldError("plotId", "plot.not_found", "no such plot among this producer's plots", "该生产主体没有这个地块"));
        }
    }
}
