using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EcoValue.Bench;

/// <summary>Keccak, sign and recover: ours vs BouncyCastle called directly (the overhead our layer adds).</summary>
public static class CryptoBenchmarks
{
    public static IEnumerable<BenchRow> Run(bool quick)
    {
        var repeats = quick ? 3 : 7;
        var input32 = new byte[32];
        var input1k = new byte[1024];
        new Random(1).NextBytes(input1k);
        var output = new byte[32];

        double BcKeccak(byte[] data) => Harness.OpsPerSecond(() =>
        {
            var d = new KeccakDigest(256);
            d.BlockUpdate(data, 0, data.Length);
            d.DoFinal(output, 0);
        }, repeats: repeats);

        var ours32 = Harness.OpsPerSecond(() => Keccak.Hash(input32, output), repeats: repeats);
        var bc32 = BcKeccak(input32);
        yield return new BenchRow("crypto", "keccak256, 32-byte input", "ops/s", ours32, "BouncyCastle KeccakDigest direct", bc32, "overhead of our wrapper");

        var ours1k = Harness.OpsPerSecond(() => Keccak.Hash(input1k, output), repeats: repeats);
        var bc1k = BcKeccak(input1k);
        yield return new BenchRow("crypto", "keccak256, 1 KiB input", "MB/s", ours1k * 1024 / 1e6, "BouncyCastle KeccakDigest direct", bc1k * 1024 / 1e6, "");

        var key = new EthECKey("0x4646464646464646464646464646464646464646464646464646464646464646");
        var hash = Keccak.HashUtf8("EcoValue benchmark");
        var oursSign = Harness.OpsPerSecond(() => key.Sign(hash), repeats: repeats);
        var bcSigner = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        var priv = new ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, key.GetPrivateKeyBytes()), Secp256k1Domain());
        var bcSign = Harness.OpsPerSecond(() =>
        {
            bcSigner.Init(true, priv);
            bcSigner.GenerateSignature(hash);
        }, repeats: repeats);
        yield return new BenchRow("crypto", "secp256k1 sign (RFC 6979, low-s, recovery id)", "ops/s", oursSign, "BouncyCastle ECDsaSigner direct (no recovery id)", bcSign,
            "ours also takes the recovery id from R's parity and normalises s to the low half (EIP-2)");

        var sig = key.Sign(hash);
        var oursRecover = Harness.OpsPerSecond(() => EthECKey.RecoverAddress(hash, sig), repeats: repeats);
        var pub = new ECPublicKeyParameters(Secp256k1Domain().Curve.DecodePoint([0x04, .. key.PublicKey]), Secp256k1Domain());
        var verifier = new ECDsaSigner();
        var r = new Org.BouncyCastle.Math.BigInteger(1, Hex.ToBigEndian(sig.R));
        var s = new Org.BouncyCastle.Math.BigInteger(1, Hex.ToBigEndian(sig.S));
        var bcVerify = Harness.OpsPerSecond(() =>
        {
            verifier.Init(false, pub);
            verifier.VerifySignature(hash, r, s);
        }, repeats: repeats);
        yield return new BenchRow("crypto", "secp256k1 recover signer address", "ops/s", oursRecover, "BouncyCastle ECDsaSigner.VerifySignature (known key)", bcVerify,
            "recovery does the same two-point multiplication as verification, plus a point decompression and keccak");
    }

    private static ECDomainParameters Secp256k1Domain()
    {
        var p = Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByName("secp256k1");
        return new ECDomainParameters(p.Curve, p.G, p.N, p.H);
    }
}
