using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Merkle;

/// <summary>
/// Our trees against the pinned @openzeppelin/merkle-tree 1.0.8, one node process per direction: our dumps load in
/// <c>StandardMerkleTree.load</c> and equal <c>StandardMerkleTree.of</c>'s, our proofs verify there and equal the
/// library's byte for byte; and the library's dumps load here with the same root.
/// </summary>
public class MerkleDifferentialTests
{
    private const int Seed = 1_0_8;

    private static readonly int[] EdgeSizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 2000];

    [Fact]
    public async Task Our_dumps_proofs_and_multiproofs_match_openzeppelin()
    {
        Requirements.NodePackage("@openzeppelin/merkle-tree");
        var rng = new Random(Seed);
        var sizes = EdgeSizes.Concat(Enumerable.Range(0, 190).Select(_ => RandomSize(rng))).ToArray();
        var cases = new List<(StandardMerkleTree Tree, int[] Samples, byte[][][] Proofs, (int[] Indices, MerkleMultiProof Proof)[] Multi)>();
        var requests = new List<string>();
        var ourTime = Stopwatch.StartNew();
        foreach (var n in sizes)
        {
            var tree = StandardMerkleTree.Build(Values(rng, n));
            var samples = n <= 256 ? Enumerable.Range(0, n).ToArray() : [0, n - 1, .. Enumerable.Range(0, 62).Select(_ => rng.Next(n))];
            var proofs = samples.Select(tree.GetProof).ToArray();
            List<int[]> subsets = [[], [rng.Next(n)], Subset(rng, n, rng.Next(1, Math.Min(n, 24) + 1))];
            if (n <= 64)
            {
                subsets.Add(Enumerable.Range(0, n).ToArray());
            }

            var multi = subsets.Select(s => (s, tree.GetMultiProof(s))).ToArray();
            cases.Add((tree, samples, proofs, multi));
            requests.Add(new JsonObject
            {
                ["op"] = "check",
                ["dump"] = tree.Dump(),
                ["samples"] = Json(samples),
                ["proofs"] = new JsonArray([.. proofs.Select(p => (JsonNode)HexArray(p))]),
                ["multi"] = new JsonArray([.. multi.Select(m => (JsonNode)new JsonObject
                {
                    ["indices"] = Json(m.s),
                    ["leaves"] = HexArray(m.Item2.Leaves),
                    ["proof"] = HexArray(m.Item2.Proof),
                    ["proofFlags"] = new JsonArray([.. m.Item2.ProofFlags.Select(f => (JsonNode)f)]),
                })]),
            }.ToJsonString());
        }

        ourTime.Stop();
        var nodeTime = Stopwatch.StartNew();
        var answers = await NodeScript.RunLinesAsync(OracleScripts.Path("merkle-lines.mjs"), requests, [RepoPaths.NodeModules], TimeSpan.FromMinutes(3));
        nodeTime.Stop();

        for (var c = 0; c < cases.Count; c++)
        {
            var (tree, samples, proofs, multi) = cases[c];
            var context = $"seed {Seed}, tree {c} ({tree.Count} values)";
            using var answer = JsonDocument.Parse(answers[c]);
            var a = answer.RootElement;
            Assert.False(a.TryGetProperty("error", out var error), $"{context}: {error}");
            Assert.Equal(tree.RootHex, a.GetProperty("root").GetString());
            Assert.True(a.GetProperty("dumpEqual").GetBoolean(), $"{context}: dump differs from StandardMerkleTree.of\nours: {tree.Dump()}\nOZ:   {(a.TryGetProperty("ozDump", out var oz) ? oz.GetString() : null)}");
            for (var k = 0; k < samples.Length; k++)
            {
                Assert.True(a.GetProperty("proofsOk")[k].GetBoolean(), $"{context}: OZ rejects our proof of value {samples[k]}");
                Assert.Equal(HexList(proofs[k]), Strings(a.GetProperty("proofs")[k]));
            }

            for (var k = 0; k < multi.Length; k++)
            {
                var ozMulti = a.GetProperty("multi")[k];
                var ours = multi[k].Proof;
                var what = $"{context}: multiproof of [{string.Join(',', multi[k].Indices)}]";
                Assert.True(ozMulti.GetProperty("ok").GetBoolean(), $"{what}: OZ rejects ours");
                Assert.True(HexList(ours.Leaves).SequenceEqual(Strings(ozMulti.GetProperty("leaves"))), $"{what}: leaves differ");
                Assert.True(HexList(ours.Proof).SequenceEqual(Strings(ozMulti.GetProperty("proof"))), $"{what}: proof differs");
                Assert.Equal(ours.ProofFlags, ozMulti.GetProperty("proofFlags").EnumerateArray().Select(f => f.GetBoolean()).ToArray());
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count} trees, {sizes.Sum()} values: ours (build, proofs, dumps) {ourTime.ElapsedMilliseconds} ms, node {nodeTime.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Openzeppelin_dumps_load_here_with_the_same_root()
    {
        Requirements.NodePackage("@openzeppelin/merkle-tree");
        var rng = new Random(Seed + 1);
        var sets = EdgeSizes.Take(20).Concat(Enumerable.Range(0, 40).Select(_ => RandomSize(rng))).Select(n => Values(rng, n)).ToArray();
        var requests = sets.Select(values => new JsonObject { ["op"] = "of", ["values"] = HexArray(values) }.ToJsonString()).ToArray();

        var stopwatch = Stopwatch.StartNew();
        var answers = await NodeScript.RunLinesAsync(OracleScripts.Path("merkle-lines.mjs"), requests, [RepoPaths.NodeModules]);
        var nodeTime = stopwatch.ElapsedMilliseconds;

        for (var c = 0; c < sets.Length; c++)
        {
            using var answer = JsonDocument.Parse(answers[c]);
            Assert.False(answer.RootElement.TryGetProperty("error", out var error), $"seed {Seed + 1}, set {c}: {error}");
            var ozDump = answer.RootElement.GetProperty("dump").GetString()!;

            var loaded = StandardMerkleTree.Load(ozDump);
            var built = StandardMerkleTree.Build(sets[c]);

            Assert.Equal(built.RootHex, loaded.RootHex);
            Assert.Equal(ozDump, loaded.Dump());
            Assert.Equal(sets[c].Length, loaded.Count);
            var i = rng.Next(sets[c].Length);
            Assert.True(StandardMerkleTree.Verify(loaded.Root, sets[c][i], loaded.GetProof(i)), $"set {c}, value {i}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sets.Length} OZ trees loaded; node {nodeTime} ms");
    }

    /// <summary>Half small trees, the rest up to 2000 values.</summary>
    private static int RandomSize(Random rng) => rng.Next(4) switch
    {
        0 or 1 => rng.Next(1, 65),
        2 => rng.Next(65, 513),
        _ => rng.Next(513, 2001),
    };

    /// <summary>Random record hashes; one set in five draws from a small pool, so values repeat (OZ allows duplicates).</summary>
    private static byte[][] Values(Random rng, int n)
    {
        var pool = rng.Next(5) == 0 ? StandardMerkleTreeTests.RandomValues(rng, (n / 3) + 1) : null;
        return pool is null ? StandardMerkleTreeTests.RandomValues(rng, n) : [.. Enumerable.Range(0, n).Select(_ => pool[rng.Next(pool.Length)])];
    }

    private static int[] Subset(Random rng, int n, int count) => [.. Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(count)];

    private static JsonArray Json(int[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonArray HexArray(IEnumerable<byte[]> values) => new([.. values.Select(v => (JsonNode)Hex.Encode(v))]);

    private static List<string> HexList(IEnumerable<byte[]> values) => [.. values.Select(v => Hex.Encode(v))];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
