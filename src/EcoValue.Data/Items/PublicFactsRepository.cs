using Dapper;

namespace EcoValue.Data.Items;

/// <summary>A field event as a consumer sees it: kind, time, place and region (no actor names, no input details).</summary>
public sealed record PublicEventRow(string Id, string Kind, string OccurredAt, string? Place, string? RegionCode, string RecordId);

/// <summary>A lab result's public fields; the analytes as stored (JSON), the report number and file hash left out.</summary>
public sealed record PublicLabRow(string Id, string Lab, string SampleDate, string Analytes, string RecordId);

/// <summary>The brand a batch carries: its claim, the licence behind it (status as stored) and the brand.</summary>
public sealed record PublicLicenceRow(
    string LicenceId, string BrandId, string BrandNameZh, string BrandNameEn, string StandardId, string StandardVersion, string StandardHash,
    string Status, string ValidFrom, string ValidUntil, string CertifierAddress, string LicenceRecordId, string ClaimRecordId, string? StatusReason);

/// <summary>Everything a scan shows about a batch besides the batch row itself.</summary>
public sealed record PublicBatchFacts(
    string ProducerId, string ProducerName, string ProducerRegion, string? PlotName, string? PlotRegion,
    IReadOnlyList<PublicEventRow> Journey, IReadOnlyList<PublicLabRow> LabResults, PublicLicenceRow? Licence, RecallRow? Recall);

/// <summary>
/// The public side of a batch, read in one go for the verification view (docs/verification.md): producer name and
/// region (never contacts), plot name and region (never coordinates), the journey oldest first, lab results, the
/// licence behind its brand, and an active recall. Bounded: a journey of more than <see cref="MaxJourney"/> steps shows
/// its first ones.
/// </summary>
public sealed class PublicFactsRepository(Database database)
{
    public const int MaxJourney = 500;

    public const int MaxLabResults = 100;

    public async Task<PublicBatchFacts?> ReadAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        // One read transaction: the parts belong to one moment of the database.
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var who = await c.QuerySingleOrDefaultAsync<(string ProducerId, string Name, string Region, string? PlotName, string? PlotRegion)?>(new CommandDefinition("""
            SELECT p.id, p.name, p.region_code, pl.name, pl.region_code
            FROM batches b JOIN producers p ON p.id = b.producer_id LEFT JOIN plots pl ON pl.id = b.plot_id
            WHERE b.id = @batchId
            """, new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (who is not { } w)
        {
            return null;
        }

        var journey = await c.QueryAsync<PublicEventRow>(new CommandDefinition("""
            SELECT id AS Id, kind AS Kind, occurred_at AS OccurredAt, place AS Place, region_code AS RegionCode, record_id AS RecordId
            FROM field_events WHERE batch_id = @batchId ORDER BY occurred_at, id LIMIT @max
            """, new { batchId, max = MaxJourney }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var labs = await c.QueryAsync<PublicLabRow>(new CommandDefinition("""
            SELECT id AS Id, lab AS Lab, sample_date AS SampleDate, analytes AS Analytes, record_id AS RecordId
            FROM lab_results WHERE batch_id = @batchId ORDER BY sample_date, id LIMIT @max
            """, new { batchId, max = MaxLabResults }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var licence = await c.QuerySingleOrDefaultAsync<PublicLicenceRow>(new CommandDefinition("""
            SELECT l.id AS LicenceId, br.id AS BrandId, br.name_zh AS BrandNameZh, br.name_en AS BrandNameEn, br.standard_id AS StandardId,
                   br.standard_version AS StandardVersion, l.standard_hash AS StandardHash, l.status AS Status, l.valid_from AS ValidFrom,
                   l.valid_until AS ValidUntil, l.certifier_address AS CertifierAddress, l.record_id AS LicenceRecordId, k.record_id AS ClaimRecordId,
                   l.id AS StatusReason
            FROM brand_claims k JOIN licences l ON l.id = k.licence_id JOIN brands br ON br.id = k.brand_id
            WHERE k.batch_id = @batchId
            """, new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (licence is not null)
        {
            // The reason of the newest status change (suspension, revocation, reinstatement), if any.
            var reason = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT reason FROM licence_events WHERE licence_id = @id AND action <> 'issue' ORDER BY seq DESC LIMIT 1",
                new { id = licence.LicenceId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            licence = licence with { StatusReason = reason };
        }

        var recall = await c.QuerySingleOrDefaultAsync<RecallRow>(new CommandDefinition("""
            SELECT id AS Id, batch_id AS BatchId, reason AS Reason, record_id AS RecordId, created_at AS CreatedAt,
                   lifted_record_id AS LiftedRecordId, lifted_reason AS LiftedReason, lifted_at AS LiftedAt
            FROM recalls WHERE batch_id = @batchId AND lifted_record_id IS NULL
            """, new { batchId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return new PublicBatchFacts(w.ProducerId, w.Name, w.Region, w.PlotName, w.PlotRegion, [.. journey], [.. labs], licence, recall);
    }
}
