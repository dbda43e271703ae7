using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Tests.Abi;

public class AbiTypeTests
{
    [Theory]
    [InlineData("uint256", "uint256", false, 32)]
    [InlineData("uint", "uint256", false, 32)]
    [InlineData("int", "int256", false, 32)]
    [InlineData("int8", "int8", false, 32)]
    [InlineData("address", "address", false, 32)]
    [InlineData("bool", "bool", false, 32)]
    [InlineData("bytes1", "bytes1", false, 32)]
    [InlineData("bytes32", "bytes32", false, 32)]
    [InlineData("bytes", "bytes", true, 32)]
    [InlineData("string", "string", true, 32)]
    [InlineData("uint8[]", "uint8[]", true, 32)]
    [InlineData("uint8[2]", "uint8[2]", false, 64)]
    [InlineData("uint8[2][]", "uint8[2][]", true, 32)]
    [InlineData("uint8[][2]", "uint8[][2]", true, 32)]
    [InlineData("uint[3][2]", "uint256[3][2]", false, 192)]
    [InlineData("(uint,bool)", "(uint256,bool)", false, 64)]
    [InlineData("(uint8,(bytes,address[2]))[3]", "(uint8,(bytes,address[2]))[3]", true, 32)]
    [InlineData("((bool,bytes4)[2],int)", "((bool,bytes4)[2],int256)", false, 160)]
    public void Parse_valid_givesCanonicalNameDynamismAndHeadSize(string text, string canonical, bool dynamic, int headSize)
    {
        var type = AbiType.Parse(text);
        Assert.Equal(canonical, type.ToString());
        Assert.Equal(dynamic, type.IsDynamic);
        Assert.Equal(headSize, type.HeadSize);
        Assert.Equal(type, AbiType.Parse(canonical));
    }

    [Theory]
    [InlineData("")]
    [InlineData("uint0")]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("uint08")]
    [InlineData("int257")]
    [InlineData("bytes0")]
    [InlineData("bytes33")]
    [InlineData("bytes01")]
    [InlineData("byte")]
    [InlineData("Uint256")]
    [InlineData("uint256 ")]
    [InlineData(" uint256")]
    [InlineData("uint256[")]
    [InlineData("uint256[]]")]
    [InlineData("uint256[0]")]
    [InlineData("uint256[01]")]
    [InlineData("uint256[-1]")]
    [InlineData("uint256[99999999999]")]
    [InlineData("()")]
    [InlineData("(uint256")]
    [InlineData("(uint256,)")]
    [InlineData("(,uint256)")]
    [InlineData("(uint256))")]
    [InlineData("tuple(uint256)")]
    [InlineData("fixed128x18")]
    [InlineData("ufixed")]
    [InlineData("function")]
    [InlineData("address payable")]
    [InlineData("uint256,bool")]
    [InlineData("uint256[1000000000][1000000000]")]
    public void Parse_invalid_throwsAbiException(string text)
    {
        var ex = Assert.Throws<AbiException>(() => AbiType.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Parse_tooDeep_throwsInsteadOfOverflowingTheStack()
    {
        var deep = new string('(', 10_000) + "bool" + new string(')', 10_000);
        Assert.Contains("nesting", Assert.Throws<AbiException>(() => AbiType.Parse(deep)).Message, StringComparison.Ordinal);
        var deepArrays = "bool" + string.Concat(Enumerable.Repeat("[]", 10_000));
        Assert.Throws<AbiException>(() => AbiType.Parse(deepArrays));
    }

    [Fact]
    public void ParseList_splitsTopLevelCommasOnly()
    {
        var list = AbiType.ParseList("uint,(bool,bytes)[],string");
        Assert.Equal(["uint256", "(bool,bytes)[]", "string"], list.Select(t => t.Name));
        Assert.Empty(AbiType.ParseList(""));
        Assert.Throws<AbiException>(() => AbiType.ParseList("uint,"));
    }

    [Fact]
    public void Parse_errorMessage_pointsAtTheProblem()
    {
        var ex = Assert.Throws<AbiException>(() => AbiType.Parse("(uint256,uint9)"));
        Assert.Contains("position 9", ex.Message, StringComparison.Ordinal);
    }
}
