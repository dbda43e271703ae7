using System.Numerics;

namespace EcoValue.Ethereum.Tests;

public class HexTests
{
    [Theory]
    [InlineData("0x", new byte[0])]
    [InlineData("", new byte[0])]
    [InlineData("0x00ff", new byte[] { 0, 255 })]
    [InlineData("ABcd", new byte[] { 0xab, 0xcd })]
    public void Decode_valid_returnsBytes(string hex, byte[] expected) => Assert.Equal(expected, Hex.Decode(hex));

    [Theory]
    [InlineData("0x0")]
    [InlineData("0x123")]
    [InlineData("0xzz")]
    [InlineData("0x 0")]
    [InlineData("0x0g")]
    public void Decode_malformed_throwsHexFormatException(string hex) => Assert.Throws<HexFormatException>(() => Hex.Decode(hex));

    [Fact]
    public void DecodeFixed_wrongLength_throws() =>
        Assert.Throws<HexFormatException>(() => Hex.DecodeFixed("0x0011", 32));

    [Theory]
    [InlineData(0, "0x0")]
    [InlineData(1, "0x1")]
    [InlineData(26, "0x1a")]
    [InlineData(256, "0x100")]
    public void EncodeQuantity_hasNoLeadingZeros(long value, string expected)
    {
        Assert.Equal(expected, Hex.EncodeQuantity(new BigInteger(value)));
        Assert.Equal(new BigInteger(value), Hex.DecodeQuantity(expected));
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x01")]
    [InlineData("1a")]
    [InlineData("0xg")]
    public void DecodeQuantity_malformed_throws(string hex) => Assert.Throws<HexFormatException>(() => Hex.DecodeQuantity(hex));

    [Fact]
    public void DecodeQuantityUInt64_overflow_throws() =>
        Assert.Throws<HexFormatException>(() => Hex.DecodeQuantityUInt64("0x10000000000000000"));
}
