using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Contracts;

/// <summary>A brand as registered; <see cref="StandardVersion"/> is 0 when it is not.</summary>
public sealed record BrandInfo(byte[] StandardHash, uint StandardVersion, string MetadataUri)
{
    public bool IsRegistered => StandardVersion != 0;
}

/// <summary>A licence as the contract stores it; <see cref="Status"/> is <see cref="LicenceStatus.None"/> when there is none.</summary>
public sealed record LicenceInfo(
    byte[] BrandId,
    byte[] Holder,
    byte[] DocumentHash,
    byte[] StandardHash,
    Address Certifier,
    ulong ValidFrom,
    ulong ValidUntil,
    LicenceStatus Status)
{
    public bool Exists => Status != LicenceStatus.None;
}

/// <summary>A licence's current status, and whether it is valid at the time asked about (Active and inside its validity).</summary>
public sealed record LicenceStatusAt(LicenceStatus Status, bool ValidAt);

/// <summary>
/// Typed access to <c>LicenceRegistry</c> (contracts/src/ILicenceRegistry.sol). Reads are one eth_call each and need
/// nothing but a node. Writes go through a <see cref="TransactionSender"/> over the relayer's key (its own nonce
/// sequence, one transaction at a time): operator calls (brands, accreditation; the relayer holds OPERATOR_ROLE,
/// granted by <c>ecovalue deploy</c>) and the relaying of certifier-signed EIP-712 messages. Each write is simulated
/// first, so a revert is a <see cref="ContractRevertException"/> naming the contract's custom error
/// (<c>CertifierNotAccredited</c>, <c>InvalidStatusTransition</c>, <c>StandardMismatch</c>, <c>InvalidAccountNonce</c>, …)
/// before any gas is spent; the write returns the successful receipt.
/// </summary>
public sealed class LicenceRegistryClient
{
    public const string ContractName = "LicenceRegistry";

    private const string IssueTuple = "(bytes32,bytes32,bytes32,bytes32,bytes32,uint64,uint64,uint256,uint256)";
    private const string StatusTuple = "(bytes32,uint8,bytes32,uint256,uint256)";

    private static readonly Lazy<ContractErrors> LazyErrors = new(() => ContractErrors.FromAbi(ContractArtifact.Load(ContractName).AbiJson));

    private readonly EthClient _eth;
    private readonly TransactionSender? _relayer;
    private readonly Func<byte[], CancellationToken, Task>? _beforeBroadcast;

    /// <param name="relayer">Sends the writes; null for a read-only client.</param>
    public LicenceRegistryClient(EthClient eth, Address contract, TransactionSender? relayer = null)
        : this(eth, contract, relayer, null)
    {
    }

    private LicenceRegistryClient(EthClient eth, Address contract, TransactionSender? relayer, Func<byte[], CancellationToken, Task>? beforeBroadcast)
    {
        _eth = eth ?? throw new ArgumentNullException(nameof(eth));
        Contract = contract;
        _relayer = relayer;
        _beforeBroadcast = beforeBroadcast;
    }

    /// <summary>
    /// The same client whose writes hand each signed transaction's hash to <paramref name="beforeBroadcast"/> before
    /// broadcasting it (<c>TransactionSender.SendAsync</c> with a hook): the relayer's outbox records it as sent first.
    /// </summary>
    public LicenceRegistryClient WithBeforeBroadcast(Func<byte[], CancellationToken, Task> beforeBroadcast) =>
        new(_eth, Contract, _relayer, beforeBroadcast ?? throw new ArgumentNullException(nameof(beforeBroadcast)));

    /// <summary>The account that sends the writes, or null for a read-only client.</summary>
    public Address? RelayerAddress => _relayer?.Address;

    /// <summary><c>keccak256("OPERATOR_ROLE")</c>: registers brands, accredits and withdraws certifiers.</summary>
    public static byte[] OperatorRole => Keccak.HashUtf8("OPERATOR_ROLE");

    /// <summary>OpenZeppelin's DEFAULT_ADMIN_ROLE (zero): grants and revokes the other roles.</summary>
    public static byte[] DefaultAdminRole => new byte[32];

