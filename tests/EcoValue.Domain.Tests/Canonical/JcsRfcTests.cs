using System.Text;
using EcoValue.Domain.Canonical;

namespace EcoValue.Domain.Tests.Canonical;

/// <summary>The examples of RFC 8785 and of its reference test data (github.com/cyberphone/json-canonicalization, testdata/).</summary>
public class JcsRfcTests
{
    private static string Canon(string json) => Encoding.UTF8.GetString(Jcs.Canonicalize(json));

    [Fact]
    public void Canonicalize_rfc8785_section_3_2_2_primitives_sample()
    {
        // RFC 8785 §3.2.2 (input and expected output of the serialization example).
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        Assert.Equal(expected, Canon(input));
    }

    [Fact]
    public void Canonicalize_rfc8785_section_3_2_3_sorts_by_utf16_code_units()
    {
        // RFC 8785 §3.2.3: the sorting example. U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16,
        // although its UTF-8 form (F0 ...) would sort after (EF ...).
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        const string expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
            + "\"€\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}";

        Assert.Equal(expected, Canon(input));
    }

    [Fact]
    public void Canonicalize_rfc8785_section_3_2_4_utf8_bytes()
    {
        // RFC 8785 §3.2.4: the UTF-8 generation example, byte for byte (no Unicode normalisation).
        var expected = Convert.FromHexString("7b22556e6e6f726d616c697a656420556e69636f6465223a2241cc8a227d");

        Assert.Equal(expected, Jcs.Canonicalize("{\"Unnormalized Unicode\":\"A\\u030a\"}"));
    }

    // RFC 8785 reference test data, testdata/input/*.json -> testdata/output/*.json (arrays, french, structures,
    // unicode, values, weird), written in as C# literals.
    [Theory]
    [InlineData("arrays", "[\n  56,\n  {\n    \"d\": true,\n    \"10\": null,\n    \"1\": [ ]\n  }\n]", "[56,{\"1\":[],\"10\":null,\"d\":true}]")]
    [InlineData("french", "{\n  \"peach\": \"This sorting order\",\n  \"péché\": \"is wrong according to French\",\n  \"pêche\": \"but canonicalization MUST\",\n  \"sin\":   \"ingnore locale\"\n}\n",
        "{\"peach\":\"This sorting order\",\"péché\":\"is wrong according to French\",\"pêche\":\"but canonicalization MUST\",\"sin\":\"ingnore locale\"}")]
    [InlineData("structures", "{\n  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0},\n  \"10\": { },\n  \"\": \"empty\",\n  \"a\": { },\n  \"111\": [ { } ],\n  \"A\": { }\n}",
        "{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],\"A\":{},\"a\":{}}")]
    [InlineData("unicode", "{\n  \"Unnormalized Unicode\":\"\\u1e0d\\u0307\"\n}\n", "{\"Unnormalized Unicode\":\"\u1e0d\u0307\"}")]
    [InlineData("values", "{\n  \"numbers\": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  \"escaping\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}",
        "{\"escaping\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"literals\":[null,true,false],\"numbers\":[1e+30,4.5,333333333.3333333,0.002,1e-27]}")]
    [InlineData("weird", "{\n  \"\\u20ac\": \"Euro Sign\",\n  \"1\": \"One\",\n  \"\\u0080\": \"Control\\u007f\",\n  \"\\ud83d\\ude02\": \"Smiley\",\n  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\",\n  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n  \"</script>\": \"Browser Challenge\"\n}\n",
        "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"\U0001F602\":\"Smiley\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}")]
    public void Canonicalize_reference_testdata_matches_expected_output(string name, string input, string expected)
    {
        Assert.True(expected == Canon(input), $"testdata {name}");
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisation.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")] // minus zero
    [InlineData(0x0000000000000001UL, "5e-324")] // smallest subnormal
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")] // largest double
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")] // 2^53
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")] // 2^68
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")] // round to even
    public void Format_rfc8785_appendix_b_numbers(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);

        Assert.Equal(expected, EcmaScriptNumber.Format(value));
        // The same through a JSON text: the shortest round-trip text parses back to the same double.
        Assert.Equal(expected, Canon(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0x7fffffffffffffffUL)] // NaN (Appendix B: no canonical form)
    [InlineData(0x7ff0000000000000UL)] // Infinity
    [InlineData(0xfff0000000000000UL)]
    public void Format_rfc8785_appendix_b_nan_and_infinity_throw(ulong bits)
    {
        Assert.Throws<JcsException>(() => EcmaScriptNumber.Format(BitConverter.UInt64BitsToDouble(bits)));
    }
}
