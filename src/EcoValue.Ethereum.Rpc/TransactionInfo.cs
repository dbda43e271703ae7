using System.Numerics;

namespace EcoValue.Ethereum.Rpc;

/// <summary>A transaction as eth_getTransactionByHash reports it; block fields are null while it is pending.</summary>
/// <param name="Type">EIP-2718 type: 0 legacy, 1 access list (EIP-2930), 2 dynamic fee (EIP-1559), ….</param>
public sealed record TransactionInfo(
    byte[] Hash,
    byte Type,
    ulong Nonce,
    Address From,
    Address? To,
    BigInteger Value,
    ulong Gas,
    BigInteger? GasPrice,
    BigInteger? MaxFeePerGas,
    BigInteger? MaxPriorityFeePerGas,
    byte[] Input,
    ulong? ChainId,
    byte[]? BlockHash,
    ulong? BlockNumber,
    ulong? TransactionIndex,
    BigInteger? V,
    BigInteger? R,
    BigInteger? S)
{
    public bool IsPending => BlockHash is null;

    internal static TransactionInfo Parse(ResultObject o)
    {
        var blockHash = o.OptionalHash("blockHash");
        var blockNumber = o.OptionalUInt64("blockNumber");
        var index = o.OptionalUInt64("transactionIndex");
        if ((blockHash is null) != (blockNumber is null) || (blockHash is null) != (index is null))
        {
            throw new RpcResponseFormatException(o.Method, $"{o.Field("blockHash")}, blockNumber and transactionIndex must be all set or all null");
        }

        return new TransactionInfo(
            o.Hash("hash"),
            ParseType(o),
            o.UInt64("nonce"),
            o.Address("from"),
            o.OptionalAddress("to"),
            o.Quantity("value"),
            o.UInt64("gas"),
            o.OptionalQuantity("gasPrice"),
            o.OptionalQuantity("maxFeePerGas"),
            o.OptionalQuantity("maxPriorityFeePerGas"),
            o.Bytes("input"),
            o.OptionalUInt64("chainId"),
            blockHash,
            blockNumber,
            index,
            o.OptionalQuantity("v"),
            o.OptionalQuantity("r"),
            o.OptionalQuantity("s"));
    }

    /// <summary>EIP-2718 type; absent means legacy (nodes from before typed transactions).</summary>
    internal static byte ParseType(ResultObject o)
    {
        var type = o.OptionalUInt64("type") ?? 0;
        return type <= 0x7f
            ? (byte)type
            : throw new RpcResponseFormatException(o.Method, $"{o.Field("type")} {type} is outside EIP-2718's range 0x00-0x7f");
    }
}
