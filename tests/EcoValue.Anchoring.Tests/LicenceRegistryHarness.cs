using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Tests;

/// <summary>
/// A fresh LicenceRegistry on a real anvil, deployed from an admin key as `ecovalue deploy` does (admin = operator =
/// the deployer), with a separate funded relayer that the admin grants OPERATOR_ROLE, and clients for both.
/// </summary>
internal sealed class LicenceRegistryHarness
{
    private LicenceRegistryHarness(EthClient eth, EthECKey admin, LicenceRegistryClient asAdmin, EthECKey relayer, LicenceRegistryClient client, LicenceRegistryDomain domain)
    {
        Eth = eth;
        Admin = admin;
        AsAdmin = asAdmin;
        Relayer = relayer;
        Client = client;
        Domain = domain;
    }

    public EthClient Eth { get; }

    public EthECKey Admin { get; }

    public LicenceRegistryClient AsAdmin { get; }

    public EthECKey Relayer { get; }

    /// <summary>Writes from the relayer (which holds OPERATOR_ROLE).</summary>
    public LicenceRegistryClient Client { get; }

    public LicenceRegistryDomain Domain { get; }

    public AnvilClient Anvil => new(Eth.Rpc);

    public static async Task<LicenceRegistryHarness> StartAsync(Uri rpcUrl, CancellationToken ct)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var chainId = await eth.ChainIdAsync(ct);
        var admin = await FundedKeyAsync(eth, ct);
        var adminAccount = new ChainAccount(eth, admin, chainId);
        var deployment = await new ContractDeployer(adminAccount, new FeeEstimator(eth))
            .DeployAsync(ContractArtifact.Load("LicenceRegistry"), "address,address", [admin.Address, admin.Address], ct);
        var asAdmin = new LicenceRegistryClient(eth, deployment.Address, Sender(eth, admin, chainId));
        var relayer = await FundedKeyAsync(eth, ct);
        await asAdmin.GrantRoleAsync(LicenceRegistryClient.OperatorRole, relayer.Address, ct);
        var client = new LicenceRegistryClient(eth, deployment.Address, Sender(eth, relayer, chainId));
        return new LicenceRegistryHarness(eth, admin, asAdmin, relayer, client, new LicenceRegistryDomain(chainId, deployment.Address));
    }

    public static async Task<EthECKey> FundedKeyAsync(EthClient eth, CancellationToken ct)
    {
        var key = EthECKey.Generate();
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), ct);
        return key;
    }

    public static TransactionSender Sender(EthClient eth, EthECKey key, ulong chainId) =>
        new(new ChainAccount(eth, key, chainId), new FeeEstimator(eth), TimeSpan.FromSeconds(30));

    /// <summary>The latest block's timestamp: the contract's "now" (anvil's clock may differ from ours by a second).</summary>
    public async Task<DateTimeOffset> ChainNowAsync(CancellationToken ct) =>
        DateTimeOffset.FromUnixTimeSeconds((long)(await Eth.GetBlockByNumberAsync(BlockParameter.Latest, ct: ct))!.Timestamp);
}
