using System.Numerics;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum.Abi;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests.Abi;

/// <summary>Spec vectors: ethereum/tests ABITests/basic_abi_tests.json and the worked examples of the Solidity ABI specification.</summary>
public class AbiVectorTests
{
    [Fact]
    public void BasicAbiTests_everyCase_encodesExactly_andDecodesBack()
    {
        // ethereum/tests ABITests/basic_abi_tests.json: "types", "args" (numbers; addresses as hex; bytes/bytesN as raw
        // ASCII text, as the file's GithubWikiTest shows with "1234567890" for bytes10) and the expected "result".
        using var doc = JsonDocument.Parse(File.ReadAllText(Requirements.Vector("ethereum/ABITests_basic_abi_tests.json")));
        var count = 0;
        foreach (var test in doc.RootElement.EnumerateObject())
        {
            var types = test.Value.GetProperty("types").EnumerateArray().Select(t => AbiType.Parse(t.GetString()!)).ToArray();
            var args = test.Value.GetProperty("args").EnumerateArray().Select((a, i) => FromJson(types[i], a)).ToArray();
            var expected = Hex.Decode(test.Value.GetProperty("result").GetString()!);

            Assert.Equal(Hex.Encode(expected), Hex.Encode(AbiEncoder.Encode(types, args)));
            AbiAssert.Equal(args, AbiDecoder.DecodeCanonical(types, expected), test.Name);
            count++;
        }

        Assert.True(count >= 3, $"expected the file's cases, read {count}");
    }

    [Fact]
    public void SolidityDocs_baz_uint32_bool()
    {
        // Solidity ABI spec, "Examples": baz(69, true).
        var call = AbiEncoder.EncodeFunctionCall("baz(uint32,bool)", 69, true);
        Assert.Equal(
            "0xcdcd77c0" +
            "0000000000000000000000000000000000000000000000000000000000000045" +
            "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(call));
    }

    [Fact]
    public void SolidityDocs_bar_bytes3x2()
    {
        // Solidity ABI spec, "Examples": bar(["abc", "def"]).
        // One argument, the array: cast so that params does not spread it into two arguments.
        byte[][] pair = ["abc"u8.ToArray(), "def"u8.ToArray()];
        var call = AbiEncoder.EncodeFunctionCall("bar(bytes3[2])", (object)pair);
        Assert.Equal(
            "0xfce353f6" +
            "6162630000000000000000000000000000000000000000000000000000000000" +
            "6465660000000000000000000000000000000000000000000000000000000000",
            Hex.Encode(call));
    }

    [Fact]
    public void SolidityDocs_sam_bytes_bool_uintArray()
    {
        // Solidity ABI spec, "Examples": sam("dave", true, [1, 2, 3]).
        BigInteger[] data = [1, 2, 3];
        var call = AbiEncoder.EncodeFunctionCall("sam(bytes,bool,uint256[])", "dave"u8.ToArray(), true, data);
        Assert.Equal(
            "0xa5643bf2" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000004" +
            "6461766500000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000003",
            Hex.Encode(call));
    }

    [Fact]
    public void SolidityDocs_f_dynamicTypesExample()
    {
        // Solidity ABI spec, "Use of Dynamic Types": f(0x123, [0x456, 0x789], "1234567890", "Hello, world!").
        int[] words = [0x456, 0x789];
        var call = AbiEncoder.EncodeFunctionCall("f(uint256,uint32[],bytes10,bytes)", 0x123, words, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        Assert.Equal(
            "0x8be65246" +
            "0000000000000000000000000000000000000000000000000000000000000123" +
            "0000000000000000000000000000000000000000000000000000000000000080" +
            "3132333435363738393000000000000000000000000000000000000000000000" +
            "00000000000000000000000000000000000000000000000000000000000000e0" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000456" +
            "0000000000000000000000000000000000000000000000000000000000000789" +
            "000000000000000000000000000000000000000000000000000000000000000d" +
            "48656c6c6f2c20776f726c642100000000000000000000000000000000000000",
            Hex.Encode(call));
    }

    [Fact]
    public void SolidityDocs_g_nestedDynamicArrays()
    {
        // Solidity ABI spec, "Use of Dynamic Types": g([[1, 2], [3]], ["one", "two", "three"]).
        int[] first = [1, 2];
        int[] second = [3];
        object[] numbers = [first, second];
        string[] strings = ["one", "two", "three"];
        var call = AbiEncoder.EncodeFunctionCall("g(uint256[][],string[])", numbers, strings);
        var expected =
            "0x2289b18c" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "0000000000000000000000000000000000000000000000000000000000000140" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "00000000000000000000000000000000000000000000000000000000000000e0" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "6f6e650000000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "74776f0000000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000005" +
            "7468726565000000000000000000000000000000000000000000000000000000";
        Assert.Equal(expected, Hex.Encode(call));

        var decoded = FunctionSignature.Parse("g(uint256[][],string[])").DecodeCall(Hex.Decode(expected));
        AbiAssert.Equal(new object[] { numbers, strings }, decoded);
    }

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("function transfer(address to, uint amount)", "0xa9059cbb")]
    [InlineData("balanceOf(address)", "0x70a08231")]
    [InlineData("baz(uint32,bool)", "0xcdcd77c0")]
    [InlineData("f()", "0x26121ff0")]
    public void FunctionSelector_knownSignatures(string signature, string selector) =>
        Assert.Equal(selector, Hex.Encode(FunctionSelector.Of(signature)));

    [Fact]
    public void EventTopic_transfer_isTheErc20Topic() =>
        // keccak256("Transfer(address,address,uint256)"), the ERC-20 Transfer topic every explorer shows.
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Hex.Encode(EventTopic.Of("event Transfer(address indexed from, address indexed to, uint256 value)")));

    [Theory]
    [InlineData("transfer")]
    [InlineData("transfer(address")]
    [InlineData("1transfer(address)")]
    [InlineData("transfer(address,)")]
    [InlineData("transfer(address indexed to)")]
    [InlineData("transfer(address to from)")]
    [InlineData("transfer(adress)")]
    [InlineData("transfer(address) returns")]
    public void FunctionSignature_malformed_throws(string signature) =>
        Assert.Throws<AbiException>(() => FunctionSignature.Parse(signature));

    private static object? FromJson(AbiType type, JsonElement e) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => BigInteger.Parse(e.GetRawText(), System.Globalization.CultureInfo.InvariantCulture),
        AbiTypeKind.Address => Address.Parse(e.GetString()!),
        AbiTypeKind.Bool => e.GetBoolean(),
        AbiTypeKind.Bytes or AbiTypeKind.FixedBytes => Encoding.ASCII.GetBytes(e.GetString()!),
        AbiTypeKind.String => e.GetString(),
        AbiTypeKind.Tuple => e.EnumerateArray().Select((x, i) => FromJson(type.Components[i], x)).ToArray(),
        _ => e.EnumerateArray().Select(x => FromJson(type.Element!, x)).ToArray(),
    };
}
