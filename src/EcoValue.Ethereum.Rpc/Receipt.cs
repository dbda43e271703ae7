using System.Numerics;

namespace EcoValue.Ethereum.Rpc;

/// <summary>A mined transaction's receipt (execution-apis ReceiptInfo).</summary>
/// <param name="Status">1 success, 0 failure (EIP-658); null for pre-Byzantium receipts, which carry a state root instead.</param>
public sealed record Receipt(
    byte[] TransactionHash,
    ulong TransactionIndex,
    byte[] BlockHash,
    ulong BlockNumber,
    Address From,
    Address? To,
    Address? ContractAddress,
    ulong CumulativeGasUsed,
    ulong GasUsed,
    BigInteger? EffectiveGasPrice,
    byte? Status,
    byte Type,
    IReadOnlyList<LogEntry> Logs)
{
    public bool Succeeded => Status == 1;

    internal static Receipt Parse(ResultObject o)
    {
        var status = o.OptionalUInt64("status");
        if (status > 1)
        {
            throw new RpcResponseFormatException(o.Method, $"{o.Field("status")} must be 0x0 or 0x1, got {status}");
        }

        return new Receipt(
            o.Hash("transactionHash"),
            o.UInt64("transactionIndex"),
            o.Hash("blockHash"),
            o.UInt64("blockNumber"),
            o.Address("from"),
            o.OptionalAddress("to"),
            o.OptionalAddress("contractAddress"),
            o.UInt64("cumulativeGasUsed"),
            o.UInt64("gasUsed"),
            o.OptionalQuantity("effectiveGasPrice"),
            (byte?)status,
            TransactionInfo.ParseType(o),
            [.. o.Objects("logs").Select(LogEntry.Parse)]);
    }
}
