using System.Numerics;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Licences;

/// <summary>
/// The EIP-712 message by which a certifier accredited for the licence's brand suspends, reinstates or revokes it
/// (<c>ILicenceRegistry.StatusChange</c>): <c>StatusChange(bytes32 licenceId,uint8 action,bytes32 reasonHash,
/// uint256 nonce,uint256 deadline)</c>. The nonce counter is the same one issuances use.
/// </summary>
public sealed record StatusChangeMessage
{
    public const string TypeName = "StatusChange";

    public static IReadOnlyList<TypedDataField> Fields { get; } =
    [
        new("licenceId", "bytes32"), new("action", "uint8"), new("reasonHash", "bytes32"), new("nonce", "uint256"),
        new("deadline", "uint256"),
    ];

    public StatusChangeMessage(byte[] licenceId, LicenceAction action, byte[] reasonHash, BigInteger nonce, BigInteger deadline)
    {
        LicenceId = MessageWords.Word(licenceId, nameof(licenceId));
        Action = action;
        ReasonHash = MessageWords.Word(reasonHash, nameof(reasonHash));
        Nonce = MessageWords.Uint256(nonce, nameof(nonce));
        Deadline = MessageWords.Uint256(deadline, nameof(deadline));
    }

    public byte[] LicenceId { get; }

    /// <summary>Any byte value can be signed (the contract answers <c>InvalidAction</c> to those outside 1..3).</summary>
    public LicenceAction Action { get; }

    public byte[] ReasonHash { get; }

    public BigInteger Nonce { get; }

    public BigInteger Deadline { get; }

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
                ["licenceId"] = LicenceId, ["action"] = (byte)Action, ["reasonHash"] = ReasonHash, ["nonce"] = Nonce, ["deadline"] = Deadline,
            });
    }

    /// <summary>The digest the certifier signs; equals the contract's <c>hashStatusChange(message)</c>.</summary>
    public byte[] Digest(LicenceRegistryDomain domain) => ToTypedData(domain).Digest();

    public EthSignature Sign(EthECKey certifierKey, LicenceRegistryDomain domain) => Eip712Signer.Sign(certifierKey, ToTypedData(domain));

    public Address RecoverSigner(LicenceRegistryDomain domain, EthSignature signature) => EthECKey.RecoverAddress(Digest(domain), signature);

    public static StatusChangeMessage FromTypedData(TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        MessageWords.RequireType(typedData, TypeName, Fields);
        var m = typedData.Message;
        return new StatusChangeMessage(
            MessageWords.Bytes32(m, "licenceId"), (LicenceAction)(byte)MessageWords.Integer(m, "action"),
            MessageWords.Bytes32(m, "reasonHash"), MessageWords.Integer(m, "nonce"), MessageWords.Integer(m, "deadline"));
    }

    public bool Equals(StatusChangeMessage? other) =>
        other is not null && LicenceId.AsSpan().SequenceEqual(other.LicenceId) && Action == other.Action
        && ReasonHash.AsSpan().SequenceEqual(other.ReasonHash) && Nonce == other.Nonce && Deadline == other.Deadline;

    public override int GetHashCode() => HashCode.Combine(Hex.Encode(LicenceId), Action, Nonce);

    public override string ToString() =>
        $"StatusChange {{ licenceId = {Hex.Encode(LicenceId)}, action = {Action}, reasonHash = {Hex.Encode(ReasonHash)}, nonce = {Nonce}, deadline = {Deadline} }}";
}
