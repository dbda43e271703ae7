using System.Data.Common;
using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Data.Registry;

public sealed partial class RegistryRepository
{
    private const string ProducerSelect = $"""
        SELECT t.id AS Id, t.record_id AS RecordId, t.version AS Version, t.name AS Name, t.credit_code AS CreditCode,
               t.region_code AS RegionCode, t.contact_name AS ContactName, t.contact_phone AS ContactPhone,
               t.contact_email AS ContactEmail, t.status AS Status, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt,
               {AnchoringColumn}
        FROM producers t{AnchoringJoin}
        """;

    /// <summary>
    /// Registers a producer with its first record (<paramref name="record"/> gets supersedes = null).
    /// <paramref name="alsoInTransaction"/> runs in the same transaction (sign-up inserts the farmer's account there,
    /// so a taken username leaves no orphan producer behind).
    /// </summary>
    public Task<ProducerRow> CreateProducerAsync(string id, ProducerFacts facts, string status, Func<string?, RecordEnvelope> record, Func<DbTransaction, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<ProducerRow>(async (c, tx) =>
        {
            var envelope = record(null);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO producers (id, record_id, version, name, credit_code, region_code, contact_name, contact_phone, contact_email, status, created_at, updated_at)
                VALUES (@id, @recordId, 1, @Name, @CreditCode, @RegionCode, @contactName, @contactPhone, @contactEmail, @status, @now, @now)
                """, new { id, recordId = envelope.Id, facts.Name, facts.CreditCode, facts.RegionCode, contactName = facts.Contact?.Name, contactPhone = facts.Contact?.Phone, contactEmail = facts.Contact?.Email, status, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(tx).ConfigureAwait(false);
            }

            var row = await c.QuerySingleAsync<ProducerRow>(new CommandDefinition(ProducerSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    /// <summary>True when a producer with this id exists (account creation checks a farmer's producer).</summary>
    public async Task<bool> ProducerExistsAsync(string id, CancellationToken ct = default) =>
        await GetProducerAsync(id, Scope.All, ct).ConfigureAwait(false) is not null;

    /// <summary>Corrects a producer: a new record superseding the current one; the row moves to it. Null when not in scope.</summary>
    public Task<ProducerRow?> CorrectProducerAsync(string id, Scope scope, long? ifVersion, ProducerFacts facts, Func<string?, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<ProducerRow?>(async (c, tx) =>
        {
            if (await CurrentAsync(c, tx, "producers", id, scope, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, []);
            }

            CheckVersion(ifVersion, current.Version);
            var envelope = record(current.RecordId);
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE producers SET record_id = @recordId, version = version + 1, name = @Name, credit_code = @CreditCode,
                       region_code = @RegionCode, contact_name = @contactName, contact_phone = @contactPhone, contact_email = @contactEmail, updated_at = @now
                WHERE id = @id
                """, new { id, recordId = envelope.Id, facts.Name, facts.CreditCode, facts.RegionCode, contactName = facts.Contact?.Name, contactPhone = facts.Contact?.Phone, contactEmail = facts.Contact?.Email, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<ProducerRow>(new CommandDefinition(ProducerSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    /// <summary>Sets a producer's approval status (admin), as a record of its own. Null when no such producer.</summary>
    public Task<ProducerRow?> SetProducerStatusAsync(string id, string status, Func<string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<ProducerRow?>(async (c, tx) =>
        {
            if (await CurrentAsync(c, tx, "producers", id, Scope.All, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, []);
            }

            var envelope = record(current.RecordId);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE producers SET status = @status, updated_at = @now WHERE id = @id",
                new { id, status, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<ProducerRow>(new CommandDefinition(ProducerSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<ProducerRow?> GetProducerAsync(string id, Scope scope, CancellationToken ct = default) =>
        SingleAsync<ProducerRow>(ProducerSelect + " WHERE t.id = @id" + (scope.ProducerId is null ? string.Empty : " AND t.id = @scope"), new { id, scope = scope.ProducerId }, ct);

    public Task<Page<ProducerRow>> ListProducersAsync(Scope scope, string? status, string? regionPrefix, string? q, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(ProducerSelect)
            .WhereIf(scope.ProducerId is not null, "t.id = @scope", "scope", scope.ProducerId)
            .WhereIf(status is not null, "t.status = @status", "status", status)
            .WhereIf(regionPrefix is not null, "substr(t.region_code, 1, length(@region)) = @region", "region", regionPrefix)
            .Contains(q, "t.name", "q");
        return PageAsync<ProducerRow>(query, after, limit, r => r.Id, ct);
    }
}
