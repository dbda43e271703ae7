using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Configuration;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Certification;
using EcoValue.Data.Chain;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// The calendar licences and harvest dates are read in: China Standard Time (UTC+8, no daylight saving), where the
/// producers are. A farmer's harvest date is a local day; a licence is valid from its decision instant until the
/// start (00:00 UTC+8) of the day its validity months later.
/// </summary>
public static class LicenceCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>Whole seconds (the chain stores Unix seconds).</summary>
    public static DateTimeOffset Seconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());

    /// <summary>As the database stores instants: UTC, milliseconds, Z (sorts as text).</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseStamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>
/// Where LicenceRegistry is (the deployment recorded for the configured chain) and one-call reads of it. Decisions need
/// the domain (chain id and contract: the credential names them and the certifier signs for them) and the
/// certifier's contract nonce; without a deployment or a reachable node they cannot be signed, and say so (503).
/// </summary>
public sealed class LicenceChain(EthClient eth, ChainDeploymentRepository deployments, IOptions<EcoValueOptions> options)
{
    public async Task<LicenceRegistryDomain?> DomainAsync(CancellationToken ct)
    {
        var chainId = options.Value.Chain.ExpectedChainId;
        var row = await deployments.GetAsync(chainId, LicenceRegistryClient.ContractName, ct).ConfigureAwait(false);
        return row is null ? null : new LicenceRegistryDomain((ulong)chainId, Address.Parse(row.Address));
    }

    /// <summary>The domain, or a 503 problem when LicenceRegistry is not deployed on the configured chain.</summary>
    public async Task<LicenceRegistryDomain> RequireDomainAsync(CancellationToken ct) =>
        await DomainAsync(ct).ConfigureAwait(false) ?? throw Unavailable(
            $"LicenceRegistry is not deployed on chain {options.Value.Chain.ExpectedChainId} (run `ecovalue deploy`).",
            $"链 {options.Value.Chain.ExpectedChainId} 上尚未部署 LicenceRegistry（请运行 `ecovalue deploy`）。");

    public LicenceRegistryClient Reader(LicenceRegistryDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new LicenceRegistryClient(eth, domain.VerifyingContract);
    }

    public static ProblemException Unavailable(string en, string zh) =>
        new(StatusCodes.Status503ServiceUnavailable, "chain-unavailable", "The chain cannot be reached", "无法连接区块链", en, zh);
}

/// <summary>What a certifier signs with: its key, the deployment's domain, its next nonce and the signature's deadline.</summary>
public sealed record SigningContext(EthECKey Key, LicenceRegistryDomain Domain, BigInteger Nonce, BigInteger Deadline);

/// <summary>
/// Gives a certifier's signing step its key (opened from the vault), its next EIP-712 nonce and a deadline, one
/// decision at a time per certifier: nonce = max(the contract's <c>nonces(certifier)</c>, the highest nonce queued
/// for it + 1), and the lock is held until the decision (with its operation) is committed, so two decisions of one
/// certifier never take the same nonce. One process writes (SQLite's single writer), so an in-process lock is enough.
/// </summary>
public sealed class CertifierSigning(CertificationRepository repo, CertificationResources resources, LicenceChain chain, IOptions<CertificationOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<T> SignAsync<T>(string certifierUserId, DateTimeOffset now, Func<SigningContext, Task<T>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var stored = await repo.GetCertifierKeyAsync(certifierUserId, ct).ConfigureAwait(false)
            ?? throw new ProblemException(StatusCodes.Status409Conflict, "certifier-key-missing", "The certifier has no signing key", "该认证人员没有签名密钥",
                "A certifier's key is created when an admin accredits it for a brand.", "认证人员的密钥在管理员授予其品牌认证资格时生成。");
        var key = resources.Vault.Open(certifierUserId, stored.SealedKey);
        var domain = await chain.RequireDomainAsync(ct).ConfigureAwait(false);
        var gate = _locks.GetOrAdd(certifierUserId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            BigInteger onChain;
            try
            {
                onChain = await chain.Reader(domain).NoncesAsync(key.Address, ct).ConfigureAwait(false);
            }
            catch (RpcClientException e)
            {
                throw LicenceChain.Unavailable($"The certifier's nonce cannot be read from the chain ({e.Message}); try again when the node is back.",
                    "无法从链上读取认证人员的 nonce，请在节点恢复后重试。");
            }

            var queued = await repo.HighestQueuedNonceAsync(key.Address.ToString(), ct).ConfigureAwait(false);
            var nonce = BigInteger.Max(onChain, queued is { } q ? q + 1 : BigInteger.Zero);
            var deadline = now.Add(options.Value.SignatureLifetime).ToUnixTimeSeconds();
            return await body(new SigningContext(key, domain, nonce, deadline)).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
