using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;

namespace EcoValue.Domain.Licences;

/// <summary>
/// The EIP-712 domain of one <c>LicenceRegistry</c> deployment: name "EcoValue LicenceRegistry", version "1", the
/// chain id and the contract address (OpenZeppelin's <c>EIP712("EcoValue LicenceRegistry", "1")</c>). A signature
/// made for one deployment is worthless on any other chain or contract.
/// </summary>
public sealed record LicenceRegistryDomain(ulong ChainId, Address VerifyingContract)
{
    public const string Name = "EcoValue LicenceRegistry";
    public const string Version = "1";

    /// <summary>The EIP712Domain struct type these domains use (all four fields, in the EIP's order).</summary>
    public static IReadOnlyList<TypedDataField> Fields { get; } =
    [
        new("name", "string"), new("version", "string"), new("chainId", "uint256"), new("verifyingContract", "address"),
    ];

    public Eip712Domain ToEip712() => new() { Name = Name, Version = Version, ChainId = ChainId, VerifyingContract = VerifyingContract };

    /// <summary>This deployment's domain separator; equals the contract's <c>domainSeparator()</c>.</summary>
    public byte[] Separator() => new TypedDataEncoder(new Dictionary<string, IReadOnlyList<TypedDataField>> { [TypedData.DomainTypeName] = Fields })
        .HashStruct(TypedData.DomainTypeName, ToEip712().ToStructValue());

    /// <summary>The domain of a typed-data document when it is exactly a LicenceRegistry domain, else null.</summary>
    public static LicenceRegistryDomain? From(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Name != Name || domain.Version != Version || domain.Salt is not null
            || domain.ChainId is not { } chainId || chainId < 0 || chainId > ulong.MaxValue || domain.VerifyingContract is not { } contract)
        {
            return null;
        }

        return new LicenceRegistryDomain((ulong)chainId, contract);
    }
}
