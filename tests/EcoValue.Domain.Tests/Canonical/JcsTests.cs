using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;

namespace EcoValue.Domain.Tests.Canonical;

public class JcsTests
{
    private static string Canon(string json) => Encoding.UTF8.GetString(Jcs.Canonicalize(json));

    private static string Canon(JsonNode? node) => Encoding.UTF8.GetString(Jcs.Canonicalize(node));

    [Fact]
    public void Canonicalize_control_characters_use_short_escapes_or_lower_case_u00xx()
    {
        var all = string.Concat(Enumerable.Range(0, 0x20).Select(i => (char)i));
        var expected = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"";

        Assert.Equal(expected, Canon(JsonValue.Create(all)));
    }

    [Fact]
    public void Canonicalize_leaves_del_line_separators_slash_and_astral_characters_literal()
    {
        Assert.Equal("\"\u007f\u2028\u2029/<>&'\U0001F600\U0010FFFF\"", Canon("\"\\u007f\\u2028\\u2029\\/<>&'\\ud83d\\ude00\\udbff\\udfff\""));
    }

    [Fact]
    public void Canonicalize_sorts_private_use_after_astral_because_order_is_utf16()
    {
        // UTF-16: D83D (emoji) < E000; UTF-8 would put EE 80 80 before F0 9F 98 80.
        Assert.Equal("{\"\U0001F600\":2,\"\uE000\":1}", Canon("{\"\\ue000\":1,\"\\ud83d\\ude00\":2}"));
    }

    [Fact]
    public void Canonicalize_ignores_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // de-DE writes 4,5 and sorts "ä" with "a"; sv-SE sorts "aa" after "z"; neither may leak in.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("{\"b\":4.5,\"z\":1,\"ä\":[1.5e-7]}", Canon("{\"ä\":[15e-8],\"z\":1,\"b\":4.50}"));
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Assert.Equal("{\"aa\":1,\"z\":2}", Canon("{\"z\":2,\"aa\":1}"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("1e-400", "0")] // underflows to zero, as JSON.parse does
    [InlineData("12345678901234567890", "12345678901234567000")] // beyond 2^53: the nearest double
    [InlineData("1E21", "1e+21")]
    [InlineData("999999999999999999999", "1e+21")]
    [InlineData("100000000000000000000", "100000000000000000000")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("123e-20", "1.23e-18")]
    [InlineData("-1.5E+300", "-1.5e+300")]
    [InlineData("0.1", "0.1")]
    [InlineData("10.50", "10.5")]
    [InlineData("2.2250738585072014e-308", "2.2250738585072014e-308")]
    public void Canonicalize_numbers_as_ecmascript(string json, string expected)
    {
        Assert.Equal(expected, Canon(json));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1.8e308")]
    [InlineData("[1,2,1e309]")]
    public void Canonicalize_number_beyond_double_range_throws(string json)
    {
        var e = Assert.Throws<JcsException>(() => Jcs.Canonicalize(json));
        Assert.Contains("double range", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Canonicalize_node_with_nan_or_infinity_throws(double value)
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(new JsonArray(JsonValue.Create(value))));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(new JsonArray(JsonValue.Create((float)value))));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"a\\udc00b\"")]
    [InlineData("\"\\ude00\\ud83d\"")]
    [InlineData("{\"\\ud800\":1}")]
    [InlineData("[\"ok\",{\"k\":\"\\udbff\"}]")]
    public void Canonicalize_escaped_lone_surrogate_throws(string json)
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(json));
    }

    [Fact]
    public void Canonicalize_node_with_lone_surrogate_throws()
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(JsonValue.Create("a\uD800")));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(new JsonObject { ["\uDC00"] = 1 }));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(JsonValue.Create('\uD800')));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize("\"\uD800\""));
    }

    [Fact]
    public void Canonicalize_invalid_utf8_throws()
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize([0x22, 0xED, 0xA0, 0x80, 0x22])); // encoded surrogate
        Assert.Throws<JcsException>(() => Jcs.Canonicalize([0x22, 0xC0, 0x80, 0x22])); // overlong
        Assert.Throws<JcsException>(() => Jcs.Canonicalize([0x22, 0xFF, 0x22]));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":1,\"b\":{\"x\":1,\"\\u0078\":2}}")] // equal after unescaping
    public void Canonicalize_duplicate_member_names_throw(string json)
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(json));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(JsonNode.Parse(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("// c\n1")]
    [InlineData("{'a':1}")]
    [InlineData("NaN")]
    [InlineData("01")]
    [InlineData("1 2")]
    [InlineData("\uFEFF1")]
    public void Canonicalize_text_that_is_not_json_throws(string json)
    {
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(json));
    }

    [Fact]
    public void Canonicalize_depth_limit_matches_parser_limit()
    {
        var ok = new string('[', Jcs.MaxDepth) + new string(']', Jcs.MaxDepth);
        var deep = new string('[', Jcs.MaxDepth + 1) + new string(']', Jcs.MaxDepth + 1);

        Assert.Equal(ok, Canon(ok));
        Assert.Throws<JcsException>(() => Jcs.Canonicalize(deep));

        JsonNode node = new JsonArray();
        for (var i = 0; i < Jcs.MaxDepth; i++)
        {
            node = new JsonArray(node);
        }

        Assert.Throws<JcsException>(() => Jcs.Canonicalize(node));
    }

    [Fact]
    public void Canonicalize_node_primitives_as_their_json_text()
    {
        var node = new JsonObject
        {
            ["long"] = 9007199254740993L, // text 9007199254740993 -> double 9007199254740992
            ["ulong"] = ulong.MaxValue,
            ["decimal"] = 0.1m,
            ["float"] = 0.1f, // text "0.1", not the double 0.10000000149011612
            ["int"] = -7,
            ["bool"] = true,
            ["null"] = null,
            ["char"] = 'x',
            ["date"] = new DateTime(2025, 3, 1, 8, 30, 0, DateTimeKind.Utc),
            ["nested"] = new JsonArray(1, "two", new JsonObject()),
        };

        Assert.Equal(
            "{\"bool\":true,\"char\":\"x\",\"date\":\"2025-03-01T08:30:00Z\",\"decimal\":0.1,\"float\":0.1,\"int\":-7,"
            + "\"long\":9007199254740992,\"nested\":[1,\"two\",{}],\"null\":null,\"ulong\":18446744073709552000}",
            Canon(node));
    }

    [Fact]
    public void Canonicalize_element_node_and_text_agree()
    {
        const string json = "{ \"b\" : [ 1.0, \"\\u00e9\", null ], \"a\" : { \"y\" : false, \"x\" : 1e2 } }";
        using var document = JsonDocument.Parse(json);

        var fromText = Jcs.Canonicalize(json);

        Assert.Equal("{\"a\":{\"x\":100,\"y\":false},\"b\":[1,\"é\",null]}", Encoding.UTF8.GetString(fromText));
        Assert.Equal(fromText, Jcs.Canonicalize(document.RootElement));
        Assert.Equal(fromText, Jcs.Canonicalize(JsonNode.Parse(json)));
        Assert.Equal(fromText, Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Canonicalize_is_idempotent()
    {
        var once = Jcs.Canonicalize("{\"z\":[3.0,{\"b\":\"\\n\",\"a\":-0}],\"\\u00e9\":1E-9}");

        Assert.Equal(once, Jcs.Canonicalize(once));
    }
}
