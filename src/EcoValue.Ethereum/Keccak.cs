using Org.BouncyCastle.Crypto.Digests;

namespace EcoValue.Ethereum;

/// <summary>
/// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01), not FIPS 202 SHA3-256 (0x06).
/// .NET's SHA3_256 is the FIPS variant and gives different hashes, so it must never be used here.
/// </summary>
public static class Keccak
{
    /// <summary>Hash of the empty input, a handy constant (e.g. the code hash of an account with no code).</summary>
    public static readonly byte[] EmptyHash = Hash([]);

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[32];
        Hash(data, output);
        return output;
    }

    /// <summary>Hashes into a caller-owned 32-byte buffer (no allocation on hot paths such as Merkle trees).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < 32)
        {
            throw new ArgumentException("output needs 32 bytes", nameof(output));
        }

        // One digest per thread, reused: a KeccakDigest carries a 200-byte state and a 192-byte buffer, and a Merkle
        // tree of a 10,000-record window hashes ~30,000 times. DoFinal resets it for the next use.
        var digest = _digest ??= new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(output);
    }

    [ThreadStatic]
    private static KeccakDigest? _digest;

    /// <summary>Keccak-256 of the UTF-8 bytes of a string (function signatures, event signatures, type strings).</summary>
    public static byte[] HashUtf8(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
