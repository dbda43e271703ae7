using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Features.Certification;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Certification;

/// <summary>A certification host whose anvil keeps its state in a file, so the node can be stopped and started again.</summary>
public sealed class StatefulCertificationHost : CertificationHost
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("ecovalue-anvil-state-").FullName;

    protected override AnvilNode CreateNode() => new AnvilNode().WithArgs("--state", Path.Combine(_stateDirectory, "state.json"));

    protected override void CleanUp() => Directory.Delete(_stateDirectory, recursive: true);
}

/// <summary>
/// The relayer's outbox against a real node: an operation waits while the node is down and goes when it is back; a
/// revert marks the operation failed with the contract's error and the queue moves on; a transaction recorded as
/// sent before a restart is settled from its receipt, not sent again.
/// </summary>
public sealed class RelayerTests(StatefulCertificationHost fixture) : IClassFixture<StatefulCertificationHost>
{
    [Fact]
    public async Task WhileTheNodeIsDown_anOperationStaysPending_andIsSentWhenTheNodeIsBack()
    {
        var relayer = Relayer(fixture.Host.Services, fixture);
        using var certifier = await fixture.Host.ClientForAsync(Roles.Certifier, ct: Ct);
        await fixture.Node.StopAsync();
        try
        {
            // The decision does not need the chain: it is committed with its operation.
            var (status, body) = await PostAsync(fixture.Admin, $"/api/v1/brands/{Baisha}/certifiers", new { userId = certifier.UserId });
            Assert.True(status == 201, body.ToString());
            Assert.Equal("pending", body.GetProperty("chain").GetProperty("status").GetString());

            // A pass fails on the transport and changes nothing.
            await Assert.ThrowsAsync<RpcTransportException>(() => relayer.RunOnceAsync(Ct));
            var operation = await LatestAsync(fixture.Host.Services, ChainOperations.AccreditationSubject(Baisha, certifier.UserId));
            Assert.Equal(("accredit", "pending", null), (operation.Kind, operation.Status, operation.TxHash));
        }
        finally
        {
            await fixture.Node.RestartAsync();
        }

        // The hosted relayer, backing off meanwhile, sends it once the node answers again.
        var list = await WaitForChainAsync(fixture.Admin, $"/api/v1/brands/{Baisha}/certifiers",
            l => l.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("chain"), seconds: 90);
        var address = Address.Parse(list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("address").GetString()!);
        Assert.True(await fixture.Registry.IsAccreditedAsync(LicenceIds.BrandId(Baisha), address, Ct));
    }

