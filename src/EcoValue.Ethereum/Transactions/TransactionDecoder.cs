using EcoValue.Ethereum.Rlp;

namespace EcoValue.Ethereum.Transactions;

/// <summary>
/// Decodes raw signed transactions strictly (EIP-2718 envelope): a first byte of 0xc0 or more is a legacy RLP list,
/// 0x02 an EIP-1559 transaction; anything else is rejected. Every field must be canonical, s at most n/2 (EIP-2),
/// v/yParity well formed, and nothing may follow the transaction. Errors are <see cref="TransactionException"/>s.
/// </summary>
public static class TransactionDecoder
{
    public static Transaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new TransactionException("raw transaction is empty");
        }

        var bytes = raw.ToArray();
        var first = bytes[0];
        try
        {
            return first switch
            {
                >= 0xc0 => LegacyTransaction.FromRlp(RlpDecoder.Decode(bytes)),
                (byte)TransactionType.Eip1559 => Eip1559Transaction.FromRlp(RlpDecoder.Decode(bytes, 1)),
                < 0x80 => throw new TransactionException($"transaction type 0x{first:x2}{TypeName(first)} is not supported (only legacy and 0x02, EIP-1559)"),
                _ => throw new TransactionException($"not a transaction: first byte 0x{first:x2} is an RLP string prefix; a legacy transaction is an RLP list and a typed one starts with a type byte below 0x80 (EIP-2718)"),
            };
        }
        catch (RlpException e)
        {
            var kind = first >= 0xc0 ? "legacy" : "EIP-1559";
            throw new TransactionException($"malformed {kind} transaction: {e.Message}", e);
        }
    }

    /// <summary>Decodes and requires the transaction to be bound to chain <paramref name="expectedChainId"/>.</summary>
    /// <param name="allowUnprotected">Also accept a pre-EIP-155 legacy transaction, which carries no chain id.</param>
    public static Transaction Decode(ReadOnlySpan<byte> raw, ulong expectedChainId, bool allowUnprotected = false)
    {
        var transaction = Decode(raw);
        transaction.EnsureChainId(expectedChainId, allowUnprotected);
        return transaction;
    }

    private static string TypeName(byte type) => type switch
    {
        0x01 => " (EIP-2930)",
        0x03 => " (EIP-4844)",
        0x04 => " (EIP-7702)",
        _ => string.Empty,
    };
}
