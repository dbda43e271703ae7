using System.Numerics;
using EcoValue.Ethereum.Rlp;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Transactions;

/// <summary>Reads transaction fields strictly, naming the field in every error.</summary>
internal static class TransactionFields
{
    public static IReadOnlyList<RlpItem> List(RlpItem item, string what, int count)
    {
        var items = Read(what, () => item.Items);
        if (items.Count != count)
        {
            throw new TransactionException($"{what} has {items.Count} fields, expected {count} (at offset {item.Offset})");
        }

        return items;
    }

    public static ulong UInt64(RlpItem item, string field) => Read(field, item.AsUInt64);

    public static BigInteger UInt256(RlpItem item, string field) => Read(field, () => item.AsBigInteger(32));

    /// <summary>The recipient: 20 bytes, or the empty string for a contract creation.</summary>
    public static Address? To(RlpItem item)
    {
        var bytes = Read("to", () => item.Bytes);
        return bytes.Length switch
        {
            0 => null,
            20 => new Address(bytes.Span),
            _ => throw new TransactionException($"transaction field 'to': {bytes.Length} bytes, expected 20 or none (at offset {item.Offset})"),
        };
    }

    public static ReadOnlyMemory<byte> Data(RlpItem item) => Read("data", () => item.Bytes);

    /// <summary>r and s as canonical uint256, s in the lower half of the order (EIP-2).</summary>
    public static EthSignature Signature(RlpItem rItem, RlpItem sItem, int recoveryId)
    {
        var r = UInt256(rItem, "r");
        var s = UInt256(sItem, "s");
        if (s > Secp256k1.HalfN)
        {
            throw new TransactionException($"transaction field 's': signature s is above n/2 (not canonical, EIP-2) (at offset {sItem.Offset})");
        }

        try
        {
            return new EthSignature(r, s, recoveryId);
        }
        catch (SignatureException e)
        {
            throw new TransactionException($"transaction signature: {e.Message}", e);
        }
    }

    public static IReadOnlyList<AccessListItem> AccessList(RlpItem item)
    {
        var entries = Read("accessList", () => item.Items);
        var result = new AccessListItem[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = List(entries[i], $"accessList[{i}]", 2);
            var address = Read($"accessList[{i}].address", () => new Address(entry[0].AsFixedBytes(20)));
            var keys = Read($"accessList[{i}].storageKeys", () => entry[1].Items.Select(k => (ReadOnlyMemory<byte>)k.AsFixedBytes(32).ToArray()).ToList());
            result[i] = new AccessListItem(address, keys);
        }

        return result;
    }

    private static T Read<T>(string field, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (RlpException e)
        {
            throw new TransactionException($"transaction field '{field}': {e.Message}", e);
        }
    }
}
