using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Contracts;

/// <summary>Whether a recorded deployment is still there; <see cref="Problem"/> says what changed when it is not.</summary>
public sealed record DeploymentVerdict(bool IsIntact, string? Problem)
{
    public static readonly DeploymentVerdict Intact = new(true, null);
}

/// <summary>
/// Compares a recorded deployment with the chain: same genesis block (else the chain was reset or is another chain)
/// and the same code hash at the address (else the contract is gone or is not ours). A reset dev chain is reported,
/// never silently used.
/// </summary>
public sealed class DeploymentCheck(EthClient eth)
{
    public async Task<DeploymentVerdict> CheckAsync(ChainDeploymentRow recorded, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var genesis = await eth.GetBlockByNumberAsync(BlockParameter.Earliest, ct: ct).ConfigureAwait(false);
        if (genesis is null || !genesis.Hash.AsSpan().SequenceEqual(recorded.GenesisHash))
        {
            return new(false, $"the chain's genesis block is {(genesis is null ? "missing" : Hex.Encode(genesis.Hash))}, recorded {Hex.Encode(recorded.GenesisHash)} (reset or foreign chain)");
        }

        var code = await eth.GetCodeAsync(Address.Parse(recorded.Address), ct: ct).ConfigureAwait(false);
        if (code.Length == 0)
        {
            return new(false, $"no code at {recorded.Address} (the chain was reset or rolled back below block {recorded.DeployBlock})");
        }

        var hash = Keccak.Hash(code);
        return hash.AsSpan().SequenceEqual(recorded.CodeHash)
            ? DeploymentVerdict.Intact
            : new(false, $"code at {recorded.Address} hashes to {Hex.Encode(hash)}, recorded {Hex.Encode(recorded.CodeHash)}");
    }
}
