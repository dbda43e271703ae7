using EcoValue.Ethereum.Rlp;

namespace EcoValue.Bench;

/// <summary>
/// RLP encode/decode throughput on a transaction-shaped tree. No .NET peer: the reference (Nethereum) is not in our
/// registry. The limit beside it is the physical one for any codec: touching every byte once (copying the encoded
/// bytes into a fresh array), so the ratio says how far from a single pass over the data we are.
/// </summary>
public static class RlpBenchmarks
{
    public static IEnumerable<BenchRow> Run(bool quick)
    {
        var repeats = quick ? 3 : 7;
        var rng = new Random(42);
        byte[] Bytes(int n)
        {
            var b = new byte[n];
            rng.NextBytes(b);
            return b;
        }

        // 2,000 items shaped like signed transactions: small integers, an address, hashes, some calldata.
        var items = Enumerable.Range(0, 2000).Select(i => RlpItem.List(
            RlpItem.FromUInt((ulong)i),
            RlpItem.FromUInt(20_000_000_000UL),
            RlpItem.FromUInt(21_000UL),
            RlpItem.FromBytes(Bytes(20)),
            RlpItem.FromUInt(1_000_000_000_000_000UL),
            RlpItem.FromBytes(Bytes(rng.Next(0, 200))),
            RlpItem.FromBytes(Bytes(32)),
            RlpItem.FromBytes(Bytes(32)))).ToArray();
        var tree = RlpItem.List(items);
        var encoded = RlpEncoder.Encode(tree);
        var megabytes = encoded.Length / 1e6;
        var encode = Harness.OpsPerSecond(() => RlpEncoder.Encode(tree), repeats: repeats) * megabytes;
        var decode = Harness.OpsPerSecond(() => RlpDecoder.Decode(encoded), repeats: repeats) * megabytes;
        var copy = Harness.OpsPerSecond(() => encoded.AsSpan().ToArray(), repeats: repeats) * megabytes;
        var note = $"{encoded.Length / 1024} KiB tree of 2,000 transaction-shaped lists; limit = copying the encoded bytes once (one pass, no parsing)";
        yield return new BenchRow("rlp", "RLP encode", "MB/s", encode, "memory copy of the same bytes", copy, note);
        yield return new BenchRow("rlp", "RLP decode (strict)", "MB/s", decode, "memory copy of the same bytes", copy, note);
    }
}
