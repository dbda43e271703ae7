using System.Numerics;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Tests.Abi;

public class AbiEncoderTests
{
    [Theory]
    [InlineData("uint8", 256)]
    [InlineData("uint8", -1)]
    [InlineData("int8", 128)]
    [InlineData("int8", -129)]
    [InlineData("uint256", -1)]
    public void Encode_outOfRangeInteger_throws(string type, int value) =>
        Assert.Contains("out of range", Assert.Throws<AbiException>(() => AbiEncoder.Encode(type, value)).Message, StringComparison.Ordinal);

    [Fact]
    public void Encode_integerBounds_areInclusive()
    {
        var max = (BigInteger.One << 256) - 1;
        Assert.Equal(new string('f', 64), Hex.EncodeBare(AbiEncoder.Encode("uint256", max)));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("uint256", max + 1));
        var min = -(BigInteger.One << 255);
        Assert.Equal("8" + new string('0', 63), Hex.EncodeBare(AbiEncoder.Encode("int256", min)));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("int256", min - 1));
        Assert.Equal(new string('f', 62) + "80", Hex.EncodeBare(AbiEncoder.Encode("int8", -128)));
    }

    [Fact]
    public void Encode_convenienceIntegers_matchBigInteger()
    {
        var expected = AbiEncoder.Encode("uint64,int64,uint32,int16", new BigInteger(ulong.MaxValue), new BigInteger(long.MinValue), new BigInteger(7), new BigInteger(-2));
        Assert.Equal(expected, AbiEncoder.Encode("uint64,int64,uint32,int16", ulong.MaxValue, long.MinValue, 7u, (short)-2));
    }

    [Fact]
    public void Encode_bytesN_wrongLength_throws()
    {
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("bytes32", new byte[31]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("bytes1", new byte[2]));
    }

    [Fact]
    public void Encode_wrongValueKind_namesThePath()
    {
        object[] tuples = [new object[] { 1, "x" }, new object[] { 2, 3 }];
        var ex = Assert.Throws<AbiException>(() => AbiEncoder.Encode("bool,(uint8,string)[]", true, tuples));
        Assert.StartsWith("arg 1[1].field 1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected a string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_fixedArrayAndTuple_countMismatch_throws()
    {
        int[] three = [1, 2, 3];
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("uint8[2]", (object)three));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("(uint8,uint8)", (object)three));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("uint8,uint8", 1));
    }

    [Fact]
    public void Encode_addressMustBeAddress_andStringMustBeValidUtf16()
    {
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("address", "0x0000000000000000000000000000000000000000"));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("string", "\ud800"));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("bool", 1));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode("uint8[]", (object?)null));
    }

    [Fact]
    public void EncodePacked_followsSolidityNonStandardMode()
    {
        // Solidity ABI spec, "Non-standard Packed Mode": abi.encodePacked(int16(-1), bytes1(0x42), uint16(0x03), string("Hello, world!"))
        var packed = AbiEncoder.EncodePacked(AbiType.ParseList("int16,bytes1,uint16,string"), [-1, new byte[] { 0x42 }, 3, "Hello, world!"]);
        Assert.Equal("0xffff42000348656c6c6f2c20776f726c6421", Hex.Encode(packed));

        // Array elements are their 32-byte ABI words (Solidity encodes them as their memory words): intN sign-extended,
        // bytesN right-padded. Tuples and arrays of dynamic types are refused.
        int[] two = [1, -2];
        Assert.Equal(
            "0x" + "1".PadLeft(64, '0') + "fe".PadLeft(64, 'f'),
            Hex.Encode(AbiEncoder.EncodePacked([AbiType.Parse("int8[]")], [two])));
        byte[][] words = [[0xab]];
        Assert.Equal("0xab".PadRight(66, '0'), Hex.Encode(AbiEncoder.EncodePacked([AbiType.Parse("bytes1[1]")], [words])));
        Assert.Throws<AbiException>(() => AbiEncoder.EncodePacked([AbiType.Parse("(uint8,bool)")], [new object[] { 1, true }]));
        Assert.Throws<AbiException>(() => AbiEncoder.EncodePacked([AbiType.Parse("string[]")], [Array.Empty<string>()]));
    }

    [Fact]
    public void Encode_thenDecode_roundTripsEveryKind()
    {
        var types = AbiType.ParseList("uint8,int256,address,bool,bytes3,bytes,string,uint16[],(bool,string)[2],int8[2][]");
        var address = Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
        object?[] values =
        [
            new BigInteger(255), new BigInteger(-7), address, true, new byte[] { 1, 2, 3 }, new byte[40], "生态 🌲",
            new object[] { new BigInteger(1), new BigInteger(65535) },
            new object[] { new object[] { true, "" }, new object[] { false, "x" } },
            new object[] { new object[] { new BigInteger(-128), new BigInteger(127) } },
        ];
        var encoded = AbiEncoder.Encode(types, values);
        AbiAssert.Equal(values, AbiDecoder.DecodeCanonical(types, encoded));
    }
}
