using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Features.Verification;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// verify.js asking a real chain (anvil, a real AnchorRegistry) with node's fetch, as a browser asks the public RPC
/// node: eth_chainId, then anchoredAt(root) per root. A root anchored in the block the proof names passes; a root
/// never anchored, another block, another chain or an address without the contract fail; an unreachable node is "not
/// checked", never "verified".
/// </summary>
public sealed class VerifyScriptChainTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Deploys AnchorRegistry, builds a genuine view over real records and anchors its record root.</summary>
    internal static async Task<(VerificationView View, Address Contract)> AnchoredViewAsync(Uri rpcUrl, string? publicRpcUrl = null)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var key = EthECKey.Generate();
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21), Ct);
        var account = new ChainAccount(eth, key, await eth.ChainIdAsync(Ct));
        var artifact = ContractArtifact.Load("AnchorRegistry");
        var deployment = await new ContractDeployer(account, new FeeEstimator(eth)).DeployAsync(artifact, "address,address", [key.Address, key.Address], Ct);
        var built = ConsumerViews.Genuine(publicRpcUrl: publicRpcUrl ?? rpcUrl.ToString(), contract: deployment.Address.ToString());
        var receipt = await new TransactionSender(account, new FeeEstimator(eth)).SendAsync(
            deployment.Address, AnchorRegistryClient.EncodeAnchor(built.Records.Root, (uint)built.Records.Count), ContractErrors.FromAbi(artifact.AbiJson), "AnchorRegistry.anchor", Ct);
        var view = built.View with
        {
            Proofs = [.. built.View.Proofs.Select(p => p with { BlockNumber = (long)receipt.BlockNumber, TransactionHash = Hex.Encode(receipt.TransactionHash) })],
        };
        return (view, deployment.Address);
    }

    [Fact]
    public async Task AnchoredRoot_onTheNamedChain_isVerified_andEveryChainLieFails()
    {
        var (view, contract) = await AnchoredViewAsync(anvil.RpcUrl);
        var root = view.Proofs[0].Root!;

        var report = await VerifyScript.CheckAsync(view, chain: true);
        var checks = VerifyScript.Checks(report);
        Assert.Equal("verified", VerifyScript.Outcome(report));
        Assert.All(checks, c => Assert.True(c.Ok == true, $"{c.Key}: {c.Why}"));
        Assert.Equal("Chain id 31337.", checks.Single(c => c.Key == "chain:id").Why);
        Assert.Equal($"Anchored in block {view.Proofs[0].BlockNumber} with 34 records.", checks.Single(c => c.Key == "chain:root:" + root).Why);

        // The proof claims another block than the chain's.
        var otherBlock = view with { Proofs = [.. view.Proofs.Select(p => p with { BlockNumber = p.BlockNumber + 1 })] };
        Assert.Equal(false, await ChainCheckAsync(otherBlock, "chain:root:" + root));

        // Another chain than the node is on: nothing else is asked.
        var otherChain = view with { Chain = view.Chain! with { ChainId = 1 } };
        var r = await VerifyScript.CheckAsync(otherChain, chain: true);
        Assert.Equal("failed", VerifyScript.Outcome(r));
        Assert.False(VerifyScript.Checks(r).Single(c => c.Key == "chain:id").Ok);
        Assert.DoesNotContain(VerifyScript.Checks(r), c => c.Key.StartsWith("chain:root:", StringComparison.Ordinal));

        // An address where no AnchorRegistry lives answers "0x": not anchored there.
        var noContract = view with { Chain = view.Chain! with { Contract = Address.Parse("0x000000000000000000000000000000000000dEaD").ToString() } };
        Assert.Equal(false, await ChainCheckAsync(noContract, "chain:root:" + root));

        // A whole consistent tree the server made up (hashes and proofs all hold) was never anchored: that is what the chain is for.
        var madeUp = ConsumerViews.Genuine(publicRpcUrl: anvil.RpcUrl.ToString(), contract: contract.ToString()).View;
        var madeUpReport = await VerifyScript.CheckAsync(madeUp, chain: true);
        Assert.Equal("failed", VerifyScript.Outcome(madeUpReport));
        var failed = VerifyScript.Checks(madeUpReport).Where(c => c.Ok == false).ToList();
        Assert.Equal(["chain:root:" + madeUp.Proofs[0].Root], failed.Select(c => c.Key));
        Assert.Equal("The contract has no such root: this proof was never anchored.", failed[0].Why);

        // The same tree while the server says it is still being anchored: not there yet is "not checked", not a failure.
        var onItsWay = madeUp with { Proofs = [.. madeUp.Proofs.Select(p => p with { Status = "anchoring", TransactionHash = null, BlockNumber = null })] };
        var wayReport = await VerifyScript.CheckAsync(onItsWay, chain: true);
        Assert.Equal("partial", VerifyScript.Outcome(wayReport));
        Assert.Null(VerifyScript.Checks(wayReport).Single(c => c.Key == "chain:root:" + madeUp.Proofs[0].Root).Ok);

        // ... and once it is there, it passes even before the service has caught up with the confirmation.
        var early = view with { Proofs = [.. view.Proofs.Select(p => p with { Status = "anchoring" })] };
        Assert.Equal("verified", VerifyScript.Outcome(await VerifyScript.CheckAsync(early, chain: true)));
    }

    [Fact]
    public async Task UnreachableNode_isNotChecked_soThePageNeverSaysVerified()
    {
        var (view, _) = await AnchoredViewAsync(anvil.RpcUrl, publicRpcUrl: "http://127.0.0.1:9");
        var report = await VerifyScript.CheckAsync(view, chain: true);
        Assert.Equal("partial", VerifyScript.Outcome(report));
        Assert.Null(VerifyScript.Checks(report).Single(c => c.Key == "chain:id").Ok);
    }

    private static async Task<bool?> ChainCheckAsync(VerificationView view, string key)
    {
        var report = await VerifyScript.CheckAsync(view, chain: true);
        var check = VerifyScript.Checks(report).Single(c => c.Key == key);
        Assert.Equal(check.Ok == false ? "failed" : VerifyScript.Outcome(report), VerifyScript.Outcome(report));
        return check.Ok;
    }
}
