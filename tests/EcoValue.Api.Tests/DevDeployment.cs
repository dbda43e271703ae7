using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Data;
using EcoValue.Data.Chain;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Api.Tests;

/// <summary>Deploys our contracts to a test chain from a fresh funded key and records them in a host's database, as `ecovalue deploy` does.</summary>
internal static class DevDeployment
{
    public static async Task<IReadOnlyList<ChainDeploymentRow>> DeployAsync(Uri rpcUrl, string dataDirectory, CancellationToken ct)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var key = EthECKey.Generate();
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), ct);
        var deployer = new ContractDeployer(new ChainAccount(eth, key, await eth.ChainIdAsync(ct)), new FeeEstimator(eth));
        var repository = new ChainDeploymentRepository(new SqliteDatabase(dataDirectory));
        var rows = new List<ChainDeploymentRow>();
        foreach (var name in new[] { "AnchorRegistry", "LicenceRegistry" })
        {
            var d = await deployer.DeployAsync(ContractArtifact.Load(name), "address,address", [key.Address, key.Address], ct);
            var row = d.ToRow(DateTimeOffset.UtcNow);
            await repository.SaveAsync(row, ct);
            rows.Add(row);
        }

        return rows;
    }
}
