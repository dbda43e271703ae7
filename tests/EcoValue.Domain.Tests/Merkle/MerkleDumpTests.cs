using System.Text.Json.Nodes;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Tests.Merkle;

public class MerkleDumpTests
{
    private static readonly byte[][] Values = StandardMerkleTreeTests.RandomValues(new Random(42), 5);

    private static JsonObject DumpJson() => JsonNode.Parse(StandardMerkleTree.Build(Values).Dump())!.AsObject();

    [Fact]
    public void Load_round_trips_dump_root_values_and_proofs()
    {
        var tree = StandardMerkleTree.Build(Values);

        var loaded = StandardMerkleTree.Load(tree.Dump());

        Assert.Equal(tree.Root, loaded.Root);
        Assert.Equal(tree.Dump(), loaded.Dump());
        for (var i = 0; i < Values.Length; i++)
        {
            Assert.Equal(Values[i], loaded.GetValue(i));
            Assert.Equal(tree.GetProof(i), loaded.GetProof(i));
        }
    }

    [Fact]
    public void Load_accepts_unsorted_layout_and_upper_case_values()
    {
        // An OZ tree built with sortLeaves: false: leaves in input order from the end of the array.
        var leaves = Values.Select(v => StandardMerkleTree.LeafHash(v)).ToArray();
        var nodes = new byte[9][];
        for (var i = 0; i < 5; i++)
        {
            nodes[8 - i] = leaves[i];
        }

        for (var i = 3; i >= 0; i--)
        {
            nodes[i] = new byte[32];
            MerkleProof.HashPair(nodes[(2 * i) + 1], nodes[(2 * i) + 2], nodes[i]);
        }

        var dump = new JsonObject
        {
            ["format"] = "standard-v1",
            ["leafEncoding"] = new JsonArray("bytes32"),
            ["tree"] = new JsonArray([.. nodes.Select(n => (JsonNode)Hex.Encode(n))]),
            ["values"] = new JsonArray([.. Values.Select((v, i) => (JsonNode)new JsonObject { ["value"] = new JsonArray("0x" + Convert.ToHexString(v)), ["treeIndex"] = 8 - i })]),
        };

        var tree = StandardMerkleTree.Load(dump.ToJsonString());

        Assert.Equal(nodes[0], tree.Root);
        Assert.Equal(8, tree.GetTreeIndex(0));
        Assert.True(StandardMerkleTree.Verify(tree.Root, Values[2], tree.GetProof(2)));
        Assert.True(StandardMerkleTree.VerifyMultiProof(tree.Root, tree.GetMultiProof([0, 3, 4])));
    }

    private static readonly Dictionary<string, Action<JsonObject>> Corruption = new()
    {
        ["format"] = d => d["format"] = "standard-v2",
        ["two encodings"] = d => d["leafEncoding"] = new JsonArray("bytes32", "uint256"),
        ["other encoding"] = d => d["leafEncoding"] = new JsonArray("address"),
        ["unknown member"] = d => d["extra"] = 1,
        ["missing values"] = d => d.Remove("values"),
        ["even node count"] = d => d["tree"]!.AsArray().RemoveAt(8),
        ["empty tree"] = d => { d["tree"] = new JsonArray(); d["values"] = new JsonArray(); },
        ["tampered internal node"] = d => d["tree"]![1] = Hex.Encode(new byte[32]),
        ["tampered root"] = d => d["tree"]![0] = Hex.Encode(new byte[32]),
        ["upper-case node"] = d => d["tree"]![0] = "0x" + d["tree"]![0]!.GetValue<string>()[2..].ToUpperInvariant(),
        ["short node"] = d => d["tree"]![8] = "0x1234",
        ["node without 0x"] = d => d["tree"]![8] = d["tree"]![8]!.GetValue<string>()[2..] + "00",
        ["tampered value"] = d => d["values"]![0]!["value"]![0] = Hex.Encode(new byte[32]),
        ["two values in one entry"] = d => d["values"]![0]!["value"]!.AsArray().Add(Hex.Encode(new byte[32])),
        ["internal tree index"] = d => d["values"]![0]!["treeIndex"] = 1,
        ["tree index out of range"] = d => d["values"]![0]!["treeIndex"] = 9,
        ["tree index fraction"] = d => d["values"]![0]!["treeIndex"] = 4.5,
        ["tree index as string"] = d => d["values"]![0]!["treeIndex"] = "4",
        ["shared tree index"] = d => d["values"]![1]!["treeIndex"] = d["values"]![0]!["treeIndex"]!.GetValue<int>(),
        ["value missing"] = d => d["values"]!.AsArray().RemoveAt(4),
        ["value unknown member"] = d => d["values"]![0]!["hash"] = "x",
    };

    public static TheoryData<string> Corruptions => new(Corruption.Keys);

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Load_rejects_corrupted_dump(string corruption)
    {
        var d = DumpJson();
        Corruption[corruption](d);

        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Load(d.ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"standard-v1\"")]
    [InlineData("null")]
    public void Load_rejects_text_that_is_not_a_dump(string text)
    {
        Assert.Throws<MerkleTreeException>(() => StandardMerkleTree.Load(text));
    }
}
