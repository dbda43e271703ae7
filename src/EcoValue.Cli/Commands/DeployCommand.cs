using System.CommandLine;
using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Data;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue deploy</c>: deploys AnchorRegistry and LicenceRegistry from the service key and records where they
/// are in the service's database (SQLite or PostgreSQL, <see cref="DatabaseSelection"/>), opened before any transaction. With <c>--if-missing</c> it keeps a deployment that is still there (same code hash, same genesis) and
/// redeploys only on a fresh or reset chain: what scripts/run does at every start. Then it makes sure the licence
/// relayer (<c>&lt;data&gt;/keys/relayer.key</c>, its own account so licence transactions never take the anchoring
/// worker's nonces) holds LicenceRegistry's OPERATOR_ROLE, granting it from the service key (the contract's admin)
/// only when it is missing. With <c>--dev</c> the relayer key is created and funded like the service key; without,
/// a missing relayer key file is reported and the grant skipped.
/// </summary>
internal static class DeployCommand
{
    private static readonly string[] Contracts = ["AnchorRegistry", "LicenceRegistry"];

    public static Command Create()
    {
        var rpc = CommonOptions.RpcUrl();
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var keyFile = CommonOptions.KeyFile();
        var relayerKeyFile = new Option<FileInfo?>("--relayer-key-file")
        {
            Description = "licence relayer key file (0x hex private key, mode 0600); default <data>/keys/relayer.key",
        };
        var ifMissing = new Option<bool>("--if-missing") { Description = "keep deployments that are still on the chain" };
        var dev = new Option<bool>("--dev")
        {
            Description = "dev chain only (chain id 31337): create the service and relayer keys if missing and fund them with anvil_setBalance",
        };
        var command = new Command("deploy", "Deploy the EcoValue contracts, record their addresses, grant the licence relayer OPERATOR_ROLE")
        {
            rpc, data, db.Provider, db.ConnectionString, keyFile, relayerKeyFile, ifMissing, dev,
        };
        command.SetAction(async (result, ct) =>
        {
            var dataDir = result.GetValue(data)!.FullName;
            var keyPath = result.GetValue(keyFile)?.FullName ?? Path.Combine(dataDir, "keys", "service.key");
            var relayerPath = result.GetValue(relayerKeyFile)?.FullName ?? RelayerKeyFile.DefaultPath(dataDir);

            // Opened (and migrated) before anything is sent: a deployment the database cannot record would be lost.
            await using var opened = await db.OpenAsync(result, result.GetValue(data)!, migrate: true, ct).ConfigureAwait(false);
            if (opened.Database is not { } database)
            {
                return opened.ExitCode;
            }

            return await RunAsync(result.GetValue(rpc)!, database, keyPath, relayerPath, result.GetValue(ifMissing), result.GetValue(dev), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri rpcUrl, Database database, string keyPath, string relayerPath, bool ifMissing, bool dev, CancellationToken ct)
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
        if (dev)
        {
            await FundAsync(eth, key.Address, "service", ct).ConfigureAwait(false);
        }

        var repository = new ChainDeploymentRepository(database);
        var check = new DeploymentCheck(eth);
        var serviceAccount = new ChainAccount(eth, key, chainId);
        var deployer = new ContractDeployer(serviceAccount, new FeeEstimator(eth));
        var addresses = new Dictionary<string, Address>(StringComparer.Ordinal);
        foreach (var name in Contracts)
        {
            var existing = await repository.GetAsync((long)chainId, name, ct).ConfigureAwait(false);
            if (ifMissing && existing is not null)
            {
                var verdict = await check.CheckAsync(existing, ct).ConfigureAwait(false);
                if (verdict.IsIntact)
                {
                    addresses[name] = Address.Parse(existing.Address);
                    Console.WriteLine($"{name,-16} {addresses[name]} (kept: code and genesis unchanged)");
                    continue;
                }

                Console.WriteLine($"{name,-16} {existing.Address} is gone: {verdict.Problem}; redeploying");
            }

            var deployment = await deployer.DeployAsync(ContractArtifact.Load(name), "address,address", [key.Address, key.Address], ct).ConfigureAwait(false);
            await repository.SaveAsync(deployment.ToRow(DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            addresses[name] = deployment.Address;
            Console.WriteLine($"{name,-16} {deployment.Address} (deployed in block {deployment.DeployBlock}, tx {Hex.Encode(deployment.DeployTransaction)})");
        }

        return await GrantRelayerAsync(serviceAccount, addresses[LicenceRegistryClient.ContractName], relayerPath, dev, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure the relayer holds OPERATOR_ROLE on LicenceRegistry: granted from the service key (DEFAULT_ADMIN_ROLE
    /// since the constructor) only when missing, so re-runs and <c>--if-missing</c> starts send nothing. The service
    /// key sends here only because deploy runs before the service (and its anchoring worker) starts.
    /// </summary>
    private static async Task<int> GrantRelayerAsync(ChainAccount service, Address registry, string relayerPath, bool dev, CancellationToken ct)
    {
        if (!dev && !File.Exists(relayerPath))
        {
            Console.WriteLine($"{"relayer",-16} none: {relayerPath} does not exist; licence transactions need it (create it, then run deploy --if-missing again)");
            return 0;
        }

        var relayer = dev ? RelayerKeyFile.LoadOrCreate(relayerPath) : RelayerKeyFile.Load(relayerPath);
        if (relayer.Address == service.Address)
        {
            await Console.Error.WriteLineAsync($"the relayer key {relayerPath} is the service key; it needs its own account so licence transactions never take the anchoring worker's nonces").ConfigureAwait(false);
            return 2;
        }

        if (dev)
        {
            await FundAsync(service.Eth, relayer.Address, "relayer", ct).ConfigureAwait(false);
        }

        var client = new LicenceRegistryClient(service.Eth, registry, new TransactionSender(service, new FeeEstimator(service.Eth)));
        if (await client.HasRoleAsync(LicenceRegistryClient.OperatorRole, relayer.Address, ct).ConfigureAwait(false))
        {
            Console.WriteLine($"{"relayer",-16} {relayer.Address} (OPERATOR_ROLE already held)");
            return 0;
        }

        try
        {
            var receipt = await client.GrantRoleAsync(LicenceRegistryClient.OperatorRole, relayer.Address, ct).ConfigureAwait(false);
            Console.WriteLine($"{"relayer",-16} {relayer.Address} (OPERATOR_ROLE granted, tx {Hex.Encode(receipt.TransactionHash)})");
            return 0;
        }
        catch (ContractRevertException e)
        {
            await Console.Error.WriteLineAsync($"cannot grant the relayer OPERATOR_ROLE: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Dev chain: tops an account up to 1000 ETH with anvil_setBalance when it holds less than 1 ETH.</summary>
    private static async Task FundAsync(EthClient eth, Address account, string what, CancellationToken ct)
    {
        if (await eth.GetBalanceAsync(account, ct: ct).ConfigureAwait(false) < BigInteger.Pow(10, 18))
        {
            await new AnvilClient(eth.Rpc).SetBalanceAsync(account, BigInteger.Pow(10, 21), ct).ConfigureAwait(false);
            Console.WriteLine($"funded the {what} account with 1000 ETH (anvil_setBalance)");
        }
    }
}
