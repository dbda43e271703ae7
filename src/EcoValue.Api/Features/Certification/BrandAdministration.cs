using System.Text.Json.Nodes;
using EcoValue.Api.Infrastructure;
using EcoValue.Certification;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Licences;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;

namespace EcoValue.Api.Features.Certification;

/// <summary>Record kinds of the certification workflow (docs/certification-workflow.md).</summary>
public static class CertificationKinds
{
    public const string Brand = "brand";
    public const string Accreditation = "accreditation";
    public const string Application = "application";
    public const string ApplicationDecision = "application-decision";
    public const string Licence = "licence";
    public const string LicenceStatus = "licence-status";
    public const string BrandClaim = "brand-claim";
}

/// <summary>
/// The admin's side (docs/certification-workflow.md): registering a brand with one of the loaded standards (or moving
/// it to another) and accrediting or withdrawing certifiers. Each write is a record and queues its LicenceRegistry
/// operation in the same transaction; the relayer is woken after the commit. A certifier's signing key is made on its
/// first accreditation (sealed under the master key), since the chain accredits an address.
/// </summary>
public sealed class BrandAdministration(CertificationRepository repo, CertificationResources resources, UserAccounts users, RelayerSignal relayer)
{
    /// <summary>Registers the brand of standard <paramref name="standardId"/>, or moves it to that standard; Changed is false when it already is.</summary>
    public async Task<(BrandRow Brand, bool Changed)> RegisterAsync(string standardId, string? metadataUri, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!resources.Catalog.TryGet(standardId, out var standard))
        {
            throw new DomainValidationException(new FieldError("standardId", "standard.unknown",
                $"no loaded standard has this id (loaded: {string.Join(", ", resources.Catalog.All.Select(s => s.Id))})",
                $"没有该 id 的已加载标准（已加载：{string.Join("、", resources.Catalog.All.Select(s => s.Id))}）"));
        }

        var uri = string.IsNullOrEmpty(metadataUri) ? $"urn:ecovalue:standard:{standard!.Id}:{standard.Version}" : metadataUri;
        var brandId = standard!.Brand.Id;
        var row = new BrandRow(brandId, string.Empty, 0, standard.Brand.Name.Zh, standard.Brand.Name.En, standard.Id, standard.Version, standard.Hash,
            Hex.Encode(LicenceIds.BrandId(brandId)), uri, string.Empty, string.Empty);
        var result = await repo.RegisterBrandAsync(row, supersedes => RecordEnvelope.Create(CertificationKinds.Brand, ChainOperations.BrandSubject(brandId), actor, now, new JsonObject
        {
            ["brand"] = brandId,
            ["name"] = new JsonObject { ["zh"] = standard.Brand.Name.Zh, ["en"] = standard.Brand.Name.En },
            ["standard"] = new JsonObject { ["id"] = standard.Id, ["version"] = standard.Version, ["hash"] = standard.Hash },
            ["chainId"] = row.ChainIdHash,
            ["metadataUri"] = uri,
            ["supersedes"] = supersedes,
        }), created => ChainOperations.Brand(created, brandId, standard.Hash, uri), ct).ConfigureAwait(false);
        if (result.Changed)
        {
            relayer.Wake();
        }

        return result;
    }

    /// <summary>
    /// Accredits user <paramref name="userId"/> (an enabled certifier) for a brand; null when the brand does not exist.
    /// The certifier's key is generated and stored on its first accreditation.
    /// </summary>
    public async Task<(AccreditationRow Accreditation, bool Changed)?> AccreditAsync(string brandId, string userId, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await repo.GetBrandAsync(brandId, ct).ConfigureAwait(false) is null)
        {
            return null;
        }

        var user = await users.FindAsync(userId, ct).ConfigureAwait(false);
        if (user is not { Role: Roles.Certifier, Disabled: false })
        {
            throw new DomainValidationException(new FieldError("userId", "certifier.unknown", "is not an enabled user with role certifier", "不是启用中的认证人员（certifier）账号"));
        }

        var key = await repo.GetCertifierKeyAsync(userId, ct).ConfigureAwait(false);
        if (key is null)
        {
            var generated = resources.Vault.Generate(userId);
            key = await repo.SaveCertifierKeyAsync(userId, generated.Address.ToString(), generated.Sealed, ct).ConfigureAwait(false);
        }

        var result = await repo.AccreditAsync(brandId, userId, key.Address, supersedes => Record(brandId, userId, key.Address, "active", actor, now, supersedes),
            ChainOperations.Accreditation(true, brandId, userId, key.Address), ct).ConfigureAwait(false);
        if (result.Changed)
        {
            relayer.Wake();
        }

        return result;
    }

    /// <summary>Withdraws an accreditation (the licences it issued stay); null when there is none.</summary>
    public async Task<(AccreditationRow Accreditation, bool Changed)?> WithdrawAsync(string brandId, string userId, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await repo.GetAccreditationAsync(brandId, userId, ct).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        var result = await repo.WithdrawAsync(brandId, userId, supersedes => Record(brandId, userId, current.Address, "withdrawn", actor, now, supersedes),
            ChainOperations.Accreditation(false, brandId, userId, current.Address), ct).ConfigureAwait(false);
        if (result is { Changed: true })
        {
            relayer.Wake();
        }

        return result;
    }

    /// <summary>The standard a brand is judged by now (by its registered hash), or a 409 problem when that file is no longer loaded.</summary>
    public Standard StandardOf(BrandRow brand)
    {
        ArgumentNullException.ThrowIfNull(brand);
        return resources.Catalog.ByHash(brand.StandardHash) ?? throw new ProblemException(StatusCodes.Status409Conflict, "standard-unavailable",
            "The brand's standard is not loaded", "未加载该品牌的标准",
            $"Brand {brand.Id} is judged by {brand.StandardId} {brand.StandardVersion} ({brand.StandardHash}), which is not among the loaded standards.",
            $"品牌 {brand.Id} 依据的标准 {brand.StandardId} {brand.StandardVersion}（{brand.StandardHash}）未在已加载的标准中。");
    }

    private static RecordEnvelope Record(string brandId, string userId, string address, string status, string actor, DateTimeOffset now, string? supersedes) =>
        RecordEnvelope.Create(CertificationKinds.Accreditation, ChainOperations.AccreditationSubject(brandId, userId), actor, now, new JsonObject
        {
            ["brand"] = brandId,
            ["certifier"] = userId,
            ["address"] = address,
            ["status"] = status,
            ["supersedes"] = supersedes,
        });
}
