using System.Text;
using System.Text.Json;
using EcoValue.Anchoring.Contracts;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;

namespace EcoValue.Api.Tests.Verification;

/// <summary>A record proof (the shape views and dossiers carry) checked as any client would, locally and on chain.</summary>
internal static class ProofChecks
{
    /// <summary>
    /// keccak256(envelope) is the record hash, the leaf is its double hash, the path leads to the root, and
    /// AnchorRegistry.verify agrees by eth_call.
    /// </summary>
    public static async Task AnchoredAsync(JsonElement proof, AnchorRegistryClient registry, CancellationToken ct)
    {
        var role = proof.GetProperty("role").GetString();
        var recordHash = Keccak.Hash(Encoding.UTF8.GetBytes(proof.GetProperty("envelope").GetString()!));
        Assert.Equal(proof.GetProperty("recordHash").GetString(), Hex.Encode(recordHash));
        var leaf = StandardMerkleTree.LeafHash(recordHash);
        Assert.Equal(proof.GetProperty("leaf").GetString(), Hex.Encode(leaf));
        var path = proof.GetProperty("proof").EnumerateArray().Select(x => Hex.Decode(x.GetString()!)).ToList();
        var root = Hex.Decode(proof.GetProperty("root").GetString()!);
        Assert.True(MerkleProof.Verify(path, root, leaf), role);
        Assert.True(await registry.VerifyAsync(root, leaf, path, ct), "AnchorRegistry.verify: " + role);
    }
}
