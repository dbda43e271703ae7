using EcoValue.Anchoring.Proofs;
using EcoValue.Domain.Merkle;

namespace EcoValue.Anchoring.Tests;

public sealed class TreeCacheTests
{
    private static StandardMerkleTree Tree(int leaves, byte seed) =>
        StandardMerkleTree.Build([.. Enumerable.Range(0, leaves).Select(i => Enumerable.Repeat((byte)(seed + i), 32).ToArray())]);

    [Fact]
    public void TheLeastRecentlyUsedTreesLeave_untilTheLeavesFitTheBound()
    {
        var cache = new TreeCache<string>(10);
        cache.Add("a", Tree(4, 1));
        cache.Add("b", Tree(4, 50));
        Assert.True(cache.TryGet("a", out _)); // a is now the most recently used
        cache.Add("c", Tree(4, 100));          // 12 > 10: b goes
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(Tree(4, 1).RootHex, a.RootHex);
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(8, cache.Leaves);

        cache.Add("huge", Tree(11, 1));        // bigger than the bound: not kept, nothing evicted for it
        Assert.False(cache.TryGet("huge", out _));
        Assert.Equal(8, cache.Leaves);

        cache.Add("a", Tree(2, 7));            // replacing counts the new size
        Assert.Equal(6, cache.Leaves);
        cache.Remove("c");
        Assert.Equal(2, cache.Leaves);
    }
}