    /// <summary>The contract's errors, from its ABI in the embedded artifact.</summary>
    public static ContractErrors Errors => LazyErrors.Value;

    public Address Contract { get; }

    /// <summary>The EIP-712 domain of this deployment (the node's chain id and this contract).</summary>
    public async Task<LicenceRegistryDomain> DomainAsync(CancellationToken ct = default) =>
        new(await _eth.ChainIdAsync(ct).ConfigureAwait(false), Contract);

    // ---- Reads ----

    public async Task<BrandInfo> BrandAsync(byte[] brandId, CancellationToken ct = default)
    {
        var v = (object?[])(await CallAsync("brand(bytes32)", "(bytes32,uint32,string)", ct, Word(brandId, nameof(brandId))).ConfigureAwait(false))[0]!;
        return new BrandInfo((byte[])v[0]!, (uint)(BigInteger)v[1]!, (string)v[2]!);
    }

    public async Task<bool> IsAccreditedAsync(byte[] brandId, Address certifier, CancellationToken ct = default) =>
        (bool)(await CallAsync("isAccredited(bytes32,address)", "bool", ct, Word(brandId, nameof(brandId)), certifier).ConfigureAwait(false))[0]!;

    /// <summary>The next nonce <paramref name="certifier"/> must sign (issuances and status changes share it).</summary>
    public async Task<BigInteger> NoncesAsync(Address certifier, CancellationToken ct = default) =>
        (BigInteger)(await CallAsync("nonces(address)", "uint256", ct, certifier).ConfigureAwait(false))[0]!;

    public async Task<LicenceInfo> LicenceAsync(byte[] licenceId, CancellationToken ct = default)
    {
        var v = (object?[])(await CallAsync("licence(bytes32)", "(bytes32,bytes32,bytes32,bytes32,address,uint64,uint64,uint8)", ct, Word(licenceId, nameof(licenceId))).ConfigureAwait(false))[0]!;
        return new LicenceInfo(
            (byte[])v[0]!, (byte[])v[1]!, (byte[])v[2]!, (byte[])v[3]!, (Address)v[4]!,
            (ulong)(BigInteger)v[5]!, (ulong)(BigInteger)v[6]!, (LicenceStatus)(byte)(BigInteger)v[7]!);
    }

    /// <summary><c>licenceStatus(id, at)</c>: the current status, and whether the licence is Active now and <paramref name="at"/> lies in its validity.</summary>
    public async Task<LicenceStatusAt> LicenceStatusAsync(byte[] licenceId, DateTimeOffset at, CancellationToken ct = default)
    {
        var seconds = at.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(seconds, nameof(at));
        var v = await CallAsync("licenceStatus(bytes32,uint64)", "uint8,bool", ct, Word(licenceId, nameof(licenceId)), (ulong)seconds).ConfigureAwait(false);
        return new LicenceStatusAt((LicenceStatus)(byte)(BigInteger)v[0]!, (bool)v[1]!);
    }

    /// <summary>The contract's EIP-712 domain separator (a cross-check of <see cref="LicenceRegistryDomain.Separator"/>).</summary>
    public async Task<byte[]> DomainSeparatorAsync(CancellationToken ct = default) =>
        (byte[])(await CallAsync("domainSeparator()", "bytes32", ct).ConfigureAwait(false))[0]!;

    /// <summary>The contract's digest of an issuance (a cross-check of <see cref="IssueLicenceMessage.Digest"/>).</summary>
    public async Task<byte[]> HashIssueLicenceAsync(IssueLicenceMessage message, CancellationToken ct = default) =>
        (byte[])(await CallAsync($"hashIssueLicence({IssueTuple})", "bytes32", ct, (object)IssueValues(message)).ConfigureAwait(false))[0]!;

    /// <summary>The contract's digest of a status change (a cross-check of <see cref="StatusChangeMessage.Digest"/>).</summary>
    public async Task<byte[]> HashStatusChangeAsync(StatusChangeMessage message, CancellationToken ct = default) =>
        (byte[])(await CallAsync($"hashStatusChange({StatusTuple})", "bytes32", ct, (object)StatusValues(message)).ConfigureAwait(false))[0]!;

