using System.CommandLine;
using System.Text.Json;
using EcoValue.Anchoring.Contracts;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue verify --proof FILE</c>: checks a record proof (as GET /api/v1/records/{id}/proof returns it) against
/// the chain alone — no database, no trust in the server that produced it. Exit 0 when every check passes.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var rpc = CommonOptions.RpcUrl();
        var proofFile = new Option<FileInfo>("--proof") { Description = "proof JSON file (from GET /api/v1/records/{id}/proof); - reads standard input", Required = true };
        var contract = new Option<string?>("--contract") { Description = "AnchorRegistry address to trust (default: the one named in the proof)" };
        var command = new Command("verify", "Check a record proof against the chain, independently of any database") { rpc, proofFile, contract };
        command.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(proofFile)!;
            var json = file.Name == "-" ? await Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
            return await RunAsync(result.GetValue(rpc)!, json, result.GetValue(contract), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri rpcUrl, string json, string? contractOverride, CancellationToken ct)
    {
        var failures = 0;
        void Check(bool ok, string what)
        {
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            failures += ok ? 0 : 1;
        }

        JsonElement proof;
        try
        {
            using var doc = JsonDocument.Parse(json);
            proof = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            await Console.Error.WriteLineAsync($"the proof is not JSON: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        string Field(string name) => proof.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InvalidDataException($"the proof has no string field \"{name}\"");

        var recordHash = Keccak.Hash(Jcs.Canonicalize(proof.GetProperty("envelope")));
        Check(Hex.Encode(recordHash) == Field("recordHash"), $"envelope hashes to recordHash {Field("recordHash")} (keccak256 of RFC 8785 JSON)");
        var leaf = StandardMerkleTree.LeafHash(recordHash);
        var root = Hex.DecodeFixed(Field("root"), 32);
        var path = proof.GetProperty("proof").EnumerateArray().Select(p => Hex.DecodeFixed(p.GetString()!, 32)).ToList();
        Check(MerkleProof.Verify(path, root, leaf), $"Merkle proof ({path.Count} steps) leads from the record's leaf to root {Hex.Encode(root)}");

        using var http = new HttpClient();
        var eth = new EthClient(new JsonRpcClient(http, new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var chainId = await eth.ChainIdAsync(ct).ConfigureAwait(false);
        Check((long)chainId == proof.GetProperty("chainId").GetInt64(), $"node is chain {chainId}, the proof names chain {proof.GetProperty("chainId").GetInt64()}");
        var registry = new AnchorRegistryClient(eth, Address.Parse(contractOverride ?? Field("contract")));
        var info = await registry.AnchoredAtAsync(root, ct: ct).ConfigureAwait(false);
        Check(info.IsAnchored, info.IsAnchored
            ? $"root anchored on chain in block {info.BlockNumber} ({info.LeafCount} records) by AnchorRegistry {registry.Contract}"
            : $"root is not anchored on AnchorRegistry {registry.Contract}");
        if (info.IsAnchored && proof.TryGetProperty("blockNumber", out var bn) && bn.ValueKind == JsonValueKind.Number)
        {
            Check(info.BlockNumber == bn.GetUInt64(), $"anchoring block {info.BlockNumber} matches the proof's block {bn.GetUInt64()}");
        }

        Check(await registry.VerifyAsync(root, leaf, path, ct).ConfigureAwait(false), "AnchorRegistry.verify(root, leaf, proof) is true (eth_call)");
        Console.WriteLine(failures == 0 ? "VERIFIED: this record is unchanged since it was anchored." : $"NOT VERIFIED: {failures} check(s) failed.");
        return failures == 0 ? 0 : 1;
    }
}
