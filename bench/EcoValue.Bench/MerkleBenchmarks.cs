using EcoValue.Domain.Merkle;
using Org.BouncyCastle.Crypto.Digests;

namespace EcoValue.Bench;

/// <summary>
/// Building an OpenZeppelin-compatible StandardMerkleTree over one anchoring window of record hashes, beside its limit:
/// the keccak256 calls the tree needs and nothing else (two per leaf, of 32 bytes; one per internal node, of 64 bytes),
/// made with BouncyCastle directly on one core. Our build hashes each level in parallel, so on 2 cores it can pass 1.
/// </summary>
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
        var keccakOnly = Harness.OpsPerSecond(() => HashesOnly(values), secondsPerRepeat: 1.0, repeats: quick ? 3 : 5);
        yield return new BenchRow("merkle", "StandardMerkleTree build, 100,000 leaves", "leaves/s", perSecond * values.Length,
            "keccak256 calls only (BouncyCastle, one core)", keccakOnly * values.Length,
            $"{1000 / perSecond:F0} ms per 100k-leaf tree (double-hashed leaves, sorted pairs, levels hashed in parallel); the limit does the 3n-1 hashes alone, serially");
    }

    /// <summary>The hashes a tree of these values costs: keccak(keccak(v)) per leaf, then n-1 hashes of 64 bytes.</summary>
    private static void HashesOnly(byte[][] values)
    {
        var d = new KeccakDigest(256);
        Span<byte> a = stackalloc byte[32];
        Span<byte> pair = stackalloc byte[64];
        foreach (var v in values)
        {
            d.BlockUpdate(v);
            d.DoFinal(a);
            d.BlockUpdate(a);
            d.DoFinal(a);
        }

        for (var i = 0; i < values.Length - 1; i++)
        {
            d.BlockUpdate(pair);
            d.DoFinal(pair[..32]);
        }
    }
}
