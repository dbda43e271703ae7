
namespace EcoValue.Ethereum.Tests;

public class AddressTests
{
    // EIP-55's own examples.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ToChecksumString_matchesEip55Examples(string expected)
    {
        Assert.Equal(expected, Address.Parse(expected.ToLowerInvariant()).ToChecksumString());
        Assert.Equal(expected, Address.Parse(expected).ToString());
    }

    [Fact]
    public void Parse_wrongChecksum_throws() =>
        Assert.Throws<HexFormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")]
    public void Parse_malformed_throws(string text) => Assert.Throws<HexFormatException>(() => Address.Parse(text));

    [Fact]
    public void Parse_allUpper_accepted() =>
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Address.Parse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").ToString());
}
