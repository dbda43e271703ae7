using System.Numerics;
using System.Text.Json.Nodes;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

/// <summary>`ecovalue verify` against a real chain, with proofs in the API's shape; any changed byte must fail it.</summary>
public sealed class VerifyCommandTests(AnvilNode anvil) : IClassFixture<AnvilNode>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-verify-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Anchors three records' tree on a fresh AnchorRegistry and returns the API-shaped proof of the second.</summary>
    private async Task<(JsonObject Proof, Address Contract)> AnchoredProofAsync()
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = anvil.RpcUrl }));
        var key = ServiceKeyFile.LoadOrCreate(Path.Combine(_dir, "service.key"));
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), Ct);
        var account = new ChainAccount(eth, key, 31337);
        var fees = new FeeEstimator(eth);
        var deployment = await new ContractDeployer(account, fees).DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], Ct);

        var envelopes = Enumerable.Range(0, 3).Select(i => RecordEnvelope.Create("lab-result", $"batch:{i}", "user:lab", DateTimeOffset.UtcNow,
            new JsonObject { ["analyte"] = "毒死蜱", ["mgPerKg"] = 0.01 * (i + 1) })).ToList();
        var tree = StandardMerkleTree.Build([.. envelopes.Select(e => e.ComputeHash())]);
        var data = AnchorRegistryClient.EncodeAnchor(tree.Root, 3);
        var nonce = await eth.GetTransactionCountAsync(key.Address, BlockParameter.Pending, Ct);
        var tx = account.Sign(deployment.Address, data, nonce, 100_000, await fees.EstimateAsync(Ct));
        var receipt = await eth.WaitForReceiptAsync(await eth.SendRawTransactionAsync(tx.Encode(), Ct), TimeSpan.FromSeconds(30), Ct);

        var e1 = envelopes[1];
        var proof = new JsonObject
        {
            ["recordId"] = e1.Id,
            ["status"] = "anchored",
            ["envelope"] = JsonNode.Parse(e1.ToCanonicalJson()),
            ["recordHash"] = Hex.Encode(e1.ComputeHash()),
            ["leaf"] = Hex.Encode(StandardMerkleTree.LeafHash(e1.ComputeHash())),
            ["proof"] = new JsonArray([.. tree.GetProof(1).Select(p => (JsonNode)Hex.Encode(p))]),
            ["root"] = tree.RootHex,
            ["chainId"] = 31337,
            ["contract"] = deployment.Address.ToString(),
            ["transactionHash"] = Hex.Encode(tx.GetHash()),
            ["blockNumber"] = receipt.BlockNumber,
        };
        return (proof, deployment.Address);
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(JsonObject proof, params string[] extra)
    {
        var file = Path.Combine(_dir, $"proof-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, proof.ToJsonString(), Ct);
        try
        {
            return (0, await CliProcess.RunAsync(["verify", "--rpc-url", anvil.RpcUrl.ToString(), "--proof", file, .. extra]));
        }
        catch (InvalidOperationException e) when (e.Message.Contains("exited 1", StringComparison.Ordinal))
        {
            return (1, e.Message);
        }
    }

    [Fact]
    public async Task Verify_untouchedProof_passesEveryCheck()
    {
        var (proof, _) = await AnchoredProofAsync();
        var (code, output) = await VerifyAsync(proof);
        Assert.Equal(0, code);
        Assert.Contains("VERIFIED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_anyChangedField_fails()
    {
        var (proof, _) = await AnchoredProofAsync();

        var editedEnvelope = (JsonObject)proof.DeepClone();
        editedEnvelope["envelope"]!["data"]!["mgPerKg"] = 0.2;
        Assert.Equal(1, (await VerifyAsync(editedEnvelope)).ExitCode);

        var editedSibling = (JsonObject)proof.DeepClone();
        var first = editedSibling["proof"]![0]!.GetValue<string>();
        editedSibling["proof"]![0] = first[..^1] + (first[^1] == '0' ? '1' : '0');
        Assert.Equal(1, (await VerifyAsync(editedSibling)).ExitCode);

        var otherRoot = (JsonObject)proof.DeepClone();
        otherRoot["root"] = Hex.Encode(Keccak.HashUtf8("a root nobody anchored"));
        Assert.Equal(1, (await VerifyAsync(otherRoot)).ExitCode);

        // The right proof against a registry that never saw it.
        var (_, otherRegistry) = await AnchoredProofAsync();
        var (code, output) = await VerifyAsync(proof, "--contract", otherRegistry.ToString());
        Assert.Equal(1, code);
        Assert.Contains("not anchored", output, StringComparison.Ordinal);
    }
}
