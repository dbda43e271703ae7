using System.Numerics;

namespace EcoValue.Ethereum.Signing;

/// <summary>
/// An ECDSA secp256k1 signature with its recovery id (the parity of R's y; 0 or 1).
/// Construction checks ranges: 1 &lt;= r, s &lt; n. Whether s must be low (EIP-2) is the verifier's call
/// (<see cref="IsLowS"/>); transactions and everything we sign require it.
/// </summary>
public sealed record EthSignature
{
    public EthSignature(BigInteger r, BigInteger s, int recoveryId)
    {
        if (r.Sign <= 0 || r >= Secp256k1.N)
        {
            throw new SignatureException("signature r is out of range [1, n-1]");
        }

        if (s.Sign <= 0 || s >= Secp256k1.N)
        {
            throw new SignatureException("signature s is out of range [1, n-1]");
        }

        if (recoveryId is not (0 or 1))
        {
            throw new SignatureException($"recovery id must be 0 or 1, got {recoveryId}");
        }

        R = r;
        S = s;
        RecoveryId = recoveryId;
    }

    public BigInteger R { get; }

    public BigInteger S { get; }

    /// <summary>y-parity of the ephemeral point R: 0 or 1 (the EIP-1559 <c>yParity</c> field).</summary>
    public int RecoveryId { get; }

    /// <summary>Legacy v: 27 + recovery id (as EIP-191 signatures and pre-EIP-155 transactions carry it).</summary>
    public int V => 27 + RecoveryId;

    /// <summary>True when s &lt;= n/2, the canonical form EIP-2 requires.</summary>
    public bool IsLowS => S <= Secp256k1.HalfN;

    /// <summary>The 65-byte r||s||v form with v = 27/28 (what wallets return for personal_sign and eth_signTypedData).</summary>
    public byte[] ToBytes65()
    {
        var bytes = new byte[65];
        WriteWord(R, bytes.AsSpan(0, 32));
        WriteWord(S, bytes.AsSpan(32, 32));
        bytes[64] = (byte)V;
        return bytes;
    }

    public string ToHex() => Hex.Encode(ToBytes65());

    /// <summary>Parses r||s||v; v may be 27/28 or 0/1. Anything else, or a wrong length, is an error.</summary>
    public static EthSignature FromBytes65(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
        {
            throw new SignatureException($"a signature is 65 bytes (r||s||v), got {bytes.Length}");
        }

        int recoveryId = bytes[64] switch
        {
            0 or 27 => 0,
            1 or 28 => 1,
            var v => throw new SignatureException($"signature v must be 27, 28, 0 or 1, got {v}"),
        };
        return new EthSignature(Hex.FromBigEndian(bytes[..32]), Hex.FromBigEndian(bytes[32..64]), recoveryId);
    }

    public static EthSignature FromHex(string hex) => FromBytes65(Hex.Decode(hex));

    internal static void WriteWord(BigInteger value, Span<byte> dest32)
    {
        dest32.Clear();
        var raw = Hex.ToBigEndian(value);
        raw.CopyTo(dest32[(32 - raw.Length)..]);
    }
}
