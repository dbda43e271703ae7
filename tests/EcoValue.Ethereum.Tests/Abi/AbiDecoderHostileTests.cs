using System.Numerics;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Tests.Abi;

/// <summary>Malformed encodings must raise <see cref="AbiException"/>, never crash, hang, allocate wildly or decode a wrong value.</summary>
public class AbiDecoderHostileTests
{
    private static byte[] Words(params string[] words) => Hex.Decode(string.Concat(words.Select(w => w.PadLeft(64, '0'))));

    private static AbiException Fails(string types, byte[] data) =>
        Assert.Throws<AbiException>(() => AbiDecoder.Decode(types, data));

    [Fact]
    public void Truncated_staticHead_throws()
    {
        Assert.Contains("too short", Fails("uint256,uint256", Words("1")).Message, StringComparison.Ordinal);
        Fails("uint256", new byte[31]);
        Fails("(uint256,bool)[2]", Words("1", "1", "2"));
    }

    [Fact]
    public void Truncated_bytesPayload_throws() =>
        // offset 0x20, length 5, but no payload word follows.
        Fails("bytes", Words("20", "5"));

    [Fact]
    public void MissingPadding_afterBytes_throws() =>
        // The 5 bytes are there but the rest of their 32-byte slot is not.
        Fails("bytes", [.. Words("20", "5"), 1, 2, 3, 4, 5]);

    [Fact]
    public void Offset_pastEnd_throws() =>
        Assert.Contains("past the end", Fails("bytes", Words("60", "0")).Message, StringComparison.Ordinal);

    [Fact]
    public void Offset_2pow255_throwsWithoutOverflow() =>
        Fails("string", Words("8" + new string('0', 63)));

    [Fact]
    public void Offset_justBelow2pow32_throws() =>
        Fails("uint256[]", Words("ffffffff", "0"));

    [Fact]
    public void Length_2pow64_throwsBeforeAllocating()
    {
        Fails("bytes", Words("20", "10000000000000000"));
        Fails("uint256[]", Words("20", "10000000000000000"));
    }

    [Fact]
    public void ArrayLength_largerThanRemainingData_throwsBeforeAllocating()
    {
        // 2^32-1 elements claimed in 96 bytes: refused by arithmetic, not by running out of memory.
        var ex = Fails("uint256[]", Words("20", "ffffffff", "1"));
        Assert.Contains("length", ex.Message, StringComparison.Ordinal);
        Fails("string[]", Words("20", "ffffffff", "0"));
        Fails("uint8[]", Words("20", "2", "1"));
    }

    [Fact]
    public void AliasedOffsets_decodingBomb_throws()
    {
        // uint256[][][] where each level's 3 offsets all point at the same child: 352 bytes describe 3 x 3 arrays, and
        // at depth d the same trick describes 3^d. The decoder refuses to read more bytes than the data holds.
        var data = Words(
            "20",                    // arg 0 at 0x20
            "3", "60", "60", "60",   // outer: 3 elements, all at +0x60 from the element area (0x40) = 0xa0
            "3", "60", "60", "60",   // 0xa0: middle: 3 elements, all at +0x60 from 0xc0 = 0x120
            "1", "7");               // 0x120: inner: [7]
        Assert.Contains("aliased", Fails("uint256[][][]", data).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uint8", "100")]
    [InlineData("uint8", "1" + "00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("uint248", "100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("int8", "80")]
    [InlineData("int8", "ff7f")]
    [InlineData("int8", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe7f")]
    [InlineData("int16", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0000")]
    [InlineData("address", "1" + "000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("address", "10000000000000000000000000000000000000000")]
    [InlineData("bool", "2")]
    [InlineData("bool", "100")]
    [InlineData("bytes1", "00ff" + "00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("bytes31", "01")]
    public void DirtyWord_throws(string type, string word) =>
        Fails(type, Words(word.Length == 64 ? word : word.PadLeft(64, '0')));

    [Fact]
    public void DirtyPadding_afterString_throws() =>
        Fails("string", Words("20", "1", "61" + new string('0', 60) + "01"));

    [Fact]
    public void InvalidUtf8_inString_throws() =>
        Assert.Contains("UTF-8", Fails("string", Words("20", "2", "c328" + new string('0', 60))).Message, StringComparison.Ordinal);

    [Fact]
    public void SignExtension_isAccepted_forNegativeInts()
    {
        var decoded = AbiDecoder.Decode("int8,int16", Words(new string('f', 62) + "80", new string('f', 60) + "8000"));
        Assert.Equal(new BigInteger(-128), decoded[0]);
        Assert.Equal(new BigInteger(-32768), decoded[1]);
    }

    [Fact]
    public void Error_namesThePathOfTheFailingElement()
    {
        // f((uint8,bool)[] list): arg 0 -> array of 2 static tuples; element 1's bool is 2.
        var data = Words("20", "2", "1", "1", "2", "2");
        var ex = Fails("(uint8,bool)[]", data);
        Assert.StartsWith("arg 0[1].field 1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytes_areAcceptedByDecode_butNotByDecodeCanonical()
    {
        var data = Words("5", "0");
        Assert.Equal(new BigInteger(5), AbiDecoder.Decode("uint256", data)[0]);
        Assert.Throws<AbiException>(() => AbiDecoder.DecodeCanonical([AbiType.UInt(256)], data));
    }

    [Fact]
    public void NonCanonicalOffset_isRefusedByDecodeCanonical()
    {
        // A valid but non-standard layout: a gap word between the head and the tail.
        var data = Words("40", "0", "1", "61" + new string('0', 62));
        Assert.Equal("a", AbiDecoder.Decode("string", data)[0]);
        Assert.Throws<AbiException>(() => AbiDecoder.DecodeCanonical([AbiType.String], data));
    }

    [Fact]
    public void RandomGarbage_neverCrashes()
    {
        // Fuzz: random bytes, and random single-byte corruptions of valid encodings, raise AbiException or decode.
        var seed = 712;
        var random = new Random(seed);
        var types = AbiType.ParseList("uint8,(bytes,int16[2])[],string,bool[][2],address");
        object[] values = [BigInteger.One, new object[] { new object[] { new byte[] { 1, 2, 3 }, new[] { -1, 2 } } }, "héllo", new object[] { new[] { true }, Array.Empty<bool>() }, Address.Zero];
        var valid = AbiEncoder.Encode(types, values);
        for (var i = 0; i < 5000; i++)
        {
            var data = i % 2 == 0 ? valid.ToArray() : new byte[random.Next(0, 400)];
            if (i % 2 == 0)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }
            else
            {
                random.NextBytes(data);
            }

            try
            {
                AbiDecoder.Decode(types, data);
            }
            catch (AbiException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} case {i}: {e.GetType().Name} {e.Message} on {Hex.Encode(data)}");
            }
        }
    }
}
