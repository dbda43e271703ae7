using EcoValue.Domain.Merkle;

namespace EcoValue.Bench;

/// <summary>Building an OpenZeppelin-compatible StandardMerkleTree over one anchoring window of record hashes.</summary>
public static class MerkleBenchmarks
{
    public static IEnumerable<BenchRow> Run(bool quick)
    {
        var rng = new Random(7);
        var values = new byte[100_000][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new byte[32];
            rng.NextBytes(values[i]);
        }

        var perSecond = Harness.OpsPerSecond(() => StandardMerkleTree.Build(values), secondsPerRepeat: 1.0, repeats: quick ? 3 : 5);
        yield return new BenchRow("merkle", "StandardMerkleTree build, 100,000 leaves", "leaves/s", perSecond * values.Length, null, null,
            $"{1000 / perSecond:F0} ms per 100k-leaf tree (double-hashed leaves, sorted pairs)");
    }
}
