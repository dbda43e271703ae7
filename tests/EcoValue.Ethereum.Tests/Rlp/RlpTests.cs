using System.Numerics;
using EcoValue.Ethereum.Rlp;

namespace EcoValue.Ethereum.Tests;

public class RlpTests
{
    [Theory]
    [InlineData(0, "80")]
    [InlineData(1, "81")] // 0xff is not a lone byte below 0x80, so it takes a header
    [InlineData(55, "b7")]
    [InlineData(56, "b838")]
    [InlineData(255, "b8ff")]
    [InlineData(256, "b90100")]
    [InlineData(65535, "b9ffff")]
    [InlineData(65536, "ba010000")]
    public void EncodeString_lengthBoundaries_giveHeaderAndRoundTrip(int length, string header)
    {
        var value = Enumerable.Repeat((byte)0xff, length).ToArray();
        var encoded = RlpEncoder.EncodeString(value);
        Assert.Equal(header, Hex.EncodeBare(encoded.AsSpan(0, header.Length / 2)));
        Assert.Equal(encoded.Length, RlpEncoder.LengthOfString(value));
        Assert.Equal(value, RlpDecoder.Decode(encoded).Bytes.ToArray());
    }

    [Theory]
    [InlineData(55, "f7")]
    [InlineData(56, "f838")]
    [InlineData(300, "f9012c")]
    public void EncodeList_payloadBoundaries_giveHeader(int payload, string header)
    {
        var items = Enumerable.Repeat(new byte[] { 0x01 }, payload).ToArray();
        var encoded = RlpEncoder.EncodeList(items);
        Assert.Equal(header, Hex.EncodeBare(encoded.AsSpan(0, header.Length / 2)));
        Assert.Equal(payload, RlpDecoder.Decode(encoded).Items.Count);
    }

    [Fact]
    public void SingleBytes_belowAndAbove0x80()
    {
        for (var b = 0; b < 0x80; b++)
        {
            Assert.Equal(new[] { (byte)b }, RlpEncoder.EncodeString([(byte)b]));
        }

        Assert.Equal("8180", Hex.EncodeBare(RlpEncoder.EncodeString([0x80])));
        Assert.Equal("81ff", Hex.EncodeBare(RlpEncoder.EncodeString([0xff])));
    }

    public static TheoryData<string, string> UInts => new()
    {
        { "0", "80" },
        { "1", "01" },
        { "127", "7f" },
        { "128", "8180" },
        { "256", "820100" },
        { "18446744073709551615", "88ffffffffffffffff" },
        { "18446744073709551616", "89010000000000000000" },
        { "115792089237316195423570985008687907853269984665640564039457584007913129639935", "a0" + new string('f', 64) },
    };

    [Theory]
    [MemberData(nameof(UInts))]
    public void EncodeUInt_isMinimalBigEndian_andReadsBack(string decimalValue, string expected)
    {
        var value = BigInteger.Parse(decimalValue, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Hex.EncodeBare(RlpEncoder.EncodeUInt(value)));
        Assert.Equal(expected.Length / 2, RlpEncoder.LengthOfUInt(value));
        Assert.Equal(value, RlpDecoder.Decode(Hex.Decode(expected)).AsBigInteger());
        if (value <= ulong.MaxValue)
        {
            Assert.Equal(expected, Hex.EncodeBare(RlpEncoder.EncodeUInt((ulong)value)));
            Assert.Equal(expected.Length / 2, RlpEncoder.LengthOfUInt((ulong)value));
            Assert.Equal((ulong)value, RlpDecoder.Decode(Hex.Decode(expected)).AsUInt64());
        }
    }

