using System.Numerics;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Licences;

/// <summary>
/// The EIP-712 message by which an accredited certifier issues a licence (<c>ILicenceRegistry.IssueLicence</c>):
/// <c>IssueLicence(bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,bytes32 standardHash,
/// uint64 validFrom,uint64 validUntil,uint256 nonce,uint256 deadline)</c>. <see cref="DocumentHash"/> binds the licence
/// document (<see cref="LicenceCredential"/>), so this one signature is both the document's proof and the chain's
/// authority to issue. <see cref="Nonce"/> is the certifier's next nonce on the contract; <see cref="Deadline"/> the
/// last Unix second at which the signature may be relayed. Times are Unix seconds, <see cref="ValidUntil"/> exclusive.
/// </summary>
public sealed record IssueLicenceMessage
{
    public const string TypeName = "IssueLicence";

    /// <summary>The struct type, member for member as the contract's <c>ISSUE_LICENCE_TYPEHASH</c> spells it.</summary>
    public static IReadOnlyList<TypedDataField> Fields { get; } =
    [
        new("licenceId", "bytes32"), new("brandId", "bytes32"), new("holder", "bytes32"), new("documentHash", "bytes32"),
        new("standardHash", "bytes32"), new("validFrom", "uint64"), new("validUntil", "uint64"), new("nonce", "uint256"),
        new("deadline", "uint256"),
    ];

    public IssueLicenceMessage(
        byte[] licenceId, byte[] brandId, byte[] holder, byte[] documentHash, byte[] standardHash,
        ulong validFrom, ulong validUntil, BigInteger nonce, BigInteger deadline)
    {
        LicenceId = MessageWords.Word(licenceId, nameof(licenceId));
        BrandId = MessageWords.Word(brandId, nameof(brandId));
        Holder = MessageWords.Word(holder, nameof(holder));
        DocumentHash = MessageWords.Word(documentHash, nameof(documentHash));
        StandardHash = MessageWords.Word(standardHash, nameof(standardHash));
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Nonce = MessageWords.Uint256(nonce, nameof(nonce));
        Deadline = MessageWords.Uint256(deadline, nameof(deadline));
    }

    public byte[] LicenceId { get; }

    public byte[] BrandId { get; }

    public byte[] Holder { get; }

    public byte[] DocumentHash { get; }

    public byte[] StandardHash { get; }

    public ulong ValidFrom { get; }

    public ulong ValidUntil { get; }

    public BigInteger Nonce { get; }

    public BigInteger Deadline { get; }

    /// <summary>The typed-data document a wallet or <c>cast wallet sign --data</c> would sign.</summary>
    public TypedData ToTypedData(LicenceRegistryDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new TypedData(
            new Dictionary<string, IReadOnlyList<TypedDataField>>(StringComparer.Ordinal)
            {
                [TypedData.DomainTypeName] = LicenceRegistryDomain.Fields,
                [TypeName] = Fields,
            },
            TypeName,
            domain.ToEip712(),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["licenceId"] = LicenceId, ["brandId"] = BrandId, ["holder"] = Holder, ["documentHash"] = DocumentHash,
                ["standardHash"] = StandardHash, ["validFrom"] = ValidFrom, ["validUntil"] = ValidUntil, ["nonce"] = Nonce,
                ["deadline"] = Deadline,
            });
    }

    /// <summary>The digest the certifier signs; equals the contract's <c>hashIssueLicence(message)</c>.</summary>
    public byte[] Digest(LicenceRegistryDomain domain) => ToTypedData(domain).Digest();

    public EthSignature Sign(EthECKey certifierKey, LicenceRegistryDomain domain) => Eip712Signer.Sign(certifierKey, ToTypedData(domain));

    /// <summary>Who signed (low s required, as OpenZeppelin's ECDSA.recover does).</summary>
    public Address RecoverSigner(LicenceRegistryDomain domain, EthSignature signature) => EthECKey.RecoverAddress(Digest(domain), signature);

    /// <summary>Reads the message back from a typed-data document whose primary type is exactly <see cref="Fields"/>.</summary>
    public static IssueLicenceMessage FromTypedData(TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        MessageWords.RequireType(typedData, TypeName, Fields);
        var m = typedData.Message;
        return new IssueLicenceMessage(
            MessageWords.Bytes32(m, "licenceId"), MessageWords.Bytes32(m, "brandId"), MessageWords.Bytes32(m, "holder"),
            MessageWords.Bytes32(m, "documentHash"), MessageWords.Bytes32(m, "standardHash"),
            (ulong)MessageWords.Integer(m, "validFrom"), (ulong)MessageWords.Integer(m, "validUntil"),
            MessageWords.Integer(m, "nonce"), MessageWords.Integer(m, "deadline"));
    }

    public bool Equals(IssueLicenceMessage? other) =>
        other is not null
        && LicenceId.AsSpan().SequenceEqual(other.LicenceId) && BrandId.AsSpan().SequenceEqual(other.BrandId)
        && Holder.AsSpan().SequenceEqual(other.Holder) && DocumentHash.AsSpan().SequenceEqual(other.DocumentHash)
        && StandardHash.AsSpan().SequenceEqual(other.StandardHash) && ValidFrom == other.ValidFrom
        && ValidUntil == other.ValidUntil && Nonce == other.Nonce && Deadline == other.Deadline;

    public override int GetHashCode() => HashCode.Combine(Hex.Encode(LicenceId), Nonce);

    public override string ToString() =>
        $"IssueLicence {{ licenceId = {Hex.Encode(LicenceId)}, brandId = {Hex.Encode(BrandId)}, holder = {Hex.Encode(Holder)}, " +
        $"documentHash = {Hex.Encode(DocumentHash)}, standardHash = {Hex.Encode(StandardHash)}, validFrom = {ValidFrom}, " +
        $"validUntil = {ValidUntil}, nonce = {Nonce}, deadline = {Deadline} }}";
}
