using EcoValue.Ethereum.Rlp;

namespace EcoValue.Ethereum.Tests;

/// <summary>Random RLP trees that stress the encoding's boundaries (empty, single bytes, lengths around 55/56 and 255/256).</summary>
internal static class RandomRlp
{
    private static readonly int[] InterestingLengths = [0, 1, 1, 1, 2, 54, 55, 56, 57, 255, 256, 257];

    /// <summary>A tree at most <paramref name="maxDepth"/> lists deep with roughly at most <paramref name="budget"/> payload bytes.</summary>
    public static RlpItem Item(Random random, int maxDepth, ref int budget)
    {
        if (maxDepth > 0 && random.Next(3) == 0)
        {
            var count = random.Next(3) == 0 ? random.Next(0, 60) : random.Next(0, 6);
            var items = new List<RlpItem>(count);
            for (var i = 0; i < count && budget > 0; i++)
            {
                items.Add(Item(random, maxDepth - 1, ref budget));
            }

            return RlpItem.List(items);
        }

        var bytes = Bytes(random);
        budget -= bytes.Length + 1;
        return RlpItem.FromBytes(bytes);
    }

    public static RlpItem Item(Random random, int maxDepth = 4, int budget = 4000) => Item(random, maxDepth, ref budget);

    public static byte[] Bytes(Random random)
    {
        var pick = random.Next(InterestingLengths.Length + 2);
        var length = pick < InterestingLengths.Length ? InterestingLengths[pick] : random.Next(0, pick == InterestingLengths.Length ? 60 : 1100);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length == 1 && random.Next(2) == 0)
        {
            bytes[0] &= 0x7f; // a single byte below 0x80 encodes as itself
        }

        return bytes;
    }
}
