using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Eip712;

/// <summary>
/// EIP-712 signing: the digest keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)) signed with RFC 6979 and a
/// low s (EIP-2), the same signature eth_signTypedData_v4 returns; and recovery of the signer.
/// </summary>
public static class Eip712Signer
{
    /// <summary>The EIP-712 digest from an already computed domain separator and struct hash (both 32 bytes).</summary>
    public static byte[] Hash(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash)
    {
        if (domainSeparator.Length != 32 || structHash.Length != 32)
        {
            throw new Eip712Exception($"domain separator and struct hash are 32 bytes each, got {domainSeparator.Length} and {structHash.Length}");
        }

        Span<byte> buffer = stackalloc byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        domainSeparator.CopyTo(buffer[2..]);
        structHash.CopyTo(buffer[34..]);
        return Keccak.Hash(buffer);
    }

    public static byte[] Hash(TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return typedData.Digest();
    }

    public static EthSignature Sign(EthECKey key, TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(Hash(typedData));
    }

    /// <summary>Signs a message whose struct hash was computed elsewhere (e.g. by a contract's own hashing).</summary>
    public static EthSignature Sign(EthECKey key, ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(Hash(domainSeparator, structHash));
    }

    /// <summary>The address whose key produced <paramref name="signature"/> over the document (low s required).</summary>
    public static Address RecoverAddress(TypedData typedData, EthSignature signature) =>
        EthECKey.RecoverAddress(Hash(typedData), signature);

    public static Address RecoverAddress(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash, EthSignature signature) =>
        EthECKey.RecoverAddress(Hash(domainSeparator, structHash), signature);

    /// <summary>True when <paramref name="signature"/> over the document recovers to <paramref name="expected"/>.</summary>
    public static bool Verify(TypedData typedData, EthSignature signature, Address expected) =>
        EthECKey.Verify(Hash(typedData), signature, expected);
}
