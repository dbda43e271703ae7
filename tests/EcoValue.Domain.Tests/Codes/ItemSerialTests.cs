using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Codes;

/// <summary>
/// Issued serials: shape, alphabet, uniformity (chi-square per character position over 200,000 serials, with a bound
/// shown to catch a real bias), uniqueness, no sequence; the lenient reading of typed codes; the serial tree's values
/// against <c>cast keccak</c> and its root against @openzeppelin/merkle-tree.
/// </summary>
public class ItemSerialTests
{
    /// <summary>Crockford's base-32 symbols (crockford.com/base32.html), written out independently of the code under test.</summary>
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>
    /// χ² with 31 degrees of freedom has mean 31 and standard deviation 7.9; 100 is exceeded with probability about 10⁻⁹
    /// by a uniform source, so the test fails only on real bias (see <see cref="Chi_square_bound_catches_a_small_modulo_bias_and_a_constant"/>).
    /// </summary>
    private const double ChiSquareBound = 100;

    private const int Samples = 200_000;

    [Fact]
    public void Alphabet_is_crockford_base32_32_symbols_so_a_byte_masked_to_5_bits_has_no_modulo_bias()
    {
        Assert.Equal(Crockford, ItemSerial.Alphabet);
        Assert.Equal(32, ItemSerial.Alphabet.Length);
        Assert.Equal(32, ItemSerial.Alphabet.Distinct().Count());
        Assert.Equal(0, 256 % ItemSerial.Alphabet.Length);
        Assert.DoesNotContain(ItemSerial.Alphabet, c => c is 'I' or 'L' or 'O' or 'U');
        // Needs no percent-encoding in a link, and is QR alphanumeric-mode text (0-9, A-Z and " $%*+-./:").
        Assert.All(ItemSerial.Alphabet, c => Assert.True(char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)));
        Assert.Equal(13, ItemSerial.Length);
        Assert.True(ItemSerial.Length * 5 >= 64, "DESIGN.md asks for at least 64 bits");
    }

    [Fact]
    public void New_serials_have_the_issued_shape_and_are_valid_in_a_link_as_they_are()
    {
        var gtin = Gtin.Parse("09506000134352");
        for (var i = 0; i < 1000; i++)
        {
            var serial = ItemSerial.New();

            Assert.Equal(13, serial.Length);
            Assert.All(serial, c => Assert.Contains(c, Crockford));
            Assert.True(ItemSerial.IsIssuedShape(serial));
            var link = DigitalLink.ForItem(gtin, "L1", serial);
            Assert.EndsWith("/21/" + serial, link.Path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_hundred_thousand_serials_are_unique_uniform_in_every_position_and_not_sequential()
    {
        var serials = new string[Samples];
        for (var i = 0; i < Samples; i++)
        {
            serials[i] = ItemSerial.New();
        }

        Assert.Equal(Samples, serials.Distinct(StringComparer.Ordinal).Count());

        var statistics = ChiSquarePerPosition(serials);
        Assert.True(statistics.All(x => x < ChiSquareBound), "χ² per position: " + string.Join(", ", statistics.Select(x => x.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));

        // Never sequential: as base-32 numbers, no serial is within a million of the one issued before it (for 65-bit
        // random values that happens with probability ~ 2·10⁶/2⁶⁵ per pair).
        var close = 0;
        for (var i = 1; i < Samples; i++)
        {
            if (BigInteger.Abs(Value(serials[i]) - Value(serials[i - 1])) < 1_000_000)
            {
                close++;
            }
        }

        Assert.Equal(0, close);
    }

    [Fact]
    public void Chi_square_bound_catches_a_small_modulo_bias_and_a_constant()
    {
        // A plausible bug: bytes below 250 kept (rejection sampling against the wrong limit) and then taken mod 32, so
        // symbols 26..31 come up 7/8 as often as the others. The statistic must exceed the bound on the same sample size.
        var rng = new Random(42);
        var biased = new string[Samples];
        var chars = new char[ItemSerial.Length];
        for (var i = 0; i < Samples; i++)
        {
            for (var k = 0; k < chars.Length; k++)
            {
                int b;
                do
                {
                    b = rng.Next(256);
                }
                while (b >= 250);
                chars[k] = Crockford[b % 32];
            }

            biased[i] = new string(chars);
        }

        Assert.All(ChiSquarePerPosition(biased), x => Assert.True(x > ChiSquareBound, $"χ² {x} did not reveal the bias"));

        var constantFirst = biased.Select(s => "0" + s[1..]).ToArray();
        Assert.True(ChiSquarePerPosition(constantFirst)[0] > ChiSquareBound);
    }

    [Fact]
    public void Fill_writes_only_alphabet_symbols_for_any_length()
    {
        foreach (var length in new[] { 0, 1, 13, 64, 1000 })
        {
            var buffer = new char[length];
            ItemSerial.Fill(buffer);
            Assert.All(buffer, c => Assert.Contains(c, Crockford));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7KQ2M9XA3HDP")]
    [InlineData("7KQ2M9XA3HDPXX")]
    [InlineData("7kq2m9xa3hdpx")]
    [InlineData("7KQ2M-9XA3-HDPX")]
    [InlineData("IKQ2M9XA3HDPX")]
    [InlineData("LKQ2M9XA3HDPX")]
    [InlineData("OKQ2M9XA3HDPX")]
    [InlineData("UKQ2M9XA3HDPX")]
    [InlineData("\uFF17KQ2M9XA3HDPX")]
    public void IsIssuedShape_is_false_for_anything_but_13_alphabet_symbols(string? text)
    {
        Assert.False(ItemSerial.IsIssuedShape(text));
    }

    [Theory]
    [InlineData("7KQ2M9XA3HDPX", "7KQ2M9XA3HDPX")]
    [InlineData("7kq2m9xa3hdpx", "7KQ2M9XA3HDPX")]
    [InlineData("7KQ2M-9XA3-HDPX", "7KQ2M9XA3HDPX")]
    [InlineData(" 7kq2m 9xa3 hdpx ", "7KQ2M9XA3HDPX")]
    [InlineData("7KQ2M--9XA3 - HDPX", "7KQ2M9XA3HDPX")]
    [InlineData("O0I1L1o0i1l1X", "001111001111X")]
    [InlineData("\uFF17\uFF2B\uFF31\uFF12\uFF2D\uFF0D\uFF19\uFF38\uFF21\uFF13\u3000\uFF28\uFF24\uFF30\uFF38", "7KQ2M9XA3HDPX")]
    [InlineData("\uFF57\uFF4B\uFF51\uFF12\uFF4D9xa3hdpx", "WKQ2M9XA3HDPX")]
    public void NormaliseTyped_folds_case_separators_crockford_look_alikes_and_full_width_forms(string typed, string expected)
    {
        Assert.Equal(expected, ItemSerial.NormaliseTyped(typed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("7KQ2M9XA3HDP")]
    [InlineData("7KQ2M9XA3HDPXY")]
    [InlineData("7KQ2M9XA3HDPU")]
    [InlineData("7KQ2M9XA3HDP_")]
    [InlineData("7KQ2M\t9XA3HDPX")]
    [InlineData("7KQ2M9XA3HDP\u0131")] // Turkish dotless ı, which must not read as I and so as 1
    [InlineData("7KQ2M9XA3HDP\u017F")] // long ſ: the one non-ASCII character .NET upper-cases to ASCII ('S')
    [InlineData("7KQ2M9XA3HDP\u212A")] // Kelvin sign, a look-alike of 'K'
    [InlineData("7KQ2M9XA3HD\u0420X")] // Cyrillic Р
    [InlineData("7KQ2M9XA3HDP\uFF35")] // full-width U is still U
    [InlineData("7-K-Q-2-M-9-X-A-3-H-D-P-X-------------------")] // longer than 40 characters
    public void NormaliseTyped_returns_null_for_what_is_not_an_issued_serial(string? typed)
    {
        Assert.Null(ItemSerial.NormaliseTyped(typed));
    }

    [Fact]
    public void No_non_ascii_character_but_the_full_width_forms_is_read_as_a_symbol_or_a_separator()
    {
        for (var c = 0x80; c <= char.MaxValue; c++)
        {
            if (c is (>= 0xFF01 and <= 0xFF5E) or 0x3000)
            {
                continue;
            }

            var ch = (char)c;
            Assert.True(ItemSerial.NormaliseTyped("7KQ2M9XA3HDP" + ch) is null, $"U+{c:X4} read as a symbol");
            Assert.True(ItemSerial.NormaliseTyped("7KQ2M9" + ch + "XA3HDPX") is null, $"U+{c:X4} read as a separator");
        }
    }

    [Fact]
    public void Grouped_reads_back_through_NormaliseTyped_even_with_look_alikes_typed()
    {
        var rng = new Random(32);
        for (var i = 0; i < 2000; i++)
        {
            var serial = ItemSerial.New();
            var grouped = ItemSerial.Grouped(serial);

            Assert.Equal(15, grouped.Length);
            Assert.Equal(serial[..5] + "-" + serial[5..9] + "-" + serial[9..], grouped);
            Assert.Equal(serial, ItemSerial.NormaliseTyped(grouped));
            var typed = new StringBuilder();
            foreach (var c in grouped.ToLowerInvariant())
            {
                typed.Append(c switch
                {
                    '0' => rng.Next(2) == 0 ? 'o' : 'O',
                    '1' => "IiLl"[rng.Next(4)],
                    _ => c,
                });
            }

            Assert.Equal(serial, ItemSerial.NormaliseTyped(typed.ToString()));
        }

        Assert.Equal("7KQ2M-9XA3-HDPX", ItemSerial.Grouped("7KQ2M9XA3HDPX"));
        Assert.Equal("LOT/1", ItemSerial.Grouped("LOT/1"));
        Assert.Throws<ArgumentNullException>(() => ItemSerial.Grouped(null!));
    }

    [Fact]
    public async Task TreeValue_is_keccak256_of_the_utf8_serial_as_cast_computes_it()
    {
        var cast = Cast.Require();
        string[] serials = [ItemSerial.New(), ItemSerial.New(), ItemSerial.New(), "7KQ2M9XA3HDPX", "ABC123", "a/b%2F\"<>", "1"];

        var expected = await cast.RunManyAsync([.. serials.Select(s => new[] { "keccak", s })]);

        for (var i = 0; i < serials.Length; i++)
        {
            Assert.Equal(expected[i], Hex.Encode(ItemSerial.TreeValue(serials[i])));
            Assert.Equal(Keccak.Hash(Encoding.UTF8.GetBytes(serials[i])), ItemSerial.TreeValue(serials[i]));
        }
    }

    [Fact]
    public async Task BuildTree_root_and_dump_equal_openzeppelin_standard_merkle_tree()
    {
        Requirements.NodePackage("@openzeppelin/merkle-tree");
        int[] sizes = [1, 2, 3, 7, 64, 100, 1000];
        var sets = sizes.Select(n => Enumerable.Range(0, n).Select(_ => ItemSerial.New()).ToArray()).ToArray();
        var requests = sets.Select(serials => new JsonObject
        {
            ["op"] = "of",
            ["values"] = new JsonArray([.. serials.Select(s => (JsonNode)Hex.Encode(ItemSerial.TreeValue(s)))]),
        }.ToJsonString()).ToArray();

        var answers = await NodeScript.RunLinesAsync(OracleScripts.Path("merkle-lines.mjs"), requests, [RepoPaths.NodeModules]);

        for (var c = 0; c < sets.Length; c++)
        {
            using var answer = JsonDocument.Parse(answers[c]);
            Assert.False(answer.RootElement.TryGetProperty("error", out var error), error.ToString());
            var ozDump = answer.RootElement.GetProperty("dump").GetString()!;
            var tree = ItemSerial.BuildTree(sets[c]);

            Assert.Equal(ozDump, tree.Dump());
            Assert.Equal(StandardMerkleTree.Load(ozDump).RootHex, tree.RootHex);
            var i = c % sets[c].Length;
            Assert.True(StandardMerkleTree.Verify(tree.Root, ItemSerial.TreeValue(sets[c][i]), tree.GetProof(i)));
            Assert.False(StandardMerkleTree.Verify(tree.Root, ItemSerial.TreeValue(sets[c][i] + "0"), tree.GetProof(i)));
        }
    }

    [Fact]
    public void BuildTree_of_no_serials_is_refused()
    {
        Assert.Throws<MerkleTreeException>(() => ItemSerial.BuildTree([]));
    }

    private static double[] ChiSquarePerPosition(IReadOnlyList<string> serials)
    {
        var counts = new int[ItemSerial.Length, 32];
        foreach (var serial in serials)
        {
            for (var p = 0; p < ItemSerial.Length; p++)
            {
                counts[p, Crockford.IndexOf(serial[p], StringComparison.Ordinal)]++;
            }
        }

        var expected = serials.Count / 32.0;
        var result = new double[ItemSerial.Length];
        for (var p = 0; p < ItemSerial.Length; p++)
        {
            for (var s = 0; s < 32; s++)
            {
                var d = counts[p, s] - expected;
                result[p] += d * d / expected;
            }
        }

        return result;
    }

    private static BigInteger Value(string serial)
    {
        BigInteger v = 0;
        foreach (var c in serial)
        {
            v = (v * 32) + Crockford.IndexOf(c, StringComparison.Ordinal);
        }

        return v;
    }
}
