using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Tests.Merkle;

public class StandardMerkleTreeTests
{
    private static readonly byte[] A = Keccak.HashUtf8("a");
    private static readonly byte[] B = Keccak.HashUtf8("b");
    private static readonly byte[] C = Keccak.HashUtf8("c");

    // Expected dumps and proofs computed with @openzeppelin/merkle-tree 1.0.8:
    // StandardMerkleTree.of([[keccak256("a")], [keccak256("b")], [keccak256("c")]], ["bytes32"]) and variants.
    private const string DumpAbc =
        """{"format":"standard-v1","leafEncoding":["bytes32"],"tree":["0x1e4f203ef76687d4655c6a7854f8f9b8547eed645e8031c8fe455ce045a587ae","0xec09d93661bb7f24016ab29af033105bf317c3e913d0957ba58c400a9dba22b1","0xb3d2a0d7ef910b71a33f975299d60183bc848706653ea86e4ec0a4dcb87a26d5","0x91b849b95719db26986d0af4e496945d79d371d6d6bca6dce81e92d7d1635bbc","0x91105121e5db54b6a18aeae43f42a95f2a0e39f652f7794641fc35a0f0d81dd4"],"values":[{"value":["0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb"],"treeIndex":2},{"value":["0xb5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510"],"treeIndex":4},{"value":["0x0b42b6393c1f53060fe3ddbfcd7aadcca894465a5a438f69c87d790b2299b9b2"],"treeIndex":3}]}""";

    private const string DumpAab =
        """{"format":"standard-v1","leafEncoding":["bytes32"],"tree":["0xadd8d0a3b25fe397097b85ba69e77897e2d823b06b863a671ed62b0b09c5cc20","0xb1245f0b450bef0662fdfdc7416fd11473d39997872e3514c5c4a37d48701881","0xb3d2a0d7ef910b71a33f975299d60183bc848706653ea86e4ec0a4dcb87a26d5","0xb3d2a0d7ef910b71a33f975299d60183bc848706653ea86e4ec0a4dcb87a26d5","0x91105121e5db54b6a18aeae43f42a95f2a0e39f652f7794641fc35a0f0d81dd4"],"values":[{"value":["0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb"],"treeIndex":3},{"value":["0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb"],"treeIndex":2},{"value":["0xb5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510"],"treeIndex":4}]}""";

    private const string DumpA =
        """{"format":"standard-v1","leafEncoding":["bytes32"],"tree":["0xb3d2a0d7ef910b71a33f975299d60183bc848706653ea86e4ec0a4dcb87a26d5"],"values":[{"value":["0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb"],"treeIndex":0}]}""";

    private static byte[] H(string hex) => Hex.Decode(hex);

