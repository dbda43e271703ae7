using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

/// <summary>The checked-in artifacts deployed by our own signed transactions to a real anvil, then used.</summary>
public sealed class DeploymentTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EthClient _eth = new(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = node.RpcUrl }));

    private async Task<(ChainAccount Account, EthECKey Key)> FreshAccountAsync()
    {
        var key = EthECKey.Generate();
        await new AnvilClient(_eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), Ct);
        return (new ChainAccount(_eth, key, await _eth.ChainIdAsync(Ct)), key);
    }

    private static ChainDeploymentRow Row(ContractDeployment d) => d.ToRow(DateTimeOffset.UtcNow);

    [Fact]
    public async Task DeployBoth_fromArtifacts_codeMatchesArtifact_andCheckSaysIntact()
    {
        var (account, key) = await FreshAccountAsync();
        var deployer = new ContractDeployer(account, new FeeEstimator(_eth));
        foreach (var name in new[] { "AnchorRegistry", "LicenceRegistry" })
        {
            var artifact = ContractArtifact.Load(name);
            var deployment = await deployer.DeployAsync(artifact, "address,address", [key.Address, key.Address], Ct);
            var code = await _eth.GetCodeAsync(deployment.Address, ct: Ct);
            Assert.Equal(Keccak.Hash(code), deployment.CodeHash);
            Assert.Equal(artifact.DeployedBytecode.Length, code.Length);
            if (name == "AnchorRegistry")
            {
                // No immutables: the chain holds exactly the artifact's runtime code.
                Assert.Equal(artifact.DeployedCodeHash, deployment.CodeHash);
            }

            Assert.True((await new DeploymentCheck(_eth).CheckAsync(Row(deployment), Ct)).IsIntact);
        }
    }

    [Fact]
    public async Task DeploymentCheck_reportsMissingCode_andForeignGenesis()
    {
        var (account, key) = await FreshAccountAsync();
        var deployment = await new ContractDeployer(account, new FeeEstimator(_eth)).DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], Ct);
        var check = new DeploymentCheck(_eth);

        var elsewhere = Row(deployment) with { Address = EthECKey.Generate().Address.ToLowerHex() };
        var missing = await check.CheckAsync(elsewhere, Ct);
        Assert.False(missing.IsIntact);
        Assert.Contains("no code", missing.Problem, StringComparison.Ordinal);

        var otherChain = Row(deployment) with { GenesisHash = Keccak.HashUtf8("another chain") };
        var foreign = await check.CheckAsync(otherChain, Ct);
        Assert.False(foreign.IsIntact);
        Assert.Contains("genesis", foreign.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnchorRegistry_anchorSignedByUs_isReadableAndVerifiable()
    {
        var (account, key) = await FreshAccountAsync();
        var deployment = await new ContractDeployer(account, new FeeEstimator(_eth)).DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], Ct);
        var registry = new AnchorRegistryClient(_eth, deployment.Address);

        // A two-record OpenZeppelin StandardMerkleTree (leaf = keccak(keccak(abi.encode(bytes32)))), built by hand here.
        byte[] a = Keccak.HashUtf8("record a"), b = Keccak.HashUtf8("record b");
        byte[] la = Keccak.Hash(Keccak.Hash(a)), lb = Keccak.Hash(Keccak.Hash(b));
        var root = Keccak.Hash(new ReadOnlySpan<byte>([.. Min(la, lb), .. Max(la, lb)]));

        Assert.False((await registry.AnchoredAtAsync(root, ct: Ct)).IsAnchored);
        var data = AnchorRegistryClient.EncodeAnchor(root, 2);
        var nonce = await _eth.GetTransactionCountAsync(key.Address, BlockParameter.Pending, Ct);
        var tx = account.Sign(deployment.Address, data, nonce, await account.EstimateGasAsync(deployment.Address, data, Ct), await new FeeEstimator(_eth).EstimateAsync(Ct));
        var receipt = await _eth.WaitForReceiptAsync(await _eth.SendRawTransactionAsync(tx.Encode(), Ct), TimeSpan.FromSeconds(30), Ct);
        Assert.True(receipt.Succeeded);
        Assert.InRange(receipt.GasUsed, 40_000UL, 50_000UL);

        var info = await registry.AnchoredAtAsync(root, ct: Ct);
        Assert.Equal(receipt.BlockNumber, info.BlockNumber);
        Assert.Equal(2u, info.LeafCount);
        var ev = await registry.FindAnchoredAsync(root, deployment.DeployBlock, Ct);
        Assert.NotNull(ev);
        Assert.Equal(tx.GetHash(), ev.TransactionHash);
        Assert.Equal(receipt.BlockHash, ev.BlockHash);
        Assert.Equal(key.Address, ev.Anchorer);

        Assert.True(await registry.VerifyAsync(root, la, [lb], Ct));
        Assert.False(await registry.VerifyAsync(root, la, [la], Ct));
        Assert.False(await registry.VerifyAsync(Keccak.HashUtf8("never anchored"), la, [lb], Ct));

        // The same root again is refused by the contract (the last line of defence against a double anchor).
        var again = account.Sign(deployment.Address, data, nonce + 1, 100_000, await new FeeEstimator(_eth).EstimateAsync(Ct));
        await Assert.ThrowsAsync<RpcException>(() => _eth.EstimateGasAsync(new CallRequest { From = key.Address, To = deployment.Address, Data = data }, ct: Ct));
        var failed = await _eth.WaitForReceiptAsync(await _eth.SendRawTransactionAsync(again.Encode(), Ct), TimeSpan.FromSeconds(30), Ct);
        Assert.False(failed.Succeeded);
    }

    private static byte[] Min(byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y) <= 0 ? x : y;

    private static byte[] Max(byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y) <= 0 ? y : x;
}
