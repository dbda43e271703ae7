using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Data.Registry;

public sealed partial class RegistryRepository
{
    private const string PlotSelect = $"""
        SELECT t.id AS Id, t.producer_id AS ProducerId, t.record_id AS RecordId, t.version AS Version, t.name AS Name,
               t.region_code AS RegionCode, t.area_mu AS AreaMu, t.latitude AS Latitude, t.longitude AS Longitude,
               t.polygon AS Polygon, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt, {AnchoringColumn}
        FROM plots t{AnchoringJoin}
        """;

    /// <summary>Adds a plot to a producer in scope; null when the producer is not in scope.</summary>
    public Task<PlotRow?> CreatePlotAsync(string id, string producerId, Scope scope, PlotFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<PlotRow?>(async (c, tx) =>
        {
            if (await CurrentAsync(c, tx, "producers", producerId, scope, ct).ConfigureAwait(false) is null)
            {
                return (null, []);
            }

            var envelope = record(null);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO plots (id, producer_id, record_id, version, name, region_code, area_mu, latitude, longitude, polygon, created_at, updated_at)
                VALUES (@id, @producerId, @recordId, 1, @Name, @RegionCode, @AreaMu, @Latitude, @Longitude, @Polygon, @now, @now)
                """, new { id, producerId, recordId = envelope.Id, facts.Name, facts.RegionCode, facts.AreaMu, facts.Latitude, facts.Longitude, facts.Polygon, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<PlotRow>(new CommandDefinition(PlotSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<PlotRow?> CorrectPlotAsync(string id, Scope scope, long? ifVersion, PlotFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<PlotRow?>(async (c, tx) =>
        {
            if (await CurrentAsync(c, tx, "plots", id, scope, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, []);
            }

            CheckVersion(ifVersion, current.Version);
            var envelope = record(current.RecordId);
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE plots SET record_id = @recordId, version = version + 1, name = @Name, region_code = @RegionCode, area_mu = @AreaMu,
                       latitude = @Latitude, longitude = @Longitude, polygon = @Polygon, updated_at = @now
                WHERE id = @id
                """, new { id, recordId = envelope.Id, facts.Name, facts.RegionCode, facts.AreaMu, facts.Latitude, facts.Longitude, facts.Polygon, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<PlotRow>(new CommandDefinition(PlotSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<PlotRow?> GetPlotAsync(string id, Scope scope, CancellationToken ct = default) =>
        SingleAsync<PlotRow>(PlotSelect + " WHERE t.id = @id" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"), new { id, scope = scope.ProducerId }, ct);

    public Task<Page<PlotRow>> ListPlotsAsync(string producerId, string? regionPrefix, string? q, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(PlotSelect)
            .Where("t.producer_id = @producer", "producer", producerId)
            .WhereIf(regionPrefix is not null, "substr(t.region_code, 1, length(@region)) = @region", "region", regionPrefix)
            .Contains(q, "t.name", "q");
        return PageAsync<PlotRow>(query, after, limit, r => r.Id, ct);
    }
}