    [Fact]
    public void Build_three_values_matches_openzeppelin_dump_proof_and_multiproof()
    {
        var tree = StandardMerkleTree.Build([A, B, C]);

        Assert.Equal(DumpAbc, tree.Dump());
        Assert.Equal("0x1e4f203ef76687d4655c6a7854f8f9b8547eed645e8031c8fe455ce045a587ae", tree.RootHex);
        Assert.Equal([H("0xec09d93661bb7f24016ab29af033105bf317c3e913d0957ba58c400a9dba22b1")], tree.GetProof(0));

        var multi = tree.GetMultiProof([0, 2]);
        Assert.Equal([C, A], multi.Leaves);
        Assert.Equal([H("0x91105121e5db54b6a18aeae43f42a95f2a0e39f652f7794641fc35a0f0d81dd4")], multi.Proof);
        Assert.Equal([false, true], multi.ProofFlags);
        Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, multi));
    }

    [Fact]
    public void Build_three_values_has_the_documented_layout()
    {
        var tree = StandardMerkleTree.Build([A, B, C]);
        var sorted = new[] { A, B, C }.Select(v => StandardMerkleTree.LeafHash(v)).OrderBy(h => Hex.Encode(h), StringComparer.Ordinal).ToArray();
        var n1 = new byte[32];
        var root = new byte[32];
        MerkleProof.HashPair(sorted[1], sorted[0], n1);
        MerkleProof.HashPair(n1, sorted[2], root);

        // Smallest leaf last; node i = hash(2i+1, 2i+2).
        Assert.Equal(sorted[0], tree.GetNode(4));
        Assert.Equal(sorted[1], tree.GetNode(3));
        Assert.Equal(sorted[2], tree.GetNode(2));
        Assert.Equal(n1, tree.GetNode(1));
        Assert.Equal(root, tree.Root);
    }

    [Fact]
    public void Build_leaf_is_double_keccak_of_the_value()
    {
        Assert.Equal(Keccak.Hash(Keccak.Hash(A)), StandardMerkleTree.LeafHash(A));
    }

    [Fact]
    public void Build_single_value_root_is_its_leaf()
    {
        var tree = StandardMerkleTree.Build([A]);

        Assert.Equal(DumpA, tree.Dump());
        Assert.Equal(StandardMerkleTree.LeafHash(A), tree.Root);
        Assert.Empty(tree.GetProof(0));
        Assert.True(StandardMerkleTree.Verify(tree.Root, A, []));

        var none = tree.GetMultiProof([]);
        Assert.Empty(none.Leaves);
        Assert.Equal([tree.Root], none.Proof);
        Assert.Empty(none.ProofFlags);
        Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, none));

        var one = tree.GetMultiProof([0]);
        Assert.Equal([A], one.Leaves);
        Assert.Empty(one.Proof);
        Assert.Empty(one.ProofFlags);
    }

    [Fact]
    public void Build_duplicates_keep_input_order_and_lookup_finds_the_last()
    {
        var tree = StandardMerkleTree.Build([A, A, B]);

        Assert.Equal(DumpAab, tree.Dump());
        Assert.Equal(1, tree.IndexOf(A));
        Assert.Equal([H("0xb1245f0b450bef0662fdfdc7416fd11473d39997872e3514c5c4a37d48701881")], tree.GetProof(A));
        Assert.NotEqual(tree.GetProof(0), tree.GetProof(1));
        Assert.True(StandardMerkleTree.Verify(tree.Root, A, tree.GetProof(0)));
        Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, tree.GetMultiProof([0, 1, 2])));
    }

    [Fact]
    public void Proofs_of_every_value_verify_for_sizes_1_to_70()
    {
        var rng = new Random(70);
        for (var n = 1; n <= 70; n++)
        {
            var values = RandomValues(rng, n);
            var tree = StandardMerkleTree.Build(values);
            for (var i = 0; i < n; i++)
            {
                var proof = tree.GetProof(i);
                Assert.True(StandardMerkleTree.Verify(tree.Root, values[i], proof), $"n={n}, i={i}");
                Assert.Equal(i, tree.IndexOf(values[i]));
                Assert.Equal(StandardMerkleTree.LeafHash(values[i]), tree.GetNode(tree.GetTreeIndex(i)));
                var other = (byte[])values[i].Clone();
                other[31] ^= 1;
                Assert.False(StandardMerkleTree.Verify(tree.Root, other, proof));
            }

            var subset = Enumerable.Range(0, n).Where(_ => rng.Next(3) == 0).ToArray();
            Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, tree.GetMultiProof(subset)), $"n={n}, subset {string.Join(',', subset)}");
            Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, tree.GetMultiProof(Enumerable.Range(0, n).ToArray())));
        }
    }

    [Fact]
    public void VerifyMultiProof_with_a_changed_leaf_or_flag_fails()
    {
        var values = RandomValues(new Random(5), 9);
        var tree = StandardMerkleTree.Build(values);
        var multi = tree.GetMultiProof([1, 4, 7]);
        var leaves = multi.Leaves.Select(l => (byte[])l.Clone()).ToArray();
        leaves[0][0] ^= 0x80;

        Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, multi));
        Assert.False(StandardMerkleTree.VerifyMultiProof(tree.Root, multi with { Leaves = leaves }));
        Assert.False(StandardMerkleTree.VerifyMultiProof(tree.Root, multi with { Leaves = [.. multi.Leaves.Reverse()] }));
    }

    [Fact]
    public void Invalid_inputs_throw_typed_errors()
    {
        var tree = StandardMerkleTree.Build([A, B, C]);

        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Build([]));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Build([A, new byte[31]]));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Build([A, null!]));
        Assert.Throws<MerkleTreeException>(() => tree.GetProof(3));
        Assert.Throws<MerkleTreeException>(() => tree.GetProof(-1));
        Assert.Throws<MerkleTreeException>(() => tree.GetProof(Keccak.HashUtf8("d")));
        Assert.Throws<MerkleTreeException>(() => tree.GetMultiProof([0, 2, 0]));
        Assert.Throws<MerkleTreeException>(() => tree.GetNode(5));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Verify(tree.Root, A, [new byte[33]]));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Verify(tree.Root.AsSpan(1), A, tree.GetProof(0)));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Verify(tree.Root, A.AsSpan(1), tree.GetProof(0)));

        var multi = tree.GetMultiProof([0, 2]);
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.VerifyMultiProof(tree.Root, multi with { ProofFlags = [false, true, true] }));
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.VerifyMultiProof(tree.Root, multi with { Proof = [] }));
        Assert.Throws<MerkleTreeException>(() => MerkleProof.ProcessMultiProof([], [true], [A, B, C]));
    }

    [Fact]
    public void Build_100k_values_givesVerifiableProofsAtBothEnds()
    {
        // Speed is measured by scripts/bench (docs/benchmarks.md), never asserted here.
        var values = RandomValues(new Random(100_000), 100_000);
        var tree = StandardMerkleTree.Build(values);
        Assert.Equal(100_000, tree.Count);
        foreach (var i in new[] { 0, 49_999, 99_999 })
        {
            Assert.True(StandardMerkleTree.Verify(tree.Root, values[i], tree.GetProof(i)), $"value {i}");
        }

        Assert.False(StandardMerkleTree.Verify(tree.Root, values[0], tree.GetProof(1)));
    }

    internal static byte[][] RandomValues(Random rng, int n)
    {
        var values = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            values[i] = new byte[32];
            rng.NextBytes(values[i]);
        }

        return values;
    }
}