    public async Task<bool> HasRoleAsync(byte[] role, Address account, CancellationToken ct = default) =>
        (bool)(await CallAsync("hasRole(bytes32,address)", "bool", ct, Word(role, nameof(role)), account).ConfigureAwait(false))[0]!;

    // ---- Writes (relayer) ----

    public Task<Receipt> RegisterBrandAsync(byte[] brandId, byte[] standardHash, string metadataUri, CancellationToken ct = default) =>
        SendAsync("registerBrand", "registerBrand(bytes32,bytes32,string)", ct, Word(brandId, nameof(brandId)), Word(standardHash, nameof(standardHash)), metadataUri ?? string.Empty);

    public Task<Receipt> UpdateBrandStandardAsync(byte[] brandId, byte[] standardHash, string metadataUri, CancellationToken ct = default) =>
        SendAsync("updateBrandStandard", "updateBrandStandard(bytes32,bytes32,string)", ct, Word(brandId, nameof(brandId)), Word(standardHash, nameof(standardHash)), metadataUri ?? string.Empty);

    public Task<Receipt> AccreditCertifierAsync(byte[] brandId, Address certifier, CancellationToken ct = default) =>
        SendAsync("accreditCertifier", "accreditCertifier(bytes32,address)", ct, Word(brandId, nameof(brandId)), certifier);

    public Task<Receipt> WithdrawAccreditationAsync(byte[] brandId, Address certifier, CancellationToken ct = default) =>
        SendAsync("withdrawAccreditation", "withdrawAccreditation(bytes32,address)", ct, Word(brandId, nameof(brandId)), certifier);

    /// <summary>Relays a certifier's signed issuance (65-byte r‖s‖v signature over <see cref="IssueLicenceMessage.Digest"/>).</summary>
    public Task<Receipt> IssueLicenceAsync(IssueLicenceMessage message, EthSignature signature, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync("issueLicence", $"issueLicence({IssueTuple},bytes)", ct, IssueValues(message), signature.ToBytes65());
    }

    /// <summary>Relays a certifier's signed suspension, reinstatement or revocation.</summary>
    public Task<Receipt> ChangeLicenceStatusAsync(StatusChangeMessage message, EthSignature signature, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync("changeLicenceStatus", $"changeLicenceStatus({StatusTuple},bytes)", ct, StatusValues(message), signature.ToBytes65());
    }

    /// <summary>Grants a role; the sender must hold the role's admin role (DEFAULT_ADMIN_ROLE for OPERATOR_ROLE).</summary>
    public Task<Receipt> GrantRoleAsync(byte[] role, Address account, CancellationToken ct = default) =>
        SendAsync("grantRole", "grantRole(bytes32,address)", ct, Word(role, nameof(role)), account);

    private static object?[] IssueValues(IssueLicenceMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return [m.LicenceId, m.BrandId, m.Holder, m.DocumentHash, m.StandardHash, m.ValidFrom, m.ValidUntil, m.Nonce, m.Deadline];
    }

    private static object?[] StatusValues(StatusChangeMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return [m.LicenceId, (byte)m.Action, m.ReasonHash, m.Nonce, m.Deadline];
    }

    private async Task<object?[]> CallAsync(string signature, string returns, CancellationToken ct, params object?[] args)
    {
        var result = await _eth.CallAsync(new CallRequest { To = Contract, Data = AbiEncoder.EncodeFunctionCall(signature, args) }, null, ct).ConfigureAwait(false);
        return AbiDecoder.Decode(returns, result);
    }

    private Task<Receipt> SendAsync(string name, string signature, CancellationToken ct, params object?[] args)
    {
        var relayer = _relayer ?? throw new InvalidOperationException("this LicenceRegistryClient is read-only: give it a TransactionSender over the relayer key to write");
        return relayer.SendAsync(Contract, AbiEncoder.EncodeFunctionCall(signature, args), Errors, $"{ContractName}.{name}", _beforeBroadcast, ct);
    }

    private static byte[] Word(byte[] value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value.Length == 32 ? value : throw new ArgumentException($"{name} must be 32 bytes, got {value.Length}", name);
    }
}