    [Fact]
    public void EncodeUInt_negative_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RlpEncoder.EncodeUInt(BigInteger.MinusOne));

    [Theory]
    [InlineData("820001", "leading zero")]
    [InlineData("00", "leading zero")]
    [InlineData("89010000000000000000", "more than the 8 allowed")]
    [InlineData("c0", "found a list")]
    public void AsUInt64_nonCanonicalOrWrongShape_throws(string hex, string message)
    {
        var ex = Assert.Throws<RlpException>(() => RlpDecoder.Decode(Hex.Decode(hex)).AsUInt64());
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void AsBigInteger_over32Bytes_throws() =>
        Assert.Throws<RlpException>(() => RlpDecoder.Decode(RlpEncoder.EncodeUInt(BigInteger.One << 256)).AsBigInteger());

    [Fact]
    public void AsFixedBytes_wrongLength_throws()
    {
        var item = RlpDecoder.Decode(RlpEncoder.EncodeString(new byte[19]));
        Assert.Equal(19, item.AsFixedBytes(19).Length);
        var ex = Assert.Throws<RlpException>(() => item.AsFixedBytes(20));
        Assert.Contains("20-byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_onString_and_Bytes_onList_throw()
    {
        Assert.Throws<RlpException>(() => RlpItem.FromUtf8("dog").Items);
        Assert.Throws<RlpException>(() => RlpItem.EmptyList.Bytes);
    }

    [Theory]
    [InlineData("", "input is empty", 0)]
    [InlineData("8100", "single byte 0x00", 0)]
    [InlineData("c2838100", "declares 3 bytes, only 1 remain in the list at offset 0", 1)]
    [InlineData("c28100", "single byte 0x00", 1)]
    [InlineData("b8", "needs 1 length byte(s), only 0 remain in the input", 0)]
    [InlineData("b800", "leading zero", 0)]
    [InlineData("b837", "long length form", 0)]
    [InlineData("bfffffffffffffffff00", "declares 18446744073709551615 bytes, only 1 remain", 0)]
    [InlineData("ff7fffffffffffffff", "declares 9223372036854775807 bytes, only 0 remain", 0)]
    [InlineData("8001", "1 trailing byte(s)", 1)]
    [InlineData("c2c2c0", "declares 2 bytes, only 1 remain in the list at offset 0", 1)]
    public void Decode_malformed_namesProblemAndOffset(string hex, string message, int offset)
    {
        var ex = Assert.Throws<RlpException>(() => RlpDecoder.Decode(Hex.Decode(hex)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(offset, ex.Offset);
    }

    [Fact]
    public void Decode_nestingBeyondMaxDepth_throws_butEncodeHandlesIt()
    {
        var item = RlpItem.EmptyList; // MaxDepth lists in all, counting this innermost one
        for (var i = 1; i < RlpDecoder.MaxDepth; i++)
        {
            item = RlpItem.List(item);
        }

        var atLimit = RlpEncoder.Encode(item);
        Assert.Equal(item, RlpDecoder.Decode(atLimit));

        var tooDeep = RlpEncoder.Encode(RlpItem.List(item));
        var ex = Assert.Throws<RlpException>(() => RlpDecoder.Decode(tooDeep));
        Assert.Contains("deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_recordsOffsets_andPrintsCastJson()
    {
        var encoded = Hex.Decode("c6827a77c10401"); // ["zw", [4], 1], rlptest.json "multilist"
        var list = RlpDecoder.DecodeList(encoded);
        Assert.Equal([1, 4, 5, 6], [list[0].Offset, list[1].Offset, list[1].Items[0].Offset, list[2].Offset]);
        Assert.Equal("[\"0x7a77\",[\"0x04\"],\"0x01\"]", RlpDecoder.Decode(encoded).ToString());
    }

    [Fact]
    public void Writer_fillsExactBuffer_andRefusesOverflow()
    {
        var payload = RlpEncoder.LengthOfUInt(1000UL) + RlpEncoder.LengthOfString("dog"u8);
        var buffer = new byte[RlpEncoder.LengthOfList(payload)];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(payload);
        writer.WriteUInt(1000UL);
        writer.WriteString("dog"u8);
        Assert.Equal(buffer.Length, writer.Position);
        Assert.Equal("c78203e883646f67", Hex.EncodeBare(buffer));

        var small = new byte[2];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new RlpWriter(small);
            w.WriteString("dog"u8);
        });
    }

    [Fact]
    public void Equality_isStructural()
    {
        Assert.Equal(RlpItem.List(RlpItem.FromUtf8("a"), RlpItem.EmptyList), RlpItem.List(RlpItem.FromBytes("a"u8), RlpItem.List()));
        Assert.NotEqual(RlpItem.EmptyString, RlpItem.EmptyList);
        Assert.NotEqual(RlpItem.List(RlpItem.EmptyString), RlpItem.List(RlpItem.EmptyString, RlpItem.EmptyString));
        Assert.Equal(RlpItem.FromUInt(0UL), RlpItem.EmptyString);
        Assert.Equal(RlpItem.FromUtf8("dog").GetHashCode(), RlpItem.FromBytes("dog"u8).GetHashCode());
    }

    /// <summary>
    /// Canonical means one encoding per value: whatever mutated input the decoder accepts must re-encode to exactly
    /// itself; everything else must be an RlpException (never IndexOutOfRange, Overflow or a silent misread).
    /// </summary>
    [Fact]
    public void Decode_mutatedInputs_eitherRoundTripExactly_orThrowRlpException()
    {
        const int seed = 20250601;
        var random = new Random(seed);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var original = RlpEncoder.Encode(RandomRlp.Item(random, maxDepth: 3, budget: 300));
            var mutated = Mutate(random, original);
            try
            {
                var item = RlpDecoder.Decode(mutated);
                Assert.True(RlpEncoder.Encode(item).AsSpan().SequenceEqual(mutated), $"seed {seed} case {i}: {Hex.Encode(mutated)} decoded but re-encodes differently");
                accepted++;
            }
            catch (RlpException)
            {
                rejected++;
            }
        }

        Assert.True(accepted > 100 && rejected > 100, $"mutations should both pass and fail: {accepted} accepted, {rejected} rejected");
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var list = bytes.ToList();
        switch (random.Next(5))
        {
            case 0 when list.Count > 0:
                list[random.Next(list.Count)] = (byte)random.Next(256);
                break;
            case 1 when list.Count > 0:
                list.RemoveRange(random.Next(list.Count), 1);
                break;
            case 2:
                list.Insert(random.Next(list.Count + 1), (byte)random.Next(256));
                break;
            case 3:
                var keep = random.Next(list.Count + 1);
                list.RemoveRange(keep, list.Count - keep);
                break;
            default:
                // Headers are where the strictness rules live: rewrite the first byte.
                if (list.Count > 0)
                {
                    list[0] = (byte)random.Next(256);
                }

                break;
        }

        return [.. list];
    }
}
