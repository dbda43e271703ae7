using System.Numerics;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Chain;

/// <summary>EIP-1559 fees for one transaction: the most we pay per gas, and the tip to the block producer.</summary>
public sealed record Fees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
{
    /// <summary>
    /// The fees a replacement must at least carry: nodes (geth's txpool, anvil) accept a same-nonce replacement only
    /// when both fields rise by 10% or more; we use 12.5% so rounding never lands exactly on the line.
    /// </summary>
    public Fees Bumped() => new(Bump(MaxFeePerGas), Bump(MaxPriorityFeePerGas));

    /// <summary>The larger of each field (a bumped replacement must never undercut a fresh estimate).</summary>
    public Fees AtLeast(Fees other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(BigInteger.Max(MaxFeePerGas, other.MaxFeePerGas), BigInteger.Max(MaxPriorityFeePerGas, other.MaxPriorityFeePerGas));
    }

    private static BigInteger Bump(BigInteger v) => v.IsZero ? BigInteger.One : v + BigInteger.Max(BigInteger.One, (v + 7) / 8);
}

/// <summary>
/// Estimates fees from the chain itself: tip = median reward of recent blocks (at least the node's suggestion when
/// blocks are empty), max fee = 2 x next base fee + tip, which survives six full blocks of base-fee growth.
/// Chains without a base fee (e.g. Besu QBFT with free gas) get their gas price for both.
/// </summary>
public sealed class FeeEstimator(EthClient eth)
{
    private const uint HistoryBlocks = 5;

    public async Task<Fees> EstimateAsync(CancellationToken ct = default)
    {
        var history = await eth.FeeHistoryAsync(HistoryBlocks, BlockParameter.Latest, [50.0], ct).ConfigureAwait(false);
        var nextBaseFee = history.BaseFeePerGas.Count > 0 ? history.BaseFeePerGas[^1] : BigInteger.Zero;
        if (nextBaseFee.IsZero && history.Reward.Count == 0)
        {
            var gasPrice = await eth.GasPriceAsync(ct).ConfigureAwait(false);
            return new Fees(gasPrice, gasPrice);
        }

        var rewards = history.Reward.Where(r => r.Count > 0).Select(r => r[0]).Order().ToList();
        var tip = rewards.Count > 0 ? rewards[rewards.Count / 2] : BigInteger.Zero;
        if (tip.IsZero)
        {
            tip = await eth.MaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
        }

        return new Fees((nextBaseFee * 2) + tip, tip);
    }
}
