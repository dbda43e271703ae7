using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Tests;

public class SigningTests
{
    private static readonly EthECKey Key = new("0x4646464646464646464646464646464646464646464646464646464646464646");

    [Fact]
    public void Sign_isDeterministic_lowS_andRecovers()
    {
        var hash = Keccak.HashUtf8("白沙良食");
        var a = Key.Sign(hash);
        var b = Key.Sign(hash);
        Assert.Equal(a, b);
        Assert.True(a.IsLowS);
        Assert.Equal(Key.Address, EthECKey.RecoverAddress(hash, a));
    }

    [Fact]
    public void Key_from_eip155_example_hasKnownAddress() =>
        // EIP-155's example key 0x4646..46 signs from 0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F.
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", Key.Address.ToString());

    [Fact]
    public void Recover_highS_rejectedByDefault()
    {
        var hash = Keccak.HashUtf8("x");
        var sig = Key.Sign(hash);
        var high = new EthSignature(sig.R, Secp256k1.N - sig.S, 1 - sig.RecoveryId);
        var ex = Assert.Throws<SignatureException>(() => EthECKey.RecoverAddress(hash, high));
        Assert.Contains("EIP-2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Key.Address, EthECKey.RecoverAddress(hash, high, requireLowS: false));
    }

    [Fact]
    public void Signature_outOfRange_throws()
    {
        Assert.Throws<SignatureException>(() => new EthSignature(0, 1, 0));
        Assert.Throws<SignatureException>(() => new EthSignature(1, Secp256k1.N, 0));
        Assert.Throws<SignatureException>(() => new EthSignature(1, 1, 2));
    }

    [Theory]
    [InlineData("0x00")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")]
    public void PrivateKey_invalid_throws(string hex) =>
        Assert.ThrowsAny<EthereumException>(() => new EthECKey(hex));

    [Fact]
    public void Sign_wrongHashLength_throws() =>
        Assert.Throws<SignatureException>(() => Key.Sign(new byte[31]));

    [Fact]
    public void FromBytes65_badV_throws()
    {
        var bytes = Key.Sign(Keccak.HashUtf8("x")).ToBytes65();
        bytes[64] = 29;
        Assert.Throws<SignatureException>(() => EthSignature.FromBytes65(bytes));
        Assert.Throws<SignatureException>(() => EthSignature.FromBytes65(bytes.AsSpan(0, 64)));
    }

    [Fact]
    public void PersonalSign_roundTrips_andKnownVector()
    {
        var sig = PersonalSign.Sign(Key, "EcoValue");
        Assert.Equal(Key.Address, PersonalSign.Recover("EcoValue", sig));
        Assert.NotEqual(Key.Address, PersonalSign.Recover("EcoValuf", sig));
        // EIP-191 hash of "hello world" (ethers.js hashMessage docs).
        Assert.Equal("0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68", Hex.Encode(PersonalSign.HashMessage("hello world")));
    }

    [Fact]
    public void Sign_matchesBouncyCastleEcdsaSigner_onRandomKeys()
    {
        // Our signer computes R itself to learn its parity; r and s must still be exactly BouncyCastle's RFC 6979
        // result (with s mirrored into the lower half), and the recovery id must recover the key.
        var rng = new Random(6979);
        var curve = Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByName("secp256k1");
        var domain = new Org.BouncyCastle.Crypto.Parameters.ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        for (var i = 0; i < 300; i++)
        {
            var key = EthECKey.Generate();
            var hash = new byte[32];
            rng.NextBytes(hash);
            var reference = new Org.BouncyCastle.Crypto.Signers.ECDsaSigner(
                new Org.BouncyCastle.Crypto.Signers.HMacDsaKCalculator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest()));
            reference.Init(true, new Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, key.GetPrivateKeyBytes()), domain));
            var rs = reference.GenerateSignature(hash);
            var r = Hex.FromBigEndian(rs[0].ToByteArrayUnsigned());
            var s = Hex.FromBigEndian(rs[1].ToByteArrayUnsigned());

            var ours = key.Sign(hash);
            Assert.Equal(r, ours.R);
            Assert.Equal(s <= Secp256k1.HalfN ? s : Secp256k1.N - s, ours.S);
            Assert.Equal(key.Address, EthECKey.RecoverAddress(hash, ours));
        }
    }

    [Fact]
    public void Generate_givesDistinctValidKeys()
    {
        var a = EthECKey.Generate();
        var b = EthECKey.Generate();
        Assert.NotEqual(a.Address, b.Address);
        Assert.Equal(a.Address, new EthECKey(a.GetPrivateKeyBytes()).Address);
    }
}
