using System.Net;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Data.Chain;
using EcoValue.Data.Migrations;
using EcoValue.Data.Records;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Api.Tests;

/// <summary>
/// The whole pipeline through the real service: records committed, the hosted worker anchors them on a real anvil,
/// and GET /api/v1/records/{id}/proof answers with a proof that checks out locally, in OpenZeppelin's own library
/// and on chain (AnchorRegistry.verify) — and turns to "tampered" for exactly the record edited in the SQLite file.
/// </summary>
public sealed class ProofApiTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EthClient _eth = new(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = anvil.RpcUrl }));

    private async Task PrepareAsync(string data, IList<RecordEnvelope> envelopes)
    {
        var db = EcoValue.Testing.TestDatabases.ForDirectory(data);
        await Migrator.MigrateAsync(db, db.Schema, Ct);
        var key = ServiceKeyFile.LoadOrCreate(Path.Combine(data, "keys", "service.key"));
        await new AnvilClient(_eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), Ct);
        var d = await new ContractDeployer(new ChainAccount(_eth, key, 31337), new FeeEstimator(_eth))
            .DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], Ct);
        await new ChainDeploymentRepository(db).SaveAsync(d.ToRow(DateTimeOffset.UtcNow), Ct);
        for (var i = 0; i < 12; i++)
        {
            envelopes.Add(RecordEnvelope.Create("event", $"batch:{i % 4}", "user:farmer", DateTimeOffset.UtcNow,
                new JsonObject { ["type"] = "harvest", ["place"] = "白沙黎族自治县", ["kg"] = 12.5 + i }));
        }

        await new RecordRepository(db).AppendAsync([.. envelopes.Select(RecordRow.From)], Ct);
    }

    private static Dictionary<string, string?> Settings => new()
    {
        ["EcoValue:Anchoring:WindowRecords"] = "5",
        ["EcoValue:Anchoring:WindowTime"] = "00:00:00.200",
        ["EcoValue:Anchoring:PollInterval"] = "00:00:00.050",
        ["EcoValue:Anchoring:Confirmations"] = "1",
    };

    private static async Task<JsonElement> ProofAsync(ApiHost host, string id)
    {
        using var response = await host.Client.GetAsync(new Uri($"/api/v1/records/{id}/proof", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> WaitAllAnchoredAsync(ApiHost host, IEnumerable<RecordEnvelope> envelopes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var proofs = new List<JsonElement>();
            foreach (var e in envelopes)
            {
                proofs.Add(await ProofAsync(host, e.Id));
            }

            if (proofs.All(p => p.GetProperty("status").GetString() == "anchored"))
            {
                return proofs;
            }

            Assert.True(DateTime.UtcNow < deadline, "records were not anchored within 90 s: " + string.Join(",", proofs.Select(p => p.GetProperty("status").GetString())));
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Proofs_ofAnchoredRecords_verifyLocally_inOpenZeppelin_andOnChain()
    {
        var envelopes = new List<RecordEnvelope>();
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl, settings: Settings, prepare: d => PrepareAsync(d, envelopes));
        var proofs = await WaitAllAnchoredAsync(host, envelopes);

        var contract = Address.Parse(proofs[0].GetProperty("contract").GetString()!);
        var registry = new AnchorRegistryClient(_eth, contract);
        var byRoot = new Dictionary<string, List<JsonElement>>();
        foreach (var p in proofs)
        {
            // Recompute everything from the envelope alone: hash, leaf, root.
            var recordHash = Keccak.Hash(Jcs.Canonicalize(p.GetProperty("envelope")));
            Assert.Equal(p.GetProperty("recordHash").GetString(), Hex.Encode(recordHash));
            var leaf = StandardMerkleTree.LeafHash(recordHash);
            Assert.Equal(p.GetProperty("leaf").GetString(), Hex.Encode(leaf));
            var proof = p.GetProperty("proof").EnumerateArray().Select(x => Hex.Decode(x.GetString()!)).ToList();
            var root = Hex.Decode(p.GetProperty("root").GetString()!);
            Assert.True(MerkleProof.Verify(proof, root, leaf));
            Assert.True(await registry.VerifyAsync(root, leaf, proof, Ct), "AnchorRegistry.verify via eth_call");
            Assert.Equal(31337, p.GetProperty("chainId").GetInt64());
            var receipt = await _eth.GetTransactionReceiptAsync(Hex.Decode(p.GetProperty("transactionHash").GetString()!), Ct);
            Assert.Equal((ulong)p.GetProperty("blockNumber").GetInt64(), receipt!.BlockNumber);
            byRoot.TryAdd(p.GetProperty("root").GetString()!, []);
            byRoot[p.GetProperty("root").GetString()!].Add(p);
        }

        // 12 records, windows of 5: three roots.
        Assert.Equal(3, byRoot.Count);

        // OpenZeppelin's own library loads each batch's tree dump and accepts every proof the API gave.
        var requests = byRoot.Values.Select(group =>
        {
            var size = (int)group[0].GetProperty("leafCount").GetInt64();
            var hashes = new byte[size][];
            foreach (var p in group)
            {
                hashes[p.GetProperty("leafIndex").GetInt32()] = Hex.Decode(p.GetProperty("recordHash").GetString()!);
            }

            var tree = StandardMerkleTree.Build(hashes);
            var ordered = group.OrderBy(p => p.GetProperty("leafIndex").GetInt32()).ToList();
            return JsonSerializer.Serialize(new
            {
                op = "check",
                dump = tree.Dump(),
                samples = ordered.Select(p => p.GetProperty("leafIndex").GetInt32()),
                proofs = ordered.Select(p => p.GetProperty("proof").EnumerateArray().Select(x => x.GetString())),
                multi = Array.Empty<object>(),
            });
        }).ToList();
        var answers = await NodeScript.RunLinesAsync(Path.Combine(RepoPaths.Root, "tests", "EcoValue.Domain.Tests", "js", "merkle-lines.mjs"), requests, [RepoPaths.NodeModules]);
        for (var i = 0; i < answers.Length; i++)
        {
            using var answer = JsonDocument.Parse(answers[i]);
            Assert.False(answer.RootElement.TryGetProperty("error", out var err), err.ToString());
            Assert.Equal(byRoot.Keys.ElementAt(i), answer.RootElement.GetProperty("root").GetString());
            Assert.All(answer.RootElement.GetProperty("proofsOk").EnumerateArray(), ok => Assert.True(ok.GetBoolean()));
        }
    }

    [Fact]
    public async Task EditingOneRecordInTheSqliteFile_makesExactlyThatRecordTampered()
    {
        var envelopes = new List<RecordEnvelope>();
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl, settings: Settings, prepare: d => PrepareAsync(d, envelopes));
        await WaitAllAnchoredAsync(host, envelopes);

        // An attacker with the file: drop the append-only guard, change one harvest weight.
        var victim = envelopes[3];
        await using (var c = await EcoValue.Testing.TestDatabases.ForDirectory(host.DataDirectory).OpenAsync(Ct))
        {
            await c.ExecuteAsync(EcoValue.Testing.TestDatabases.DropTriggerSql("records_content_is_append_only", "records"));
            var edited = System.Text.Encoding.UTF8.GetString(victim.ToCanonicalJson()).Replace("\"kg\":15.5", "\"kg\":155", StringComparison.Ordinal);
            Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = @id", new { e = System.Text.Encoding.UTF8.GetBytes(edited), id = victim.Id }));
        }

        foreach (var e in envelopes)
        {
            var p = await ProofAsync(host, e.Id);
            Assert.Equal(e.Id == victim.Id ? "tampered" : "anchored", p.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task UnknownRecord_is404ProblemJson()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        using var response = await host.Client.GetAsync(new Uri("/api/v1/records/no-such-id/proof", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
