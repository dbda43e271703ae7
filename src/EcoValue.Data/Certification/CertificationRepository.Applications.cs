using System.Data.Common;
using Dapper;
using EcoValue.Data.Registry;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Certification;

public sealed partial class CertificationRepository
{
    private const string ApplicationSelect = """
        SELECT t.id AS Id, t.producer_id AS ProducerId, t.brand_id AS BrandId, t.record_id AS RecordId, t.version AS Version,
               t.plots AS Plots, t.categories AS Categories, t.notes AS Notes, t.status AS Status, t.evaluation AS Evaluation,
               t.decision_notes AS DecisionNotes, t.decided_by AS DecidedBy, t.decided_at AS DecidedAt, t.licence_id AS LicenceId,
               t.created_at AS CreatedAt, t.updated_at AS UpdatedAt
        FROM applications t
        """;

    /// <summary>A producer's application for a brand over plots and categories (JSON arrays), with its record.</summary>
    public Task<ApplicationRow> CreateApplicationAsync(string id, string producerId, string brandId, string plotsJson, string categoriesJson, string? notes, RecordEnvelope record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<ApplicationRow>(async (c, tx) =>
        {
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO applications (id, producer_id, brand_id, record_id, version, plots, categories, notes, status, created_at, updated_at)
                VALUES (@id, @producerId, @brandId, @recordId, 1, @plotsJson, @categoriesJson, @notes, 'submitted', @now, @now)
                """, new { id, producerId, brandId, recordId = record.Id, plotsJson, categoriesJson, notes, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<ApplicationRow>(new CommandDefinition(ApplicationSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [record], []);
        }, ct);
    }

    public Task<ApplicationRow?> GetApplicationAsync(string id, CertificationScope scope, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(new { id });
        AddScope(parameters, scope);
        return SingleAsync<ApplicationRow>(ApplicationSelect + " WHERE t.id = @id" + ScopeCondition(scope), parameters, ct);
    }

    /// <summary>A page of applications in scope, by id, optionally of one status and brand.</summary>
    public async Task<Page<ApplicationRow>> ListApplicationsAsync(CertificationScope scope, string? status, string? brandId, string? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var parameters = new DynamicParameters(new { status, brandId, after, limit = limit + 1 });
        AddScope(parameters, scope);
        var rows = (await ListAsync<ApplicationRow>(ApplicationSelect + " WHERE (@status IS NULL OR t.status = @status) AND (@brandId IS NULL OR t.brand_id = @brandId) AND (@after IS NULL OR t.id > @after)"
            + ScopeCondition(scope) + " ORDER BY t.id LIMIT @limit", parameters, ct).ConfigureAwait(false)).ToList();
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Page<ApplicationRow>(rows, more ? rows[^1].Id : null);
    }

    /// <summary>
    /// Rejects a submitted application with the evaluation it was judged on and the certifier's notes. Null when not
    /// in scope; <see cref="CertificationStateException"/> when it was decided already.
    /// </summary>
    public Task<ApplicationRow?> RejectAsync(string id, CertificationScope scope, string evaluationJson, string? notes, string userId, Func<string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<ApplicationRow?>(async (c, tx) =>
        {
            if (await SubmittedAsync(c, tx, id, scope, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, [], []);
            }

            var envelope = record(current.RecordId);
            await DecideAsync(c, tx, id, "rejected", evaluationJson, notes, userId, null, envelope.Id, ct).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<ApplicationRow>(new CommandDefinition(ApplicationSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope], []);
        }, ct);
    }

    /// <summary>
    /// Approves a submitted application: the decision, the licence (credential, quota, first history entry), their
    /// records and the issue-licence operation, in one transaction. Null when not in scope;
    /// <see cref="CertificationStateException"/> when it was decided already.
    /// <paramref name="decisionRecord"/> gets the application's current record id; <paramref name="licenceRecord"/>
    /// the decision record's id.
    /// </summary>
    public Task<(ApplicationRow Application, LicenceRow Licence)?> ApproveAsync(
        string id, CertificationScope scope, string evaluationJson, string? notes, string userId, NewLicence licence,
        Func<string, RecordEnvelope> decisionRecord, Func<string, RecordEnvelope> licenceRecord, NewChainOperation operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(licence);
        ArgumentNullException.ThrowIfNull(decisionRecord);
        ArgumentNullException.ThrowIfNull(licenceRecord);
        return MutateAsync<(ApplicationRow, LicenceRow)?>(async (c, tx) =>
        {
            if (await SubmittedAsync(c, tx, id, scope, ct).ConfigureAwait(false) is not { } current)
            {
                return (null, [], []);
            }

            var decision = decisionRecord(current.RecordId);
            var issued = licenceRecord(decision.Id);
            await DecideAsync(c, tx, id, "approved", evaluationJson, notes, userId, licence.Id, decision.Id, ct).ConfigureAwait(false);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO licences (id, chain_id_hash, application_id, producer_id, brand_id, certifier_user_id, certifier_address, standard_hash,
                                      valid_from, valid_until, document, document_hash, status, record_id, version, created_at, updated_at)
                VALUES (@Id, @ChainIdHash, @application, @producer, @brand, @CertifierUserId, @CertifierAddress, @StandardHash,
                        @ValidFrom, @ValidUntil, @Document, @DocumentHash, 'active', @recordId, 1, @now, @now)
                """, new
            {
                licence.Id, licence.ChainIdHash, application = id, producer = current.ProducerId, brand = current.BrandId, licence.CertifierUserId, licence.CertifierAddress,
                licence.StandardHash, licence.ValidFrom, licence.ValidUntil, licence.Document, licence.DocumentHash, recordId = issued.Id, now,
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            foreach (var (category, season, quantity) in licence.Quota)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO licence_quota (licence_id, category, season, quantity_kg) VALUES (@licence, @category, @season, @quantity)",
                    new { licence = licence.Id, category, season, quantity }, tx, cancellationToken: ct)).ConfigureAwait(false);
            }

            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO licence_events (licence_id, action, status, reason, user_id, at, record_id) VALUES (@licence, 'issue', 'active', NULL, @userId, @now, @recordId)",
                new { licence = licence.Id, userId, now, recordId = issued.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var application = await c.QuerySingleAsync<ApplicationRow>(new CommandDefinition(ApplicationSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<LicenceRow>(new CommandDefinition(LicenceSelect + " WHERE t.id = @id", new { id = licence.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return ((application, row), [decision, issued], [operation]);
        }, ct);
    }

    private static async Task<ApplicationRow?> SubmittedAsync(DbConnection c, DbTransaction tx, string id, CertificationScope scope, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { id });
        AddScope(parameters, scope);
        var current = await c.QuerySingleOrDefaultAsync<ApplicationRow>(new CommandDefinition(ApplicationSelect + " WHERE t.id = @id" + ScopeCondition(scope), parameters, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (current is not null && current.Status != "submitted")
        {
            throw new CertificationStateException("application.decided", $"application {id} was {current.Status} already");
        }

        return current;
    }

    private static Task DecideAsync(DbConnection c, DbTransaction tx, string id, string status, string evaluationJson, string? notes, string userId, string? licenceId, string recordId, CancellationToken ct)
    {
        var now = Now();
        return c.ExecuteAsync(new CommandDefinition("""
            UPDATE applications SET status = @status, evaluation = @evaluationJson, decision_notes = @notes, decided_by = @userId, decided_at = @now,
                   licence_id = @licenceId, record_id = @recordId, version = version + 1, updated_at = @now
            WHERE id = @id
            """, new { id, status, evaluationJson, notes, userId, licenceId, recordId, now }, tx, cancellationToken: ct));
    }
}
