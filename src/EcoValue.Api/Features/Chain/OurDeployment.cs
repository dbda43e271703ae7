using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Chain;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Api.Features.Chain;

/// <summary>
/// The check a chain worker makes before it sends anything (the anchoring worker, the licence relayer): the node is
/// the configured chain, one of our contracts is recorded for it, and that contract's code and the chain's genesis are
/// unchanged (a reset dev chain pauses the worker instead of sending to a contract that is not ours).
/// </summary>
public static class OurDeployment
{
    /// <summary>The chain id and the recorded deployment of <paramref name="contract"/>; or null and why not.</summary>
    public static async Task<(ulong ChainId, ChainDeploymentRow? Deployment, string? Problem)> FindAsync(
        EthClient eth, ChainDeploymentRepository deployments, long expectedChainId, string contract, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(deployments);
        var chainId = await eth.ChainIdAsync(ct).ConfigureAwait(false);
        if ((long)chainId != expectedChainId)
        {
            return (chainId, null, $"the node is chain {chainId}, configured for {expectedChainId}");
        }

        var row = await deployments.GetAsync((long)chainId, contract, ct).ConfigureAwait(false);
        if (row is null)
        {
            return (chainId, null, $"no {contract} recorded for chain {chainId} (run `ecovalue deploy`)");
        }

        var verdict = await new DeploymentCheck(eth).CheckAsync(row, ct).ConfigureAwait(false);
        return verdict.IsIntact ? (chainId, row, null) : (chainId, null, verdict.Problem);
    }
}
