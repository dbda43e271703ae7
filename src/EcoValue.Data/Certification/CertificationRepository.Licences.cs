using System.Data.Common;
using Dapper;
using EcoValue.Data.Registry;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Certification;

public sealed partial class CertificationRepository
{
    private const string LicenceSelect = """
        SELECT t.id AS Id, t.chain_id_hash AS ChainIdHash, t.application_id AS ApplicationId, t.producer_id AS ProducerId, t.brand_id AS BrandId,
               t.certifier_user_id AS CertifierUserId, t.certifier_address AS CertifierAddress, t.standard_hash AS StandardHash,
               t.valid_from AS ValidFrom, t.valid_until AS ValidUntil, t.document AS Document, t.document_hash AS DocumentHash,
               t.status AS Status, t.record_id AS RecordId, t.version AS Version, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt
        FROM licences t
        """;

    /// <summary>Licence status after each action, from each status it may be taken in (the contract's rules).</summary>
    private static readonly Dictionary<string, (string[] From, string To)> Transitions = new(StringComparer.Ordinal)
    {
        ["suspend"] = (["active"], "suspended"),
        ["reinstate"] = (["suspended"], "active"),
        ["revoke"] = (["active", "suspended"], "revoked"),
    };

    public Task<LicenceRow?> GetLicenceAsync(string id, CertificationScope scope, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(new { id });
        AddScope(parameters, scope);
        return SingleAsync<LicenceRow>(LicenceSelect + " WHERE t.id = @id" + ScopeCondition(scope), parameters, ct);
    }

    /// <summary>A page of licences in scope, by id, optionally of one status, brand and producer.</summary>
    public async Task<Page<LicenceRow>> ListLicencesAsync(CertificationScope scope, string? status, string? brandId, string? producerId, string? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var parameters = new DynamicParameters(new { status, brandId, producerId, after, limit = limit + 1 });
        AddScope(parameters, scope);
        var rows = (await ListAsync<LicenceRow>(LicenceSelect
            + " WHERE (@status IS NULL OR t.status = @status) AND (@brandId IS NULL OR t.brand_id = @brandId) AND (@producerId IS NULL OR t.producer_id = @producerId) AND (@after IS NULL OR t.id > @after)"
            + ScopeCondition(scope) + " ORDER BY t.id LIMIT @limit", parameters, ct).ConfigureAwait(false)).ToList();
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Page<LicenceRow>(rows, more ? rows[^1].Id : null);
    }

