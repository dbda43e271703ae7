using System.Globalization;
using System.Numerics;
using System.Text.Json;
using EcoValue.Ethereum.Rlp;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests;

/// <summary>ethereum/tests RLPTests/rlptest.json (valid) and RLPTests/invalidRLPTest.json (must be rejected).</summary>
public class RlpVectorTests
{
    private static List<(string Name, JsonElement In, string Out)> Vectors(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Requirements.Vector(file)));
        return [.. doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("in").Clone(), p.Value.GetProperty("out").GetString()!))];
    }

    /// <summary>The file's "in" notation: strings are raw bytes (UTF-8), "#123…" a big integer, numbers integers, arrays lists.</summary>
    private static RlpItem ToItem(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString()!.StartsWith('#') =>
            RlpItem.FromUInt(BigInteger.Parse(value.GetString()![1..], CultureInfo.InvariantCulture)),
        JsonValueKind.String => RlpItem.FromUtf8(value.GetString()!),
        JsonValueKind.Number => RlpItem.FromUInt(value.GetUInt64()),
        JsonValueKind.Array => RlpItem.List(value.EnumerateArray().Select(ToItem)),
        _ => throw new InvalidOperationException($"unexpected vector input {value}"),
    };

    [Fact]
    public void ValidVectors_encodeExactly_andDecodeToSameStructure()
    {
        var vectors = Vectors("ethereum/RLPTests_rlptest.json");
        foreach (var (name, input, output) in vectors)
        {
            var item = ToItem(input);
            var expected = Hex.Decode(output);
            Assert.True(expected.AsSpan().SequenceEqual(RlpEncoder.Encode(item)), $"{name}: encode gave {Hex.Encode(RlpEncoder.Encode(item))}, want {output}");
            Assert.Equal(expected.Length, item.EncodedLength);

            var decoded = RlpDecoder.Decode(expected);
            Assert.True(item.Equals(decoded), $"{name}: decoded {decoded}, want {item}");
            Assert.Equal(expected, RlpEncoder.Encode(decoded));

            // Integer vectors also read back through the strict scalar helpers.
            if (input.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(input.GetUInt64(), decoded.AsUInt64());
                Assert.Equal(expected, RlpEncoder.EncodeUInt(input.GetUInt64()));
            }
            else if (input.ValueKind == JsonValueKind.String && input.GetString()!.StartsWith('#'))
            {
                var big = BigInteger.Parse(input.GetString()![1..], CultureInfo.InvariantCulture);
                Assert.Equal(big, decoded.AsBigInteger(maxBytes: 64));
                Assert.Equal(expected, RlpEncoder.EncodeUInt(big));
            }
        }

        Assert.Equal(28, vectors.Count); // every entry of the file, none skipped
    }

    [Fact]
    public void InvalidVectors_areRejected_withRlpException()
    {
        var vectors = Vectors("ethereum/RLPTests_invalidRLPTest.json");
        foreach (var (name, input, output) in vectors)
        {
            Assert.Equal("INVALID", input.GetString());
            var bytes = Hex.Decode(output);
            var ex = Record.Exception(() => RlpDecoder.Decode(bytes));
            Assert.True(ex is RlpException, $"{name} ({output}): expected RlpException, got {(ex is null ? "success" : ex.GetType().Name + ": " + ex.Message)}");
        }

        Assert.Equal(26, vectors.Count);
    }
}
