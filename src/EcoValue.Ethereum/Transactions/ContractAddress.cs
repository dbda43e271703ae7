using EcoValue.Ethereum.Rlp;

namespace EcoValue.Ethereum.Transactions;

/// <summary>Where a CREATE deployment lands (Yellow Paper §7, eq. 88): keccak256(rlp([sender, nonce]))[12:].</summary>
public static class ContractAddress
{
    public static Address Compute(Address sender, ulong nonce)
    {
        var encoded = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes(sender.ToArray()), RlpItem.FromUInt(nonce)));
        return new Address(Keccak.Hash(encoded).AsSpan(12));
    }
}
