using System.Numerics;

namespace EcoValue.Ethereum.Eip712;

/// <summary>One member of a struct type: its name and its EIP-712 type string ("address", "Person[]", ...).</summary>
public sealed record TypedDataField(string Name, string Type);

/// <summary>
/// The EIP-712 signing domain. Every field is optional; the domain separator covers exactly the fields that are set, in
/// the order the EIP lists them (name, version, chainId, verifyingContract, salt), as eth_signTypedData_v4 does.
/// </summary>
public sealed class Eip712Domain
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public BigInteger? ChainId { get; init; }

    public Address? VerifyingContract { get; init; }

    /// <summary>32 bytes when set.</summary>
    public byte[]? Salt { get; init; }

    /// <summary>The EIP712Domain struct type this domain implies: its set fields, in the EIP's order.</summary>
    public IReadOnlyList<TypedDataField> Fields
    {
        get
        {
            var fields = new List<TypedDataField>(5);
            if (Name is not null)
            {
                fields.Add(new("name", "string"));
            }

            if (Version is not null)
            {
                fields.Add(new("version", "string"));
            }

            if (ChainId is not null)
            {
                fields.Add(new("chainId", "uint256"));
            }

            if (VerifyingContract is not null)
            {
                fields.Add(new("verifyingContract", "address"));
            }

            if (Salt is not null)
            {
                fields.Add(new("salt", "bytes32"));
            }

            return fields;
        }
    }

    /// <summary>The domain as an EIP712Domain struct value (field name to value), for hashing.</summary>
    public IReadOnlyDictionary<string, object?> ToStructValue()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Name is not null)
        {
            values["name"] = Name;
        }

        if (Version is not null)
        {
            values["version"] = Version;
        }

        if (ChainId is { } chainId)
        {
            values["chainId"] = chainId;
        }

        if (VerifyingContract is { } contract)
        {
            values["verifyingContract"] = contract;
        }

        if (Salt is not null)
        {
            values["salt"] = Salt;
        }

        return values;
    }
}
