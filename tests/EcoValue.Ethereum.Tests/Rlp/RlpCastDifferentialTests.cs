using EcoValue.Ethereum.Rlp;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests;

/// <summary>Differential tests against the pinned <c>cast to-rlp</c> (Foundry 1.7.1, alloy-rlp underneath).</summary>
public class RlpCastDifferentialTests
{
    private const int BatchSize = 10;

    /// <summary>
    /// 1,000 random trees. cast encodes one value per process, and process start-up dominates on two cores, so the
    /// trees go ten at a time as the items of one outer list: equal outer encodings mean equal item encodings.
    /// </summary>
    [Fact]
    public async Task RandomTrees_encodeLikeCast_andDecodeCastOutput()
    {
        const int seed = 4242;
        var random = new Random(seed);
        var items = Enumerable.Range(0, 1000).Select(_ => RandomRlp.Item(random, maxDepth: 4, budget: 3000)).ToList();

        // The generator must actually reach the boundaries the test claims to cover.
        var strings = items.SelectMany(Flatten).Where(i => !i.IsList).Select(i => i.Bytes.Length).ToList();
        Assert.Contains(0, strings);
        Assert.Contains(55, strings);
        Assert.Contains(56, strings);
        Assert.Contains(strings, l => l > 255);
        Assert.Contains(items, i => i.IsList && i.Items.Any(c => c.IsList && c.Items.Any(g => g.IsList && g.Items.Any(h => h.IsList))));

        var batches = items.Chunk(BatchSize).Select(b => RlpItem.List(b)).ToList();
        await AssertLikeCastAsync(batches, seed);
    }

    /// <summary>Top-level values on their own (a lone byte, an empty string, a bare list), where the outer list cannot hide them.</summary>
    [Fact]
    public async Task RandomTopLevelValues_encodeLikeCast()
    {
        const int seed = 777;
        var random = new Random(seed);
        var items = Enumerable.Range(0, 200).Select(_ => RandomRlp.Item(random, maxDepth: 2, budget: 600)).ToList();
        Assert.Contains(items, i => !i.IsList && i.Bytes.Length == 1 && i.Bytes.Span[0] < 0x80);
        Assert.Contains(items, i => !i.IsList && i.Bytes.IsEmpty);
        await AssertLikeCastAsync(items, seed);
    }

    private static async Task AssertLikeCastAsync(IReadOnlyList<RlpItem> items, int seed)
    {
        var cast = Cast.Require();

        // cast reads a JSON value of hex strings and nested arrays, which is what RlpItem.ToString prints.
        var outputs = await cast.RunManyAsync([.. items.Select(i => new[] { "to-rlp", i.ToString() })], parallelism: 4);
        for (var i = 0; i < items.Count; i++)
        {
            var ours = Hex.Encode(RlpEncoder.Encode(items[i]));
            Assert.True(ours == outputs[i], $"seed {seed} case {i}: {items[i]}\n ours {ours}\n cast {outputs[i]}");
            var decoded = RlpDecoder.Decode(Hex.Decode(outputs[i]));
            Assert.True(items[i].Equals(decoded), $"seed {seed} case {i}: decoding cast's {outputs[i]} gave {decoded}");
        }
    }

    private static IEnumerable<RlpItem> Flatten(RlpItem item) =>
        item.IsList ? item.Items.SelectMany(Flatten).Prepend(item) : [item];
}
