using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// A block header and its transactions (hashes always; full objects when asked for). Blocks without a hash (a
/// pending block on geth) are not represented: they are reported as malformed rather than given a fake hash.
/// </summary>
/// <param name="BaseFeePerGas">EIP-1559 base fee; null before London.</param>
/// <param name="Transactions">Full transactions when requested, otherwise empty.</param>
public sealed record Block(
    ulong Number,
    byte[] Hash,
    byte[] ParentHash,
    ulong Timestamp,
    BigInteger? BaseFeePerGas,
    ulong GasLimit,
    ulong GasUsed,
    Address Miner,
    IReadOnlyList<byte[]> TransactionHashes,
    IReadOnlyList<TransactionInfo> Transactions)
{
    internal static Block Parse(ResultObject o, bool fullTransactions)
    {
        var hashes = new List<byte[]>();
        var full = new List<TransactionInfo>();
        var i = 0;
        foreach (var t in o.Array("transactions"))
        {
            var path = $"{o.Field("transactions")}[{i++}]";
            if (fullTransactions)
            {
                var tx = TransactionInfo.Parse(new ResultObject(t, o.Method, path));
                full.Add(tx);
                hashes.Add(tx.Hash);
            }
            else if (t.ValueKind == JsonValueKind.String)
            {
                hashes.Add(RpcJson.Hash(t, o.Method, path));
            }
            else
            {
                throw new RpcResponseFormatException(o.Method, $"{path} must be a transaction hash, got {RpcJson.Describe(t)}");
            }
        }

        return new Block(
            o.UInt64("number"),
            o.Hash("hash"),
            o.Hash("parentHash"),
            o.UInt64("timestamp"),
            o.OptionalQuantity("baseFeePerGas"),
            o.UInt64("gasLimit"),
            o.UInt64("gasUsed"),
            o.Address("miner"),
            hashes,
            full);
    }
}
