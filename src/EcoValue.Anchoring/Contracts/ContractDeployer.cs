using EcoValue.Anchoring.Chain;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Transactions;

namespace EcoValue.Anchoring.Contracts;

/// <summary>Where a contract was deployed, and what identifies that chain and code (checked again at every start).</summary>
public sealed record ContractDeployment(
    ulong ChainId,
    string Contract,
    Address Address,
    byte[] CodeHash,
    byte[] DeployTransaction,
    ulong DeployBlock,
    byte[] GenesisHash)
{
    /// <summary>The row <see cref="ChainDeploymentRepository"/> stores for this deployment.</summary>
    public ChainDeploymentRow ToRow(DateTimeOffset deployedAt) =>
        new((long)ChainId, Contract, Address.ToLowerHex(), CodeHash, DeployTransaction, (long)DeployBlock, GenesisHash,
            deployedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Deploys a checked-in artifact from the service account. The recorded code hash is that of the code the chain
/// actually holds (contracts with immutables, such as EIP712's cached domain, differ from the artifact's runtime).
/// </summary>
public sealed class ContractDeployer(ChainAccount account, FeeEstimator fees)
{
    public async Task<ContractDeployment> DeployAsync(ContractArtifact artifact, string constructorTypes, object?[] constructorArgs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        byte[] initCode = [.. artifact.Bytecode, .. AbiEncoder.Encode(constructorTypes, constructorArgs)];
        var eth = account.Eth;
        var nonce = await eth.GetTransactionCountAsync(account.Address, BlockParameter.Pending, ct).ConfigureAwait(false);
        var gas = await account.EstimateGasAsync(null, initCode, ct).ConfigureAwait(false);
        var tx = account.Sign(null, initCode, nonce, gas, await fees.EstimateAsync(ct).ConfigureAwait(false));
        var hash = await eth.SendRawTransactionAsync(tx.Encode(), ct).ConfigureAwait(false);
        var receipt = await eth.WaitForReceiptAsync(hash, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        if (!receipt.Succeeded || receipt.ContractAddress is not { } address)
        {
            throw new InvalidOperationException($"deploying {artifact.ContractName} failed in transaction {Hex.Encode(hash)}");
        }

        if (address != ContractAddress.Compute(account.Address, nonce))
        {
            throw new InvalidOperationException($"{artifact.ContractName} landed at {address}, not at the CREATE address of nonce {nonce}");
        }

        var code = await eth.GetCodeAsync(address, receipt.BlockNumber, ct).ConfigureAwait(false);
        if (code.Length == 0)
        {
            throw new InvalidOperationException($"{artifact.ContractName} at {address} has no code");
        }

        var genesis = await eth.GetBlockByNumberAsync(BlockParameter.Earliest, ct: ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the node has no genesis block");
        return new ContractDeployment(account.ChainId, artifact.ContractName, address, Keccak.Hash(code), hash, receipt.BlockNumber, genesis.Hash);
    }
}
