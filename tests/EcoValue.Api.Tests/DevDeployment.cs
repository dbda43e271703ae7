using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Chain;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Api.Tests;

/// <summary>Deploys our contracts to a test chain from a fresh funded key and records them in a host's database, as `ecovalue deploy` does.</summary>
internal static class DevDeployment
{
    public static async Task<IReadOnlyList<ChainDeploymentRow>> DeployAsync(Uri rpcUrl, string dataDirectory, CancellationToken ct) =>
        (await DeployAsync(rpcUrl, dataDirectory, EthECKey.Generate(), ct)).Rows;

    /// <summary>
    /// Deploys as <see cref="DeployAsync(Uri, string, CancellationToken)"/> and sets up the licence relayer as
    /// <c>ecovalue deploy --dev</c> does: <c>&lt;data&gt;/keys/relayer.key</c> created, funded, and granted
    /// LicenceRegistry's OPERATOR_ROLE. Returns the deployer (admin and operator of the contracts) and the relayer.
    /// </summary>
    /// <param name="deployer">The deploying key; a fresh one unless given (the host's service key, when its worker must anchor).</param>
    public static async Task<(IReadOnlyList<ChainDeploymentRow> Rows, EthECKey Deployer, EthECKey Relayer)> DeployWithRelayerAsync(Uri rpcUrl, string dataDirectory, CancellationToken ct, EthECKey? deployer = null)
    {
        deployer ??= EthECKey.Generate();
        var (rows, eth) = await DeployAsync(rpcUrl, dataDirectory, deployer, ct);
        var relayer = EcoValue.Anchoring.Keys.RelayerKeyFile.LoadOrCreate(EcoValue.Anchoring.Keys.RelayerKeyFile.DefaultPath(dataDirectory));
        await new AnvilClient(eth.Rpc).SetBalanceAsync(relayer.Address, BigInteger.Pow(10, 20), ct);
        var registry = rows.Single(r => r.Contract == LicenceRegistryClient.ContractName);
        var asDeployer = new LicenceRegistryClient(eth, EcoValue.Ethereum.Address.Parse(registry.Address),
            new TransactionSender(new ChainAccount(eth, deployer, await eth.ChainIdAsync(ct)), new FeeEstimator(eth)));
        await asDeployer.GrantRoleAsync(LicenceRegistryClient.OperatorRole, relayer.Address, ct);
        return (rows, deployer, relayer);
    }

    private static async Task<(IReadOnlyList<ChainDeploymentRow> Rows, EthClient Eth)> DeployAsync(Uri rpcUrl, string dataDirectory, EthECKey key, CancellationToken ct)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl }));
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), ct);
        var deployer = new ContractDeployer(new ChainAccount(eth, key, await eth.ChainIdAsync(ct)), new FeeEstimator(eth));
        var repository = new ChainDeploymentRepository(EcoValue.Testing.TestDatabases.ForDirectory(dataDirectory));
        var rows = new List<ChainDeploymentRow>();
        foreach (var name in new[] { "AnchorRegistry", "LicenceRegistry" })
        {
            var d = await deployer.DeployAsync(ContractArtifact.Load(name), "address,address", [key.Address, key.Address], ct);
            var row = d.ToRow(DateTimeOffset.UtcNow);
            await repository.SaveAsync(row, ct);
            rows.Add(row);
        }

        return (rows, eth);
    }
}
