using System.Data.Common;
using Dapper;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Data.Registry;

public sealed partial class RegistryRepository
{
    private const string EventSelect = $"""
        SELECT t.id AS Id, t.batch_id AS BatchId, t.producer_id AS ProducerId, t.record_id AS RecordId, t.version AS Version,
               t.kind AS Kind, t.occurred_at AS OccurredAt, t.time_zone AS TimeZone, t.place AS Place, t.region_code AS RegionCode,
               t.actor_name AS ActorName, t.details AS Details, t.source AS Source, t.epcis_event_id AS EpcisEventId,
               t.created_at AS CreatedAt, t.updated_at AS UpdatedAt, {AnchoringColumn}
        FROM field_events t{AnchoringJoin}
        """;

    private const string LabSelect = $"""
        SELECT t.id AS Id, t.batch_id AS BatchId, t.producer_id AS ProducerId, t.record_id AS RecordId, t.version AS Version,
               t.lab AS Lab, t.report_number AS ReportNumber, t.sample_date AS SampleDate, t.analytes AS Analytes,
               t.report_file_hash AS ReportFileHash, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt, {AnchoringColumn}
        FROM lab_results t{AnchoringJoin}
        """;

    /// <summary>The batch's owner when the batch is in scope, else null.</summary>
    private static Task<string?> BatchOwnerAsync(DbConnection c, DbTransaction tx, string batchId, Scope scope, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT producer_id FROM batches WHERE id = @batchId" + (scope.ProducerId is null ? string.Empty : " AND producer_id = @scope"),
            new { batchId, scope = scope.ProducerId }, tx, cancellationToken: ct));

    /// <summary>Adds a field event to a batch in scope; null when the batch is not in scope. <paramref name="record"/> gets the owner.</summary>
    public Task<FieldEventRow?> CreateEventAsync(string id, string batchId, Scope scope, FieldEventFacts facts, Func<string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<FieldEventRow?>(async (c, tx) =>
        {
            if (await BatchOwnerAsync(c, tx, batchId, scope, ct).ConfigureAwait(false) is not { } owner)
            {
                return (null, []);
            }

            var envelope = record(owner);
            var row = await InsertEventAsync(c, tx, id, batchId, owner, envelope.Id, facts, "api", null, ct).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    /// <summary>Inserts a new field event and returns its row as a read would (its record is pending: just written).</summary>
    internal static async Task<FieldEventRow> InsertEventAsync(DbConnection c, DbTransaction tx, string id, string batchId, string producerId, string recordId, FieldEventFacts facts, string source, string? epcisEventId, CancellationToken ct)
    {
        var now = Now();
        var row = new FieldEventRow(id, batchId, producerId, recordId, 1, facts.Kind, FieldEventFacts.FormatUtc(facts.OccurredAt), facts.TimeZone,
            facts.Place, facts.RegionCode, facts.Actor, facts.Details.ToJsonString(), source, epcisEventId, now, now, Anchoring: null);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO field_events (id, batch_id, producer_id, record_id, version, kind, occurred_at, time_zone, place, region_code, actor_name, details, source, epcis_event_id, created_at, updated_at)
            VALUES (@Id, @BatchId, @ProducerId, @RecordId, 1, @Kind, @OccurredAt, @TimeZone, @Place, @RegionCode, @ActorName, @Details, @Source, @EpcisEventId, @CreatedAt, @UpdatedAt)
            """, row, tx, cancellationToken: ct)).ConfigureAwait(false);
        return row;
    }

    public Task<FieldEventRow?> CorrectEventAsync(string id, string batchId, Scope scope, long? ifVersion, FieldEventFacts facts, Func<string, string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<FieldEventRow?>(async (c, tx) =>
        {
            var current = await c.QuerySingleOrDefaultAsync<(string RecordId, long Version, string Owner)?>(new CommandDefinition(
                "SELECT record_id, version, producer_id FROM field_events WHERE id = @id AND batch_id = @batchId" + (scope.ProducerId is null ? string.Empty : " AND producer_id = @scope"),
                new { id, batchId, scope = scope.ProducerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (current is not { } cur)
            {
                return (null, []);
            }

            CheckVersion(ifVersion, cur.Version);
            var envelope = record(cur.Owner, cur.RecordId);
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE field_events SET record_id = @recordId, version = version + 1, kind = @Kind, occurred_at = @occurredAt, time_zone = @TimeZone,
                       place = @Place, region_code = @RegionCode, actor_name = @Actor, details = @details, updated_at = @now
                WHERE id = @id
                """, new { id, recordId = envelope.Id, facts.Kind, occurredAt = FieldEventFacts.FormatUtc(facts.OccurredAt), facts.TimeZone, facts.Place, facts.RegionCode, facts.Actor, details = facts.Details.ToJsonString(), now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<FieldEventRow>(new CommandDefinition(EventSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<FieldEventRow?> GetEventAsync(string id, string batchId, Scope scope, CancellationToken ct = default) =>
        SingleAsync<FieldEventRow>(EventSelect + " WHERE t.id = @id AND t.batch_id = @batchId" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"), new { id, batchId, scope = scope.ProducerId }, ct);

    public Task<Page<FieldEventRow>> ListEventsAsync(string batchId, string? kind, string? from, string? to, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(EventSelect)
            .Where("t.batch_id = @batch", "batch", batchId)
            .WhereIf(kind is not null, "t.kind = @kind", "kind", kind)
            .WhereIf(from is not null, "t.occurred_at >= @from", "from", from)
            .WhereIf(to is not null, "t.occurred_at <= @to", "to", to);
        return PageAsync<FieldEventRow>(query, after, limit, r => r.Id, ct);
    }

    /// <summary>Field events in scope across batches (GET /epcis/events), optionally of one batch, in id order.</summary>
    public Task<Page<FieldEventRow>> ListEventsInScopeAsync(Scope scope, string? batchId, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(EventSelect)
            .WhereIf(scope.ProducerId is not null, "t.producer_id = @scope", "scope", scope.ProducerId)
            .WhereIf(batchId is not null, "t.batch_id = @batch", "batch", batchId);
        return PageAsync<FieldEventRow>(query, after, limit, r => r.Id, ct);
    }

    public Task<LabResultRow?> CreateLabResultAsync(string id, string batchId, Scope scope, LabResultFacts facts, Func<string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<LabResultRow?>(async (c, tx) =>
        {
            if (await BatchOwnerAsync(c, tx, batchId, scope, ct).ConfigureAwait(false) is not { } owner)
            {
                return (null, []);
            }

            var envelope = record(owner);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO lab_results (id, batch_id, producer_id, record_id, version, lab, report_number, sample_date, analytes, report_file_hash, created_at, updated_at)
                VALUES (@id, @batchId, @owner, @recordId, 1, @Lab, @ReportNumber, @SampleDate, @analytes, @ReportFileHash, @now, @now)
                """, new { id, batchId, owner, recordId = envelope.Id, facts.Lab, facts.ReportNumber, facts.SampleDate, analytes = facts.AnalytesJson().ToJsonString(), facts.ReportFileHash, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<LabResultRow>(new CommandDefinition(LabSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<LabResultRow?> CorrectLabResultAsync(string id, string batchId, Scope scope, long? ifVersion, LabResultFacts facts, Func<string, string, RecordEnvelope> record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(record);
        return MutateAsync<LabResultRow?>(async (c, tx) =>
        {
            var current = await c.QuerySingleOrDefaultAsync<(string RecordId, long Version, string Owner)?>(new CommandDefinition(
                "SELECT record_id, version, producer_id FROM lab_results WHERE id = @id AND batch_id = @batchId" + (scope.ProducerId is null ? string.Empty : " AND producer_id = @scope"),
                new { id, batchId, scope = scope.ProducerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (current is not { } cur)
            {
                return (null, []);
            }

            CheckVersion(ifVersion, cur.Version);
            var envelope = record(cur.Owner, cur.RecordId);
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE lab_results SET record_id = @recordId, version = version + 1, lab = @Lab, report_number = @ReportNumber, sample_date = @SampleDate,
                       analytes = @analytes, report_file_hash = @ReportFileHash, updated_at = @now
                WHERE id = @id
                """, new { id, recordId = envelope.Id, facts.Lab, facts.ReportNumber, facts.SampleDate, analytes = facts.AnalytesJson().ToJsonString(), facts.ReportFileHash, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<LabResultRow>(new CommandDefinition(LabSelect + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return (row, [envelope]);
        }, ct);
    }

    public Task<LabResultRow?> GetLabResultAsync(string id, string batchId, Scope scope, CancellationToken ct = default) =>
        SingleAsync<LabResultRow>(LabSelect + " WHERE t.id = @id AND t.batch_id = @batchId" + (scope.ProducerId is null ? string.Empty : " AND t.producer_id = @scope"), new { id, batchId, scope = scope.ProducerId }, ct);

    public Task<Page<LabResultRow>> ListLabResultsAsync(string batchId, string? from, string? to, string? after, int limit, CancellationToken ct = default)
    {
        var query = new Query(LabSelect)
            .Where("t.batch_id = @batch", "batch", batchId)
            .WhereIf(from is not null, "t.sample_date >= @from", "from", from)
            .WhereIf(to is not null, "t.sample_date <= @to", "to", to);
        return PageAsync<LabResultRow>(query, after, limit, r => r.Id, ct);
    }
}