    /// <summary>
    /// Suspends, reinstates or revokes a licence: status, history entry, record and change-status operation together.
    /// Null when not in scope; <see cref="CertificationStateException"/> (code licence.transition) when the action is
    /// not allowed from the current status. <paramref name="record"/> gets the licence's current record id.
    /// </summary>
    public Task<LicenceRow?> ChangeLicenceStatusAsync(string id, CertificationScope scope, string action, string reason, string userId, Func<string, RecordEnvelope> record, Func<LicenceRow, NewChainOperation> operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(operation);
        if (!Transitions.TryGetValue(action, out var transition))
        {
            throw new ArgumentException($"unknown licence action {action}", nameof(action));
        }

        return MutateAsync<LicenceRow?>(async (c, tx) =>
        {
            var parameters = new DynamicParameters(new { id });
            AddScope(parameters, scope);
            var current = await c.QuerySingleOrDefaultAsync<LicenceRow>(new CommandDefinition(LicenceSelect + " WHERE t.id = @id" + ScopeCondition(scope), parameters, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (current is null)
            {
                return (null, [], []);
            }

            if (!transition.From.Contains(current.Status))
            {
                throw new CertificationStateException("licence.transition", $"licence {id} is {current.Status}; it cannot be {action}d");
            }

            var envelope = record(current.RecordId);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE licences SET status = @to, record_id = @recordId, version = version + 1, updated_at = @now WHERE id = @id",
                new { id, to = transition.To, recordId = envelope.Id, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO licence_events (licence_id, action, status, reason, user_id, at, record_id) VALUES (@id, @action, @to, @reason, @userId, @now, @recordId)",
                new { id, action, to = transition.To, reason, userId, now, recordId = envelope.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<LicenceRow>(new CommandDefinition(LicenceSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope], [operation(row)]);
        }, ct);
    }

    /// <summary>A licence's history, oldest first (eligibility on a past harvest date reads it).</summary>
    public Task<IReadOnlyList<LicenceEventRow>> ListLicenceEventsAsync(string licenceId, CancellationToken ct = default) =>
        ListAsync<LicenceEventRow>("""
            SELECT seq AS Seq, licence_id AS LicenceId, action AS Action, status AS Status, reason AS Reason, user_id AS UserId, at AS At, record_id AS RecordId
            FROM licence_events WHERE licence_id = @licenceId ORDER BY seq
            """, new { licenceId }, ct);

    /// <summary>A licence's quota per category and season, with what brand claims have used of it.</summary>
    public Task<IReadOnlyList<QuotaRow>> ListQuotaAsync(string licenceId, CancellationToken ct = default) =>
        ListAsync<QuotaRow>(QuotaSelect + " WHERE q.licence_id = @licenceId ORDER BY q.category, q.season", new { licenceId }, ct);

    private const string QuotaSelect = """
        SELECT q.licence_id AS LicenceId, q.category AS Category, q.season AS Season, q.quantity_kg AS QuantityKg,
               CAST(coalesce((SELECT sum(b.quantity_kg) FROM brand_claims b WHERE b.licence_id = q.licence_id AND b.category = q.category AND b.season = q.season), 0) AS DOUBLE PRECISION) AS ClaimedKg
        FROM licence_quota q
        """;

    /// <summary>
    /// Records that a batch carries a brand under a licence, checking the mass balance in the same transaction:
    /// <see cref="QuotaExceededException"/> when the claim would take the category's claimed total for the season
    /// past the licence's quota (no quota row for them counts as zero). <see cref="CertificationStateException"/>
    /// (code batch.claimed) when the batch carries a brand already.
    /// </summary>
    public Task<BrandClaimRow> ClaimBrandAsync(string batchId, string licenceId, string brandId, string category, string season, double quantityKg, RecordEnvelope record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<BrandClaimRow>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM brand_claims WHERE batch_id = @batchId", new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false) > 0)
            {
                throw new CertificationStateException("batch.claimed", $"batch {batchId} carries a brand already");
            }

            var quota = await c.QuerySingleOrDefaultAsync<QuotaRow>(new CommandDefinition(
                QuotaSelect + " WHERE q.licence_id = @licenceId AND q.category = @category AND q.season = @season",
                new { licenceId, category, season }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var available = quota?.QuantityKg ?? 0;
            var claimed = quota?.ClaimedKg ?? 0;
            if (claimed + quantityKg > available)
            {
                throw new QuotaExceededException(licenceId, category, season, available, claimed, quantityKg);
            }

            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO brand_claims (batch_id, licence_id, brand_id, category, season, quantity_kg, record_id, created_at)
                VALUES (@batchId, @licenceId, @brandId, @category, @season, @quantityKg, @recordId, @now)
                """, new { batchId, licenceId, brandId, category, season, quantityKg, recordId = record.Id, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (new BrandClaimRow(batchId, licenceId, brandId, category, season, quantityKg, record.Id, now), [record], []);
        }, ct);
    }

    /// <summary>The brand a batch carries, or null.</summary>
    public Task<BrandClaimRow?> GetClaimAsync(string batchId, CancellationToken ct = default) =>
        SingleAsync<BrandClaimRow>("""
            SELECT batch_id AS BatchId, licence_id AS LicenceId, brand_id AS BrandId, category AS Category, season AS Season,
                   quantity_kg AS QuantityKg, record_id AS RecordId, created_at AS CreatedAt
            FROM brand_claims WHERE batch_id = @batchId
            """, new { batchId }, ct);

    // ---- chain operations (the relayer's outbox) ----

    private const string OperationSelect = """
        SELECT id AS Id, kind AS Kind, subject AS Subject, payload AS Payload, status AS Status, tx_hash AS TxHash,
               block_number AS BlockNumber, error AS Error, attempts AS Attempts, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM chain_operations
        """;

    private static Task InsertOperationAsync(DbConnection c, DbTransaction tx, NewChainOperation op, CancellationToken ct)
    {
        var now = Now();
        return c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO chain_operations (kind, subject, payload, status, created_at, updated_at) VALUES (@Kind, @Subject, @Payload, 'pending', @now, @now)",
            new { op.Kind, op.Subject, op.Payload, now }, tx, cancellationToken: ct));
    }

    /// <summary>The oldest operation not yet confirmed or failed: the relayer works strictly in order.</summary>
    public Task<ChainOperationRow?> NextOpenOperationAsync(CancellationToken ct = default) =>
        SingleAsync<ChainOperationRow>(OperationSelect + " WHERE status IN ('pending', 'sent') ORDER BY id LIMIT 1", null, ct);

    /// <summary>Operations about one subject (brand:…, licence:…, accreditation:…), oldest first.</summary>
    public Task<IReadOnlyList<ChainOperationRow>> ListOperationsAsync(string subject, CancellationToken ct = default) =>
        ListAsync<ChainOperationRow>(OperationSelect + " WHERE subject = @subject ORDER BY id", new { subject }, ct);

    /// <summary>Moves an operation on: sent (with its transaction), confirmed (with its block) or failed (with why).</summary>
    public Task MarkOperationAsync(long id, string status, string? txHash, long? blockNumber, string? error, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_operations SET status = @status, tx_hash = coalesce(@txHash, tx_hash), block_number = coalesce(@blockNumber, block_number),
                   error = @error, attempts = attempts + 1, updated_at = @now
            WHERE id = @id
            """, new { id, status, txHash, blockNumber, error, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false), ct);

    /// <summary>
    /// The highest EIP-712 nonce a certifier has signed in a queued operation that may still reach the chain, or
    /// null: the next message must take the larger of this + 1 and the contract's <c>nonces(certifier)</c>.
    /// </summary>
    public Task<long?> HighestQueuedNonceAsync(string certifierAddress, CancellationToken ct = default) =>
        SingleAsync<long?>($"""
            SELECT max({database.Sql.JsonInteger("payload", "nonce")}) FROM chain_operations
            WHERE kind IN ('issue-licence', 'change-status') AND status IN ('pending', 'sent')
              AND lower({database.Sql.JsonText("payload", "certifier")}) = lower(@certifierAddress)
            """, new { certifierAddress }, ct);
}
