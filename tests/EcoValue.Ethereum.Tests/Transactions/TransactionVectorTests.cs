using System.Numerics;
using System.Text.Json;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests;

public class TransactionVectorTests
{
    private static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Requirements.Vector(file)));
        return doc.RootElement.Clone();
    }

    private static BigInteger Quantity(string hex) => Hex.FromBigEndian(Hex.Decode(hex));

    /// <summary>
    /// ethereum/tests BasicTests/txtest.json: pre-EIP-155 transactions signed with RFC 6979. The file predates EIP-2,
    /// so one of its signatures has a high s; we always sign low-s (s' = n − s, parity flipped), which must be that
    /// same RFC 6979 signature normalised, and the file's high-s bytes must be refused by the strict decoder.
    /// </summary>
    [Fact]
    public void BasicTxTest_unsignedEncoding_andRfc6979Signature()
    {
        int lowS = 0, highS = 0;
        foreach (var v in Load("ethereum/BasicTests_txtest.json").EnumerateArray())
        {
            var to = v.GetProperty("to").GetString()!;
            var tx = new LegacyTransaction
            {
                ChainId = null,
                Nonce = v.GetProperty("nonce").GetUInt64(),
                GasPrice = v.GetProperty("gasprice").GetUInt64(),
                GasLimit = v.GetProperty("startgas").GetUInt64(),
                To = to.Length == 0 ? null : Address.Parse("0x" + to),
                Value = v.GetProperty("value").GetUInt64(),
                Data = Hex.Decode(v.GetProperty("data").GetString()!),
            };
            Assert.Equal(v.GetProperty("unsigned").GetString(), Hex.EncodeBare(tx.EncodeUnsigned()));

            var key = new EthECKey(v.GetProperty("key").GetString()!);
            var signed = tx.Sign(key);
            var expected = Hex.Decode(v.GetProperty("signed").GetString()!);
            var fileSig = FileSignature(expected);
            Assert.Equal(fileSig.R, signed.Signature!.R);
            if (fileSig.S <= Secp256k1.HalfN)
            {
                Assert.Equal(expected, signed.Encode());
                Assert.Equal(key.Address, TransactionDecoder.Decode(expected).RecoverSender());
                lowS++;
            }
            else
            {
                Assert.Equal(Secp256k1.N - fileSig.S, signed.Signature.S);
                Assert.Equal(1 - fileSig.RecoveryId, signed.Signature.RecoveryId);
                var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(expected));
                Assert.Contains("EIP-2", ex.Message, StringComparison.Ordinal);
                highS++;
            }

            Assert.Equal(key.Address, TransactionDecoder.Decode(signed.Encode()).RecoverSender());
        }

        Assert.Equal((1, 1), (lowS, highS));
    }

    /// <summary>r, s and parity from the last three fields of a legacy transaction, read without the EIP-2 check.</summary>
    private static (BigInteger R, BigInteger S, int RecoveryId) FileSignature(byte[] raw)
    {
        var fields = Ethereum.Rlp.RlpDecoder.DecodeList(raw);
        return (fields[7].AsBigInteger(), fields[8].AsBigInteger(), (int)fields[6].AsUInt64() - 27);
    }

    /// <summary>
    /// ethereum/tests TransactionTests/ttEIP155 (Vitalik_*): mainnet (chain 1) transactions at block 2,675,000.
    /// Entries with a hash and sender are valid: EIP-155 ones and unprotected pre-EIP-155 ones (v = 27/28).
    /// Entries without are invalid there: their v binds them to another chain.
    /// </summary>
    [Fact]
    public void Eip155Vitalik_decode_recoverSender_hash_andFields()
    {
        int valid = 0, invalid = 0, unprotected = 0;
        foreach (var entry in Load("ethereum/TransactionTests_EIP155_Vitalik.json").EnumerateObject())
        {
            var v = entry.Value;
            var raw = Hex.Decode(v.GetProperty("rlp").GetString()!);
            if (!v.TryGetProperty("hash", out var hash))
            {
                var ex = Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw, expectedChainId: 1, allowUnprotected: true));
                Assert.Contains("another chain", ex.Message, StringComparison.Ordinal);
                invalid++;
                continue;
            }

            var tx = Assert.IsType<LegacyTransaction>(TransactionDecoder.Decode(raw, expectedChainId: 1, allowUnprotected: true), exactMatch: true);
            Assert.Equal(v.GetProperty("sender").GetString(), Hex.EncodeBare(tx.RecoverSender().Bytes));
            Assert.Equal(hash.GetString(), Hex.EncodeBare(tx.GetHash()));
            Assert.Equal(raw, tx.Encode());

            var fields = v.GetProperty("transaction");
            Assert.Equal(Quantity(fields.GetProperty("nonce").GetString()!), tx.Nonce);
            Assert.Equal(Quantity(fields.GetProperty("gasPrice").GetString()!), tx.GasPrice);
            Assert.Equal(Quantity(fields.GetProperty("gasLimit").GetString()!), tx.GasLimit);
            Assert.Equal(fields.GetProperty("to").GetString(), tx.To is { } to ? Hex.EncodeBare(to.Bytes) : "");
            Assert.Equal(Quantity(fields.GetProperty("value").GetString()!), tx.Value);
            Assert.Equal(Hex.Decode(fields.GetProperty("data").GetString()!), tx.Data.ToArray());
            Assert.Equal(Quantity(fields.GetProperty("v").GetString()!), tx.V);
            Assert.Equal(Quantity(fields.GetProperty("r").GetString()!), tx.Signature!.R);
            Assert.Equal(Quantity(fields.GetProperty("s").GetString()!), tx.Signature.S);
            if (tx.ChainId is null)
            {
                // Valid on mainnet, but only for a caller that accepts replayable transactions.
                Assert.Throws<TransactionException>(() => TransactionDecoder.Decode(raw, expectedChainId: 1));
                unprotected++;
            }
            else
            {
                Assert.Equal(1UL, tx.ChainId);
            }

            valid++;
        }

        Assert.Equal((14, 3, 3), (valid, invalid, unprotected));
    }
}
