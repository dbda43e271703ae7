using System.Security.Cryptography;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EcoValue.Ethereum.Signing;

/// <summary>
/// A secp256k1 private key and what Ethereum does with it: derive the public key and address, sign a 32-byte hash
/// deterministically (RFC 6979, HMAC-SHA256) with a low-s, recoverable signature, and recover signers from signatures.
/// The name follows Nethereum's <c>EthECKey</c> so readers from that world feel at home.
/// </summary>
public sealed class EthECKey
{
    private static readonly FixedPointCombMultiplier BasePointMultiplier = new();

    private readonly BcBigInteger _d;
    private readonly byte[] _publicKey;

    /// <summary>Wraps a 32-byte private key; it must satisfy 1 &lt;= d &lt; n.</summary>
    public EthECKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new SignatureException($"a private key is 32 bytes, got {privateKey.Length}");
        }

        _d = new BcBigInteger(1, privateKey.ToArray());
        if (_d.SignValue <= 0 || _d.CompareTo(Secp256k1.Params.N) >= 0)
        {
            throw new SignatureException("private key is out of range [1, n-1]");
        }

        _publicKey = EncodePublic(Secp256k1.Params.G.Multiply(_d).Normalize());
        Address = Address.FromPublicKey(_publicKey);
    }

    /// <summary>Parses a 32-byte private key from hex (0x optional).</summary>
    public EthECKey(string privateKeyHex)
        : this(Hex.DecodeFixed(privateKeyHex, 32))
    {
    }

    /// <summary>The 64-byte uncompressed public key X||Y (no 0x04 prefix).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    public Address Address { get; }

    /// <summary>A fresh key from the OS CSPRNG, by rejection sampling (no modulo bias).</summary>
    public static EthECKey Generate()
    {
        Span<byte> buffer = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(buffer);
            var d = new BcBigInteger(1, buffer.ToArray());
            if (d.SignValue > 0 && d.CompareTo(Secp256k1.Params.N) < 0)
            {
                return new EthECKey(buffer);
            }
        }
    }

    /// <summary>The private key bytes. Handle with care: never log them.</summary>
    public byte[] GetPrivateKeyBytes()
    {
        var raw = _d.ToByteArrayUnsigned();
        var bytes = new byte[32];
        raw.CopyTo(bytes, 32 - raw.Length);
        return bytes;
    }

    /// <summary>Signs a 32-byte hash: RFC 6979 nonce, s normalised to the lower half (EIP-2), recovery id set.</summary>
    /// <remarks>
    /// The same steps as BouncyCastle's ECDsaSigner (SEC 1 §4.1.3), done here so that the parity of R is known at
    /// signing time: finding the recovery id afterwards would cost a public-key recovery per signature.
    /// </remarks>
    public EthSignature Sign(ReadOnlySpan<byte> hash32)
    {
        RequireHash(hash32);
        var n = Secp256k1.Params.N;
        var message = hash32.ToArray();
        var e = new BcBigInteger(1, message); // 256-bit hash, 256-bit order: no truncation (SEC 1 §4.1.3 step 5)
        var kCalculator = new HMacDsaKCalculator(new Sha256Digest());
        kCalculator.Init(n, _d, message);
        while (true)
        {
            var k = kCalculator.NextK();
            var point = BasePointMultiplier.Multiply(Secp256k1.Params.G, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(n);
            if (r.SignValue == 0)
            {
                continue;
            }

            var s = k.ModInverse(n).Multiply(e.Add(_d.Multiply(r))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }

            if (x.CompareTo(n) >= 0)
            {
                // R.x overflowed the order (probability ~2^-128): its recovery id would be 2 or 3, which Ethereum
                // cannot express. Take the next deterministic nonce instead.
                continue;
            }

            var recoveryId = point.AffineYCoord.TestBitZero() ? 1 : 0;
            var sValue = Secp256k1.FromBc(s);
            if (sValue > Secp256k1.HalfN)
            {
                // (r, n - s) is the same signature for the point -R, whose y has the other parity.
                sValue = Secp256k1.N - sValue;
                recoveryId ^= 1;
            }

            return new EthSignature(Secp256k1.FromBc(r), sValue, recoveryId);
        }
    }

    /// <summary>Recovers the 64-byte public key that produced <paramref name="signature"/> over <paramref name="hash32"/>.</summary>
    /// <param name="requireLowS">Reject s &gt; n/2 (EIP-2); on by default, as for transactions.</param>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> hash32, EthSignature signature, bool requireLowS = true)
    {
        RequireHash(hash32);
        ArgumentNullException.ThrowIfNull(signature);
        if (requireLowS && !signature.IsLowS)
        {
            throw new SignatureException("signature s is in the upper half of the curve order (not canonical, EIP-2)");
        }

        var point = TryRecoverPoint(hash32, signature)
            ?? throw new SignatureException("no public key can be recovered from this signature");
        return EncodePublic(point);
    }

    /// <summary>Recovers the signer's address.</summary>
    public static Address RecoverAddress(ReadOnlySpan<byte> hash32, EthSignature signature, bool requireLowS = true) =>
        Address.FromPublicKey(RecoverPublicKey(hash32, signature, requireLowS));

    /// <summary>True when <paramref name="signature"/> over <paramref name="hash32"/> recovers to <paramref name="expected"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> hash32, EthSignature signature, Address expected)
    {
        try
        {
            return RecoverAddress(hash32, signature) == expected;
        }
        catch (SignatureException)
        {
            return false;
        }
    }

    /// <summary>SEC 1 v2 §4.1.6 with j = 0: R from (r, parity), then Q = r⁻¹(sR − eG).</summary>
    private static ECPoint? TryRecoverPoint(ReadOnlySpan<byte> hash32, EthSignature sig)
    {
        var curve = Secp256k1.Params.Curve;
        var n = Secp256k1.Params.N;
        var r = Secp256k1.ToBc(sig.R);
        var s = Secp256k1.ToBc(sig.S);
        if (r.CompareTo(curve.Field.Characteristic) >= 0)
        {
            return null;
        }

        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 + sig.RecoveryId);
        var rBytes = r.ToByteArrayUnsigned();
        rBytes.CopyTo(compressed, 33 - rBytes.Length);
        ECPoint bigR;
        try
        {
            bigR = curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null; // r is not the x of any curve point
        }

        var e = new BcBigInteger(1, hash32.ToArray());
        var rInv = r.ModInverse(n);
        var u1 = e.Negate().Multiply(rInv).Mod(n);
        var u2 = s.Multiply(rInv).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.Params.G, u1, bigR, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static byte[] EncodePublic(ECPoint point)
    {
        var encoded = point.GetEncoded(false); // 0x04 || X || Y
        return encoded[1..];
    }

    private static void RequireHash(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != 32)
        {
            throw new SignatureException($"a signed message hash is 32 bytes, got {hash32.Length}");
        }
    }
}