    [Fact]
    public async Task ARevert_marksTheOperationFailedWithTheDecodedError_andTheQueueMovesOn()
    {
        // The relayer loses OPERATOR_ROLE: registering a brand is refused by the contract.
        await RevokeRoleAsync(fixture, fixture.Relayer.Address);
        try
        {
            var (status, body) = await PostAsync(fixture.Admin, "/api/v1/brands", new { standardId = "hainan-green-low-carbon" });
            Assert.True(status == 201, body.ToString());
            var brand = await WaitForChainAsync(fixture.Admin, "/api/v1/brands/hainan-green-low-carbon", b => b.GetProperty("chain"), status: "failed");
            var chain = brand.GetProperty("chain");
            Assert.Equal("AccessControlUnauthorizedAccount", chain.GetProperty("errorName").GetString());
            Assert.Contains(fixture.Relayer.Address.ToString(), chain.GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.False((await fixture.Registry.BrandAsync(LicenceIds.BrandId("hainan-green-low-carbon"), Ct)).IsRegistered);
        }
        finally
        {
            await fixture.AsDeployer.GrantRoleAsync(LicenceRegistryClient.OperatorRole, fixture.Relayer.Address, Ct);
        }

        // A failed operation does not hold the queue: the next one goes through.
        using var certifier = await fixture.NewCertifierAsync(Baisha);
    }

    [Fact]
    public async Task ATransactionRecordedAsSent_isSettledFromItsReceiptAfterARestart_notSentAgain()
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-api-test-").FullName;
        var settings = new Dictionary<string, string?> { ["EcoValue:Certification:ReceiptTimeout"] = "00:00:01" };
        var anvil = new AnvilClient(fixture.Eth.Rpc);
        try
        {
            string txHash;
            UserAccount admin;
            await using (var first = await ApiHost.StartAsync(fixture.Node.RpcUrl, settings: settings, dataDirectory: dir))
            {
                var (rows, _, _) = await DevDeployment.DeployWithRelayerAsync(fixture.Node.RpcUrl, dir, Ct);
                using var client = await first.ClientForAsync(Roles.Admin, ct: Ct);
                admin = client.User;
                await anvil.SetAutomineAsync(false, Ct);
                try
                {
                    var (status, body) = await PostAsync(client, "/api/v1/brands", new { standardId = BaishaStandard });
                    Assert.True(status == 201, body.ToString());
                    // Broadcast, recorded with its hash, not mined: the receipt does not come.
                    var sent = await WaitForChainAsync(client, $"/api/v1/brands/{Baisha}", b => b.GetProperty("chain"), status: "sent");
                    txHash = sent.GetProperty("chain").GetProperty("txHash").GetString()!;
                    // "sent" is written ahead of the broadcast: wait until the node holds the transaction before the
                    // service goes down, or a stop in between leaves nothing to mine (seen once in scripts/test).
                    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                    while (await fixture.Eth.GetTransactionByHashAsync(Hex.Decode(txHash), Ct) is null)
                    {
                        Assert.True(DateTime.UtcNow < deadline, $"the node never received {txHash}");
                        await Task.Delay(50, Ct);
                    }
                }
                catch
                {
                    await anvil.SetAutomineAsync(true, Ct);
                    throw;
                }
            }

            // The service is down; the transaction is mined meanwhile.
            await anvil.MineAsync(Ct);
            await anvil.SetAutomineAsync(true, Ct);
            var receipt = await fixture.Eth.GetTransactionReceiptAsync(Hex.Decode(txHash), Ct);
            Assert.True(receipt!.Succeeded);

            await using var second = await ApiHost.StartAsync(fixture.Node.RpcUrl, settings: settings, dataDirectory: dir);
            using var again = second.ClientFor(admin);
            var settled = await WaitForChainAsync(again, $"/api/v1/brands/{Baisha}", b => b.GetProperty("chain"));
            Assert.Equal(txHash, settled.GetProperty("chain").GetProperty("txHash").GetString());
            Assert.Equal((long)receipt.BlockNumber, settled.GetProperty("chain").GetProperty("blockNumber").GetInt64());
            var ops = await second.Services.GetRequiredService<CertificationRepository>().ListOperationsAsync(ChainOperations.BrandSubject(Baisha), Ct);
            Assert.Equal("confirmed", Assert.Single(ops).Status);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await EcoValue.Testing.TestDatabases.DropAsync(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A relayer over the host's outbox and the fixture's relayer key, driven by the test.</summary>
    private static LicenceRelayer Relayer(IServiceProvider services, CertificationHost host)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = host.Node.RpcUrl, RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 }));
        var sender = new TransactionSender(new ChainAccount(eth, host.Relayer, 31337), new FeeEstimator(eth));
        return new LicenceRelayer(services.GetRequiredService<CertificationRepository>(), eth, new LicenceRegistryClient(eth, host.Registry.Contract, sender));
    }

    private static async Task<ChainOperationRow> LatestAsync(IServiceProvider services, string subject) =>
        (await services.GetRequiredService<CertificationRepository>().ListOperationsAsync(subject, Ct))[^1];

    private static Task RevokeRoleAsync(CertificationHost host, Address account)
    {
        var sender = new TransactionSender(new ChainAccount(host.Eth, host.Deployer, 31337), new FeeEstimator(host.Eth));
        return sender.SendAsync(host.Registry.Contract, AbiEncoder.EncodeFunctionCall("revokeRole(bytes32,address)", [LicenceRegistryClient.OperatorRole, account]),
            LicenceRegistryClient.Errors, "LicenceRegistry.revokeRole", Ct);
    }
}
