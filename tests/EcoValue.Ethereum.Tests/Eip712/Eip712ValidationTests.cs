using System.Numerics;
using EcoValue.Ethereum.Eip712;

namespace EcoValue.Ethereum.Tests.Eip712;

/// <summary>Strictness: bad types, values and JSON raise <see cref="Eip712Exception"/> naming what is wrong.</summary>
public class Eip712ValidationTests
{
    private static readonly Eip712Domain Domain = new() { Name = "EcoValue", ChainId = 31337 };

    private static TypedData Single(string type, object? value) =>
        new(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [new("v", type)] }, "M", Domain, new Dictionary<string, object?> { ["v"] = value });

    private static string Fails(Func<object> build) => Assert.Throws<Eip712Exception>(build).Message;

    [Theory]
    [InlineData("uint")]
    [InlineData("int")]
    [InlineData("uint7")]
    [InlineData("bytes33")]
    [InlineData("Persn")]
    [InlineData("(uint8,bool)")]
    [InlineData("uint8[0]")]
    [InlineData("uint8[01]")]
    [InlineData("uint8[")]
    [InlineData("uint8]")]
    [InlineData("fixed128x18")]
    public void UnknownOrMalformedFieldType_throws(string type) =>
        Assert.Contains("M.v", Fails(() => Single(type, 1)), StringComparison.Ordinal);

    [Theory]
    [InlineData("uint8", 256)]
    [InlineData("uint8", -1)]
    [InlineData("int8", 128)]
    [InlineData("int8", "-129")]
    [InlineData("uint256", "1.5")]
    [InlineData("uint256", "1e3")]
    [InlineData("uint256", "0x")]
    [InlineData("uint256", "0xg1")]
    [InlineData("uint256", "")]
    [InlineData("bool", "true")]
    [InlineData("bool", 1)]
    [InlineData("address", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827")]
    [InlineData("address", "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd8")]
    [InlineData("address", 10)]
    [InlineData("bytes2", "0x01")]
    [InlineData("bytes2", "0x010203")]
    [InlineData("bytes", "hello")]
    [InlineData("bytes", "0x123")]
    [InlineData("string", 10)]
    [InlineData("uint8[]", "[1]")]
    [InlineData("Missing", null)]
    public void ValueThatDoesNotFitItsType_throws(string type, object? value) =>
        Assert.Throws<Eip712Exception>(() => Single(type, value));

    [Theory]
    [InlineData("uint8", "255")]
    [InlineData("uint8", "0xff")]
    [InlineData("int8", "-128")]
    [InlineData("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819968")]
    [InlineData("address", "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")]
    [InlineData("address", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")]
    [InlineData("bytes2", "0x0102")]
    [InlineData("bytes", "0x")]
    public void TextForms_ofAtomicValues_areAccepted(string type, string value) =>
        Assert.Equal(32, Single(type, value).Digest().Length);

    [Fact]
    public void LoneSurrogate_inString_throws() =>
        Assert.Contains("surrogate", Fails(() => Single("string", "a\ud800")), StringComparison.Ordinal);

    [Fact]
    public void TextAndTypedForms_hashTheSame()
    {
        Assert.Equal(Single("uint256", "0x10").HashStruct(), Single("uint256", new BigInteger(16)).HashStruct());
        Assert.Equal(Single("int16", "-2").HashStruct(), Single("int16", -2).HashStruct());
        Assert.Equal(Single("bytes", "0xabcd").HashStruct(), Single("bytes", new byte[] { 0xab, 0xcd }).HashStruct());
        Assert.Equal(
            Single("address", "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826").HashStruct(),
            Single("address", Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")).HashStruct());
    }

    [Fact]
    public void MissingField_andUndeclaredField_throw()
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [new("a", "uint8"), new("b", "string")] };
        Assert.Contains("M.b: missing", Fails(() => new TypedData(types, "M", Domain, new Dictionary<string, object?> { ["a"] = 1 })), StringComparison.Ordinal);
        Assert.Contains("'c' is not a field", Fails(() => new TypedData(types, "M", Domain, new Dictionary<string, object?> { ["a"] = 1, ["b"] = "", ["c"] = 2 })), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorPath_namesNestedArrayElements()
    {
        var json = Eip712VectorTests.MailV4Json.Replace("0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57", "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa58", StringComparison.Ordinal);
        Assert.StartsWith("Mail.to[0].wallets[1]:", Fails(() => TypedData.FromJson(json)), StringComparison.Ordinal);
    }

    [Fact]
    public void FixedArray_wrongLength_throws_andMultiDimensionalArraysHash()
    {
        int[] two = [1, 2];
        Assert.Contains("needs 3 elements", Fails(() => Single("uint8[3]", two)), StringComparison.Ordinal);
        object[] grid = [new[] { 1, 2 }, new[] { 3, 4 }, new[] { 5, 6 }];
        var digest = Single("uint8[2][3]", grid).Digest();
        Assert.NotEqual(digest, Single("uint8[2][]", grid).Digest());
        Assert.Throws<Eip712Exception>(() => Single("uint8[3][2]", grid));
    }

    [Fact]
    public void BadTypeDefinitions_throw()
    {
        Eip712Domain domain = Domain;
        Dictionary<string, object?> empty = [];
        Assert.Throws<Eip712Exception>(() => new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [new("a", "uint8"), new("a", "bool")] }, "M", domain, empty));
        Assert.Throws<Eip712Exception>(() => new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [new("a b", "uint8")] }, "M", domain, empty));
        Assert.Throws<Eip712Exception>(() => new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["uint8"] = [new("a", "bool")] }, "uint8", domain, empty));
        Assert.Throws<Eip712Exception>(() => new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M(x)"] = [] }, "M(x)", domain, empty));
        Assert.Contains("primaryType", Fails(() => new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [] }, "N", domain, empty)), StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredDomainType_mustMatchTheDomain()
    {
        var domain = new Eip712Domain { Name = "n", Version = "1" };
        var wrongOrder = new Dictionary<string, IReadOnlyList<TypedDataField>>
        {
            ["EIP712Domain"] = [new("version", "string"), new("name", "string")],
            ["M"] = [],
        };
        Assert.Contains("EIP712Domain", Fails(() => new TypedData(wrongOrder, "M", domain, new Dictionary<string, object?>())), StringComparison.Ordinal);

        var extraValue = Eip712VectorTests.MailJson.Replace("\"chainId\": 1,", "\"chainId\": 1, \"salt\": \"0x" + new string('0', 64) + "\",", StringComparison.Ordinal);
        Assert.Contains("EIP712Domain", Fails(() => TypedData.FromJson(extraValue)), StringComparison.Ordinal);
    }

    [Fact]
    public void DomainSeparator_coversOnlyTheSetFields()
    {
        // No EIP712Domain declared: it is derived from the set fields, here chainId alone.
        var data = Single("bool", true);
        Assert.Equal([new TypedDataField("name", "string"), new TypedDataField("chainId", "uint256")], data.Types["EIP712Domain"]);
        var expected = Keccak.Hash([.. Keccak.HashUtf8("EIP712Domain(string name,uint256 chainId)"), .. Keccak.HashUtf8("EcoValue"), .. Hex.Decode("0x" + "7a69".PadLeft(64, '0'))]);
        Assert.Equal(Hex.Encode(expected), Hex.Encode(data.DomainSeparator()));

        var empty = new TypedData(new Dictionary<string, IReadOnlyList<TypedDataField>> { ["M"] = [] }, "M", new Eip712Domain(), new Dictionary<string, object?>());
        Assert.Equal(Keccak.Hash(Keccak.HashUtf8("EIP712Domain()")), empty.DomainSeparator()); // hashStruct = keccak(typeHash ‖ nothing)
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"types":{},"primaryType":"M","domain":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{},"message":{},"extra":1}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{"chain":1},"message":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{"chainId":"-1"},"message":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{"chainId":1.5},"message":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{"salt":"0x01"},"message":{}}""")]
    [InlineData("""{"types":{"M":[{"name":"a","type":"uint8"}]},"primaryType":"M","domain":{},"message":{"a":1,"a":2}}""")]
    [InlineData("""{"types":{"M":[{"name":"a","type":"uint8"}]},"primaryType":"M","domain":{},"message":{"a":1.0}}""")]
    [InlineData("""{"types":{"M":[{"name":"a","type":"uint8","extra":1}]},"primaryType":"M","domain":{},"message":{"a":1}}""")]
    [InlineData("""{"types":{"M":[{"name":"a"}]},"primaryType":"M","domain":{},"message":{"a":1}}""")]
    [InlineData("""{"types":{"M":{}},"primaryType":"M","domain":{},"message":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":7,"domain":{},"message":{}}""")]
    [InlineData("""{"types":{"M":[]},"primaryType":"M","domain":{},"message":[]}""")]
    public void MalformedJson_throws(string json) =>
        Assert.Throws<Eip712Exception>(() => TypedData.FromJson(json));

    [Fact]
    public void Json_chainIdAsHexOrDecimalText_isAccepted()
    {
        var hex = TypedData.FromJson(Eip712VectorTests.MailJson.Replace("\"chainId\": 1,", "\"chainId\": \"0x1\",", StringComparison.Ordinal));
        var text = TypedData.FromJson(Eip712VectorTests.MailJson.Replace("\"chainId\": 1,", "\"chainId\": \"1\",", StringComparison.Ordinal));
        Assert.Equal(TypedData.FromJson(Eip712VectorTests.MailJson).Digest(), hex.Digest());
        Assert.Equal(hex.Digest(), text.Digest());
    }

    [Fact]
    public void ToJson_roundTripsToTheSameDigest()
    {
        var original = TypedData.FromJson(Eip712VectorTests.MailV4Json);
        var again = TypedData.FromJson(original.ToJson());
        Assert.Equal(original.Digest(), again.Digest());

        var big = Single("int256[]", new object[] { -(BigInteger.One << 255), BigInteger.One << 60, -5 });
        var json = big.ToJson();
        Assert.Contains("\"-57896044618658097711785492504343953926634992332820282019728792003956564819968\"", json, StringComparison.Ordinal);
        Assert.Contains(",-5]", json, StringComparison.Ordinal);
        Assert.Equal(big.Digest(), TypedData.FromJson(json).Digest());
    }

    [Fact]
    public void CyclicValueGraph_builtInCode_throwsInsteadOfOverflowingTheStack()
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>> { ["Node"] = [new("next", "Node")] };
        var node = new Dictionary<string, object?>();
        node["next"] = node;
        Assert.Contains("deeper", Fails(() => new TypedData(types, "Node", Domain, node)), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_fromRawParts_requires32Bytes() =>
        Assert.Throws<Eip712Exception>(() => Eip712Signer.Hash(new byte[31], new byte[32]));
}
