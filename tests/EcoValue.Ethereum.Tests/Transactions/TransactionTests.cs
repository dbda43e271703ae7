using System.Numerics;
using EcoValue.Ethereum.Rlp;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;

namespace EcoValue.Ethereum.Tests;

public class TransactionTests
{
    private static readonly EthECKey Key = new("0x4646464646464646464646464646464646464646464646464646464646464646");
    private static readonly Address Recipient = Address.Parse("0x3535353535353535353535353535353535353535");

    private static readonly LegacyTransaction Eip155Example = new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = 20_000_000_000,
        GasLimit = 21000,
        To = Recipient,
        Value = BigInteger.Pow(10, 18),
    };

    private static readonly Eip1559Transaction Sample = new()
    {
        ChainId = 31337,
        Nonce = 7,
        MaxPriorityFeePerGas = 1_000_000_000,
        MaxFeePerGas = 30_000_000_000,
        GasLimit = 100_000,
        To = Recipient,
        Value = 12345,
        Data = new byte[] { 0xde, 0xad, 0xbe, 0xef },
        AccessList = [new AccessListItem(Recipient, [new byte[32]]), new AccessListItem(Address.Zero)],
    };

    /// <summary>The worked example in EIP-155's specification (key 0x4646…46, chain 1).</summary>
    [Fact]
    public void LegacyEip155_specExample_payloadHashAndSignedBytes()
    {
        Assert.Equal("0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080", Hex.Encode(Eip155Example.GetSigningPayload()));
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex.Encode(Eip155Example.GetSigningHash()));
        var signed = Eip155Example.Sign(Key);
        Assert.Equal(37, signed.V);
        Assert.Equal(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            Hex.Encode(signed.Encode()));
        Assert.Equal(Key.Address, signed.RecoverSender());
    }

    [Fact]
    public void Eip1559_signRecoverHashAndRoundTrip()
    {
        var signed = Sample.Sign(Key);
        var raw = signed.Encode();
        Assert.Equal(0x02, raw[0]);
        Assert.Equal(Keccak.Hash(raw), signed.GetHash());
        Assert.Equal(Key.Address, signed.RecoverSender());
        Assert.True(signed.Signature!.IsLowS);

        var decoded = Assert.IsType<Eip1559Transaction>(TransactionDecoder.Decode(raw, expectedChainId: 31337));
        Assert.Equal(signed, decoded);
        Assert.Equal(raw, decoded.Encode());
        Assert.Equal(Sample.GetSigningPayload(), Sample.EncodeUnsigned());
        Assert.Equal(Keccak.Hash(Sample.GetSigningPayload()), Sample.GetSigningHash());
    }

    [Fact]
    public void ContractCreation_encodesEmptyTo_andDecodesToNull()
    {
        var creation = (Sample with { To = null, AccessList = [] }).Sign(Key);
        var decoded = TransactionDecoder.Decode(creation.Encode());
        Assert.True(decoded.IsContractCreation);
        Assert.Equal(creation, decoded);
    }

    [Fact]
    public void PreEip155Legacy_signsWithV27or28_andDecodesWithoutChainId()
    {
        var tx = (Eip155Example with { ChainId = null }).Sign(Key);
        Assert.True(tx.V == 27 || tx.V == 28, $"v = {tx.V}");
        var decoded = Assert.IsType<LegacyTransaction>(TransactionDecoder.Decode(tx.Encode()));
        Assert.Null(decoded.ChainId);
        Assert.Equal(Key.Address, decoded.RecoverSender());
        decoded.EnsureChainId(1, allowUnprotected: true);
        var ex = Assert.Throws<TransactionException>(() => decoded.EnsureChainId(1));
        Assert.Contains("not replay-protected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_cannotBeEncodedHashedOrRecovered()
    {
        Assert.Throws<TransactionException>(() => Sample.Encode());
        Assert.Throws<TransactionException>(() => Sample.GetHash());
        Assert.Throws<TransactionException>(() => Sample.RecoverSender());
    }

    [Fact]
    public void Records_areImmutable_andCompareByContent()
    {
        var data = new byte[] { 1, 2, 3 };
        var tx = Sample with { Data = data };
        data[0] = 9;
        Assert.Equal(1, tx.Data.Span[0]);
        Assert.Equal(tx, Sample with { Data = new byte[] { 1, 2, 3 } });
        Assert.NotEqual(tx, Sample);
        Assert.NotEqual(Sample, Sample with { AccessList = [] });
        Assert.NotEqual<Transaction>(Sample.Sign(Key), Sample);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample with { Value = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample with { MaxFeePerGas = BigInteger.One << 256 });
        Assert.Throws<ArgumentException>(() => new AccessListItem(Recipient, [new byte[31]]));
    }

    [Fact]
    public void ToString_showsHexAndSignatureState()
    {
        var text = Sample.ToString();
        Assert.Contains("ChainId = 31337", text, StringComparison.Ordinal);
        Assert.Contains("Data = 0xdeadbeef", text, StringComparison.Ordinal);
        Assert.Contains("Signature = unsigned", text, StringComparison.Ordinal);
        Assert.Contains("AccessList = [0x3535353535353535353535353535353535353535: [0x" + new string('0', 64) + "], 0x" + new string('0', 40) + ": []]", text, StringComparison.Ordinal);
        Assert.Contains("V = 37", Eip155Example.Sign(Key).ToString(), StringComparison.Ordinal);
        Assert.Contains("To = null (contract creation)", (Sample with { To = null }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureChainId_wrongChain_throwsWithBothChains()
    {
        var raw = Sample.Sign(Key).Encode();
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw, expectedChainId: 1));
        Assert.Contains("chain 31337, expected chain 1", ex.Message, StringComparison.Ordinal);

        var legacy = Eip155Example.Sign(Key).Encode();
        var legacyEx = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(legacy, expectedChainId: 5));
        Assert.Contains("v = 37 means chain 1", legacyEx.Message, StringComparison.Ordinal);
        Assert.Contains("expected chain 5 (v = 45 or 46)", legacyEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_everyTruncation_throwsTransactionException()
    {
        foreach (var raw in new[] { Sample.Sign(Key).Encode(), Eip155Example.Sign(Key).Encode() })
        {
            for (var length = 0; length < raw.Length; length++)
            {
                var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw.AsSpan(0, length)));
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }

    [Fact]
    public void Decode_trailingBytes_throws()
    {
        byte[] raw = [.. Sample.Sign(Key).Encode(), 0x00];
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw));
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01c0", "0x01 (EIP-2930) is not supported")]
    [InlineData("03c0", "0x03 (EIP-4844) is not supported")]
    [InlineData("7fc0", "0x7f is not supported")]
    [InlineData("80", "RLP string prefix")]
    [InlineData("", "empty")]
    public void Decode_badTypeByte_throws(string hex, string message)
    {
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(Hex.Decode(hex)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_highS_isRejected_perEip2()
    {
        foreach (Transaction tx in new Transaction[] { Sample.Sign(Key), Eip155Example.Sign(Key) })
        {
            var sig = tx.Signature!;
            var flipped = tx is LegacyTransaction legacy ? legacy.V!.Value ^ 1 : 1 - sig.RecoveryId;
            var raw = Rewrite(tx.Encode(), f =>
            {
                f[^3] = RlpItem.FromUInt(flipped);
                f[^1] = RlpItem.FromUInt(Secp256k1.N - sig.S);
            });
            var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw));
            Assert.Contains("EIP-2", ex.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, int, string> FieldCorruptions => new()
    {
        // name, index in the EIP-1559 field list (-1 appends), expected message fragment
        { "nonce with a leading zero", 1, "'nonce'" },
        { "chain id over 64 bits", 0, "'chainId'" },
        { "yParity 2", 9, "'yParity': 2" },
        { "yParity as 0x00", 9, "'yParity'" },
        { "19-byte to", 5, "'to': 19 bytes" },
        { "r = 0", 10, "r is out of range" },
        { "data as a list", 7, "'data'" },
        { "access list entry with 3 items", 8, "accessList[0] has 3 fields" },
        { "31-byte storage key", 8, "accessList[0].storageKeys" },
        { "extra field", -1, "has 13 fields, expected 12" },
    };

    [Theory]
    [MemberData(nameof(FieldCorruptions))]
    public void Decode_corruptEip1559Field_throwsNamingTheField(string corruption, int index, string message)
    {
        RlpItem replacement = corruption switch
        {
            "nonce with a leading zero" => RlpItem.FromBytes([0x00, 0x07]),
            "chain id over 64 bits" => RlpItem.FromUInt(BigInteger.One << 64),
            "yParity 2" => RlpItem.FromUInt(2UL),
            "yParity as 0x00" => RlpItem.FromBytes([0x00]),
            "19-byte to" => RlpItem.FromBytes(new byte[19]),
            "r = 0" => RlpItem.EmptyString,
            "data as a list" => RlpItem.EmptyList,
            "access list entry with 3 items" => RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.EmptyList, RlpItem.EmptyList)),
            "31-byte storage key" => RlpItem.List(RlpItem.List(RlpItem.FromBytes(new byte[20]), RlpItem.List(RlpItem.FromBytes(new byte[31])))),
            "extra field" => RlpItem.EmptyString,
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        var raw = Rewrite(Sample.Sign(Key).Encode(), f =>
        {
            if (index < 0)
            {
                f.Add(replacement);
            }
            else
            {
                f[index] = replacement;
            }
        });
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "neither 27/28")]
    [InlineData(1, "neither 27/28")]
    [InlineData(29, "neither 27/28")]
    [InlineData(34, "neither 27/28")]
    public void Decode_legacyBadV_throws(int v, string message)
    {
        var raw = Rewrite(Eip155Example.Sign(Key).Encode(), f => f[6] = RlpItem.FromUInt((ulong)v));
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_legacyFieldCountAndCanonicalNonce_checked()
    {
        var raw = Eip155Example.Sign(Key).Encode();
        var extra = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(Rewrite(raw, f => f.Add(RlpItem.EmptyString))));
        Assert.Contains("has 10 fields, expected 9", extra.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(Rewrite(raw, f => f.RemoveAt(5))));
        Assert.Contains("has 8 fields, expected 9", missing.Message, StringComparison.Ordinal);
        var nonce = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(Rewrite(raw, f => f[0] = RlpItem.FromBytes([0x00, 0x09]))));
        Assert.Contains("'nonce'", nonce.Message, StringComparison.Ordinal);
        Assert.Contains("leading zero", nonce.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_nonCanonicalRlp_reportsOffsetInWholeRawTransaction()
    {
        // A 0x81-wrapped single byte for the nonce (0x81 0x07): the RLP offset counts the type byte too.
        var raw = Rewrite(Sample.Sign(Key).Encode(), _ => { });
        var payloadStart = 1 + RlpEncoder.HeaderLength(raw.Length - 1 - 2); // type byte + list header
        var chainIdLength = RlpEncoder.LengthOfUInt(31337UL);
        byte[] broken = [.. raw.AsSpan(0, payloadStart + chainIdLength), 0x81, .. raw.AsSpan(payloadStart + chainIdLength)];
        broken[payloadStart - 1]++; // the list grew by one byte
        var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(broken));
        Assert.Contains($"at offset {payloadStart + chainIdLength}", ex.Message, StringComparison.Ordinal);
        Assert.IsType<RlpException>(ex.InnerException);
    }

    /// <summary>Decodes a raw transaction's field list, lets <paramref name="edit"/> change it, and re-encodes it with the same envelope.</summary>
    private static byte[] Rewrite(byte[] raw, Action<List<RlpItem>> edit)
    {
        var typed = raw[0] < 0x80;
        var fields = RlpDecoder.DecodeList(typed ? raw.AsMemory(1) : raw).ToList();
        edit(fields);
        var list = RlpEncoder.Encode(RlpItem.List(fields));
        return typed ? [raw[0], .. list] : list;
    }
}
