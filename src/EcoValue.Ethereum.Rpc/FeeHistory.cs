using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>eth_feeHistory's answer (EIP-1559 fee market data for a range of blocks).</summary>
/// <param name="BaseFeePerGas">One entry per block plus the next block's base fee.</param>
/// <param name="GasUsedRatio">One entry per block.</param>
/// <param name="Reward">Per block, the priority fee at each requested percentile; empty when none were requested.</param>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    internal static FeeHistory Parse(ResultObject o, int percentiles)
    {
        var ratios = new List<double>();
        foreach (var r in o.Array("gasUsedRatio"))
        {
            if (r.ValueKind != JsonValueKind.Number || !r.TryGetDouble(out var d) || d < 0 || d > 1)
            {
                throw new RpcResponseFormatException(o.Method, $"{o.Field("gasUsedRatio")} entries must be numbers in [0, 1]");
            }

            ratios.Add(d);
        }

        var baseFees = Quantities(o, o.Array("baseFeePerGas"), o.Field("baseFeePerGas"));
        if (baseFees.Count != ratios.Count + 1)
        {
            throw new RpcResponseFormatException(o.Method, $"baseFeePerGas has {baseFees.Count} entries for {ratios.Count} blocks (expected one more)");
        }

        var rewards = new List<IReadOnlyList<BigInteger>>();
        if (percentiles > 0)
        {
            var i = 0;
            foreach (var row in o.Array("reward"))
            {
                var path = $"{o.Field("reward")}[{i++}]";
                if (row.ValueKind != JsonValueKind.Array)
                {
                    throw new RpcResponseFormatException(o.Method, $"{path} must be an array");
                }

                var values = Quantities(o, row.EnumerateArray(), path);
                if (values.Count != percentiles)
                {
                    throw new RpcResponseFormatException(o.Method, $"{path} has {values.Count} entries for {percentiles} percentiles");
                }

                rewards.Add(values);
            }

            if (rewards.Count != ratios.Count)
            {
                throw new RpcResponseFormatException(o.Method, $"reward has {rewards.Count} rows for {ratios.Count} blocks");
            }
        }

        return new FeeHistory(o.UInt64("oldestBlock"), baseFees, ratios, rewards);
    }

    private static List<BigInteger> Quantities(ResultObject o, JsonElement.ArrayEnumerator values, string path)
    {
        var list = new List<BigInteger>();
        var i = 0;
        foreach (var v in values)
        {
            list.Add(RpcJson.Quantity(v, o.Method, $"{path}[{i++}]"));
        }

        return list;
    }
}
