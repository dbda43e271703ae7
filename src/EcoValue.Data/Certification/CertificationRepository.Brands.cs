using Dapper;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Certification;

public sealed partial class CertificationRepository
{
    private const string BrandSelect = """
        SELECT id AS Id, record_id AS RecordId, version AS Version, name_zh AS NameZh, name_en AS NameEn, standard_id AS StandardId,
               standard_version AS StandardVersion, standard_hash AS StandardHash, chain_id_hash AS ChainIdHash,
               metadata_uri AS MetadataUri, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM brands
        """;

    private const string AccreditationSelect = """
        SELECT brand_id AS BrandId, user_id AS UserId, address AS Address, status AS Status, record_id AS RecordId,
               version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM accreditations
        """;

    /// <summary>
    /// Registers a brand, or moves it to another standard (a new record superseding the brand's last one, and an
    /// update-standard operation). Same standard hash again: nothing is written and the current row is returned with
    /// <c>Changed</c> false. <paramref name="record"/> gets the record it supersedes (null for a new brand).
    /// </summary>
    public Task<(BrandRow Brand, bool Changed)> RegisterBrandAsync(BrandRow brand, Func<string?, RecordEnvelope> record, Func<bool, NewChainOperation> operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(brand);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(operation);
        return MutateAsync<(BrandRow, bool)>(async (c, tx) =>
        {
            var current = await c.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(BrandSelect + " WHERE id = @Id", new { brand.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (current is not null && current.StandardHash == brand.StandardHash && current.MetadataUri == brand.MetadataUri)
            {
                return ((current, false), [], []);
            }

            var envelope = record(current?.RecordId);
            var now = Now();
            if (current is null)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO brands (id, record_id, version, name_zh, name_en, standard_id, standard_version, standard_hash, chain_id_hash, metadata_uri, created_at, updated_at)
                    VALUES (@Id, @recordId, 1, @NameZh, @NameEn, @StandardId, @StandardVersion, @StandardHash, @ChainIdHash, @MetadataUri, @now, @now)
                    """, new { brand.Id, recordId = envelope.Id, brand.NameZh, brand.NameEn, brand.StandardId, brand.StandardVersion, brand.StandardHash, brand.ChainIdHash, brand.MetadataUri, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            }
            else
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    UPDATE brands SET record_id = @recordId, version = version + 1, name_zh = @NameZh, name_en = @NameEn, standard_id = @StandardId,
                           standard_version = @StandardVersion, standard_hash = @StandardHash, metadata_uri = @MetadataUri, updated_at = @now
                    WHERE id = @Id
                    """, new { brand.Id, recordId = envelope.Id, brand.NameZh, brand.NameEn, brand.StandardId, brand.StandardVersion, brand.StandardHash, brand.MetadataUri, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            }

            var row = await c.QuerySingleAsync<BrandRow>(new CommandDefinition(BrandSelect + " WHERE id = @Id", new { brand.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return ((row, true), [envelope], [operation(current is null)]);
        }, ct);
    }

    public Task<BrandRow?> GetBrandAsync(string id, CancellationToken ct = default) =>
        SingleAsync<BrandRow>(BrandSelect + " WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<BrandRow>> ListBrandsAsync(CancellationToken ct = default) =>
        ListAsync<BrandRow>(BrandSelect + " ORDER BY id", null, ct);

    /// <summary>A certifier's sealed key, or null when it has none yet.</summary>
    public Task<CertifierKeyRow?> GetCertifierKeyAsync(string userId, CancellationToken ct = default) =>
        SingleAsync<CertifierKeyRow>("SELECT user_id AS UserId, address AS Address, sealed_key AS SealedKey, created_at AS CreatedAt FROM certifier_keys WHERE user_id = @userId", new { userId }, ct);

    /// <summary>
    /// Stores a certifier's sealed key unless it already has one; returns the stored key either way (two concurrent
    /// first accreditations generate two keys, and exactly one is kept).
    /// </summary>
    public async Task<CertifierKeyRow> SaveCertifierKeyAsync(string userId, string address, string sealedKey, CancellationToken ct = default)
    {
        await database.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO certifier_keys (user_id, address, sealed_key, created_at) VALUES (@userId, @address, @sealedKey, @now) ON CONFLICT (user_id) DO NOTHING",
            new { userId, address, sealedKey, now = Now() }, tx, cancellationToken: ct)).ConfigureAwait(false), ct).ConfigureAwait(false);
        return (await GetCertifierKeyAsync(userId, ct).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Accredits (or re-accredits) a certifier for a brand, with its record and the accredit operation. Already
    /// active: nothing is written, <c>Changed</c> false.
    /// </summary>
    public Task<(AccreditationRow Accreditation, bool Changed)> AccreditAsync(string brandId, string userId, string address, Func<string?, RecordEnvelope> record, NewChainOperation operation, CancellationToken ct = default) =>
        SetAccreditationAsync(brandId, userId, address, "active", record, operation, ct);

    /// <summary>Withdraws an accreditation (licences it issued stay). Null when there is none; unchanged when already withdrawn.</summary>
    public async Task<(AccreditationRow Accreditation, bool Changed)?> WithdrawAsync(string brandId, string userId, Func<string?, RecordEnvelope> record, NewChainOperation operation, CancellationToken ct = default)
    {
        if (await GetAccreditationAsync(brandId, userId, ct).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        return await SetAccreditationAsync(brandId, userId, current.Address, "withdrawn", record, operation, ct).ConfigureAwait(false);
    }

    private Task<(AccreditationRow, bool)> SetAccreditationAsync(string brandId, string userId, string address, string status, Func<string?, RecordEnvelope> record, NewChainOperation operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(operation);
        return MutateAsync<(AccreditationRow, bool)>(async (c, tx) =>
        {
            var current = await c.QuerySingleOrDefaultAsync<AccreditationRow>(new CommandDefinition(AccreditationSelect + " WHERE brand_id = @brandId AND user_id = @userId", new { brandId, userId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (current?.Status == status)
            {
                return ((current, false), [], []);
            }

            var envelope = record(current?.RecordId);
            var now = Now();
            await c.ExecuteAsync(new CommandDefinition(current is null
                ? "INSERT INTO accreditations (brand_id, user_id, address, status, record_id, version, created_at, updated_at) VALUES (@brandId, @userId, @address, @status, @recordId, 1, @now, @now)"
                : "UPDATE accreditations SET status = @status, record_id = @recordId, version = version + 1, updated_at = @now WHERE brand_id = @brandId AND user_id = @userId",
                new { brandId, userId, address, status, recordId = envelope.Id, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var row = await c.QuerySingleAsync<AccreditationRow>(new CommandDefinition(AccreditationSelect + " WHERE brand_id = @brandId AND user_id = @userId", new { brandId, userId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return ((row, true), [envelope], [operation]);
        }, ct);
    }

    public Task<AccreditationRow?> GetAccreditationAsync(string brandId, string userId, CancellationToken ct = default) =>
        SingleAsync<AccreditationRow>(AccreditationSelect + " WHERE brand_id = @brandId AND user_id = @userId", new { brandId, userId }, ct);

    /// <summary>True when the user is actively accredited for the brand.</summary>
    public async Task<bool> IsAccreditedAsync(string brandId, string userId, CancellationToken ct = default) =>
        (await GetAccreditationAsync(brandId, userId, ct).ConfigureAwait(false))?.Status == "active";

    /// <summary>Accreditations of a brand, or of a certifier, or all (both null), active and withdrawn.</summary>
    public Task<IReadOnlyList<AccreditationRow>> ListAccreditationsAsync(string? brandId, string? userId, CancellationToken ct = default) =>
        ListAsync<AccreditationRow>(AccreditationSelect + " WHERE (@brandId IS NULL OR brand_id = @brandId) AND (@userId IS NULL OR user_id = @userId) ORDER BY brand_id, user_id", new { brandId, userId }, ct);
}
