using System.CommandLine;
using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Data;
using EcoValue.Data.Chain;
using EcoValue.Data.Migrations;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue deploy</c>: deploys AnchorRegistry and LicenceRegistry from the service key and records where they
/// are. With <c>--if-missing</c> it keeps a deployment that is still there (same code hash, same genesis) and
/// redeploys only on a fresh or reset chain: what scripts/run does at every start.
/// </summary>
internal static class DeployCommand
{
    private static readonly string[] Contracts = ["AnchorRegistry", "LicenceRegistry"];

    public static Command Create()
    {
        var rpc = CommonOptions.RpcUrl();
        var data = CommonOptions.DataDirectory();
        var keyFile = CommonOptions.KeyFile();
        var ifMissing = new Option<bool>("--if-missing") { Description = "keep deployments that are still on the chain" };
        var dev = new Option<bool>("--dev")
        {
            Description = "dev chain only (chain id 31337): create the service key if missing and fund it with anvil_setBalance",
        };
        var command = new Command("deploy", "Deploy the EcoValue contracts and record their addresses") { rpc, data, keyFile, ifMissing, dev };
        command.SetAction(async (result, ct) =>
        {
            var dataDir = result.GetValue(data)!.FullName;
            var keyPath = result.GetValue(keyFile)?.FullName ?? Path.Combine(dataDir, "keys", "service.key");
            return await RunAsync(result.GetValue(rpc)!, dataDir, keyPath, result.GetValue(ifMissing), result.GetValue(dev), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri rpcUrl, string dataDir, string keyPath, bool ifMissing, bool dev, CancellationToken ct)
    {
        using var http = new HttpClient();
        var eth = new EthClient(new JsonRpcClient(http, new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var chainId = await eth.ChainIdAsync(ct).ConfigureAwait(false);
        if (dev && chainId != 31337)
        {
            await Console.Error.WriteLineAsync($"--dev is for the local dev chain (31337); this node is chain {chainId}").ConfigureAwait(false);
            return 2;
        }

        var key = dev ? ServiceKeyFile.LoadOrCreate(keyPath) : ServiceKeyFile.Load(keyPath);
        Console.WriteLine($"chain {chainId} at {rpcUrl.GetLeftPart(UriPartial.Authority)}, service account {key.Address}");
        if (dev && await eth.GetBalanceAsync(key.Address, ct: ct).ConfigureAwait(false) < BigInteger.Pow(10, 18))
        {
            await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21), ct).ConfigureAwait(false);
            Console.WriteLine("funded the service account with 1000 ETH (anvil_setBalance)");
        }

        var database = new SqliteDatabase(dataDir);
        await Migrator.MigrateAsync(database, SqliteSchema.Migrations, ct).ConfigureAwait(false);
        var repository = new ChainDeploymentRepository(database);
        var check = new DeploymentCheck(eth);
        var deployer = new ContractDeployer(new ChainAccount(eth, key, chainId), new FeeEstimator(eth));
        foreach (var name in Contracts)
        {
            var existing = await repository.GetAsync((long)chainId, name, ct).ConfigureAwait(false);
            if (ifMissing && existing is not null)
            {
                var verdict = await check.CheckAsync(existing, ct).ConfigureAwait(false);
                if (verdict.IsIntact)
                {
                    Console.WriteLine($"{name,-16} {Address.Parse(existing.Address)} (kept: code and genesis unchanged)");
                    continue;
                }

                Console.WriteLine($"{name,-16} {existing.Address} is gone: {verdict.Problem}; redeploying");
            }

            var deployment = await deployer.DeployAsync(ContractArtifact.Load(name), "address,address", [key.Address, key.Address], ct).ConfigureAwait(false);
            await repository.SaveAsync(deployment.ToRow(DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            Console.WriteLine($"{name,-16} {deployment.Address} (deployed in block {deployment.DeployBlock}, tx {Hex.Encode(deployment.DeployTransaction)})");
        }

        return 0;
    }
}
