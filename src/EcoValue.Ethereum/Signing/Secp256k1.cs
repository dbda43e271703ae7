using System.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;

namespace EcoValue.Ethereum.Signing;

/// <summary>The secp256k1 curve (SEC 2, §2.4.1) and the constants signing needs.</summary>
public static class Secp256k1
{
    internal static readonly X9ECParameters Params = CustomNamedCurves.GetByName("secp256k1");

    internal static readonly ECDomainParameters Domain = new(Params.Curve, Params.G, Params.N, Params.H);

    /// <summary>The group order n.</summary>
    public static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    /// <summary>n / 2: the largest s a canonical ("low-s", EIP-2) signature may carry.</summary>
    public static readonly BigInteger HalfN = N >> 1;

    internal static Org.BouncyCastle.Math.BigInteger ToBc(BigInteger v) => new(1, v.ToByteArray(isUnsigned: true, isBigEndian: true));

    internal static BigInteger FromBc(Org.BouncyCastle.Math.BigInteger v) => new(v.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
}
