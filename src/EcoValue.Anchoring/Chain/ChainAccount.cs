using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;

namespace EcoValue.Anchoring.Chain;

/// <summary>
/// The service's own account on one chain: builds and signs EIP-1559 transactions with its key. It does not pick
/// nonces: the anchoring worker owns those (persisted, reconciled with the chain), deployment asks the chain.
/// </summary>
public sealed class ChainAccount(EthClient eth, EthECKey key, ulong chainId)
{
    public Address Address => key.Address;

    public ulong ChainId { get; } = chainId;

    public EthClient Eth { get; } = eth;

    public Eip1559Transaction Sign(Address? to, byte[] data, ulong nonce, ulong gasLimit, Fees fees) =>
        new Eip1559Transaction
        {
            ChainId = ChainId,
            Nonce = nonce,
            To = to,
            Data = data,
            GasLimit = gasLimit,
            MaxFeePerGas = fees.MaxFeePerGas,
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
        }.Sign(key);

    /// <summary>Gas for a call from this account, with 20% headroom (estimates are exact only for the current state).</summary>
    public async Task<ulong> EstimateGasAsync(Address? to, byte[] data, CancellationToken ct = default)
    {
        var estimate = await Eth.EstimateGasAsync(new CallRequest { From = Address, To = to, Data = data }, ct: ct).ConfigureAwait(false);
        return estimate + (estimate / 5);
    }
}
