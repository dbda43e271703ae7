using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Identifiers;

public class GtinTests
{
    /// <summary>Published GTINs in every accepted length, with the 14-digit form each normalises to.</summary>
    public static TheoryData<string, string> Published => new()
    {
        // GS1's own example GTIN, in GS1 Digital Link examples as https://id.gs1.org/01/09506000134352, and as GTIN-13.
        { "09506000134352", "09506000134352" },
        { "9506000134352", "09506000134352" },
        // GS1 General Specifications' example GTIN (01)09501101530003, as GTIN-14 and GTIN-13.
        { "09501101530003", "09501101530003" },
        { "9501101530003", "09501101530003" },
        // GS1 US examples use company prefix 0614141: GTIN-12 614141123452 (UPC-A), the same as GTIN-13 and GTIN-14.
        { "614141123452", "00614141123452" },
        { "0614141123452", "00614141123452" },
        { "00614141123452", "00614141123452" },
        // GS1 India's check digit example, http://www.gs1india.org/SERV/checkdgt.htm: 890 4000 21003 7.
        { "8904000210037", "08904000210037" },
        // Wikipedia "International Article Number": EAN-13 4006381333931. "Universal Product Code": UPC-A 036000291452.
        { "4006381333931", "04006381333931" },
        { "036000291452", "00036000291452" },
        // Wikipedia "EAN-8": 96385074.
        { "96385074", "00000096385074" },
        // Constructed: GS1's example item with packaging indicator 1 (a case of 09506000134352); check digit by the oracle.
        { "19506000134359", "19506000134359" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_published_gtin_normalises_to_14_digits(string input, string expected)
    {
        var gtin = Gtin.Parse(input);

        Assert.Equal(expected, gtin.Value);
        Assert.Equal(expected, gtin.ToString());
        Assert.Equal(14, gtin.Value.Length);
        Assert.True(Gtin.TryParse(input, out var tried));
        Assert.Equal(gtin, tried);
    }

    [Fact]
    public void Constructed_case_gtin_has_oracle_check_digit()
    {
        Assert.Equal('9', Gs1CheckDigitTests.Oracle("1950600013435"));
    }

    /// <summary>Every wrong last digit of a few published GTINs of each length.</summary>
    public static TheoryData<string, char> WrongCheckDigits
    {
        get
        {
            var data = new TheoryData<string, char>();
            foreach (var valid in new[] { "09506000134352", "9506000134352", "614141123452", "96385074", "4006381333931" })
            {
                foreach (var digit in "0123456789")
                {
                    if (digit != valid[^1])
                    {
                        data.Add(valid[..^1] + digit, valid[^1]);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WrongCheckDigits))]
    public void Parse_wrong_check_digit_says_which_digit_it_should_be(string input, char expected)
    {
        var error = Rejection.Of(() => Gtin.Parse(input), "gtin.check_digit");

        Assert.Contains($"should be {expected}, not {input[^1]}", error.En, StringComparison.Ordinal);
        Assert.Contains($"应为 {expected}，而不是 {input[^1]}", error.Zh, StringComparison.Ordinal);
        Assert.False(Gtin.TryParse(input, out var result));
        Assert.Null(result);
    }

    /// <summary>Weights 1 and 3 are both prime to 10, so every single mistyped digit changes the check.</summary>
    public static TheoryData<int> Gtin13Positions => new(Enumerable.Range(0, 12));

    [Theory]
    [MemberData(nameof(Gtin13Positions))]
    public void Parse_any_single_mistyped_digit_is_rejected(int position)
    {
        const string Valid = "9506000134352";
        foreach (var digit in "0123456789")
        {
            if (digit == Valid[position])
            {
                continue;
            }

            var typo = string.Concat(Valid.AsSpan(0, position), [digit], Valid.AsSpan(position + 1));
            Rejection.Of(() => Gtin.Parse(typo), "gtin.check_digit");
        }
    }

    /// <summary>Swapping neighbours a,b is caught unless |a−b| = 5, the known blind spot of the 3-1 weights.</summary>
    [Theory]
    [InlineData("09506000134352")]
    [InlineData("4006381333931")]
    [InlineData("614141123452")]
    public void Parse_adjacent_transposition_is_rejected_unless_digits_differ_by_five(string valid)
    {
        for (var i = 0; i + 1 < valid.Length; i++)
        {
            var (a, b) = (valid[i], valid[i + 1]);
            if (a == b)
            {
                continue;
            }

            var swapped = string.Concat(valid.AsSpan(0, i), [b, a], valid.AsSpan(i + 2));
            Assert.True(Math.Abs(a - b) != 5 == !Gtin.TryParse(swapped, out _), $"{valid}: swapping positions {i + 1} and {i + 2} gave {swapped}");
        }
    }

    [Fact]
    public void Parse_random_valid_gtins_of_each_length_normalise_and_round_trip()
    {
        const int Seed = 46_0100;
        var random = new Random(Seed);
        int[] lengths = [8, 12, 13, 14];
        for (var n = 0; n < 2000; n++)
        {
            var length = lengths[n % lengths.Length];
            var body = new string([.. Enumerable.Range(0, length - 1).Select(_ => (char)('0' + random.Next(10)))]);
            var text = body + Gs1CheckDigitTests.Oracle(body);
            if (text.All(c => c == '0'))
            {
                continue;
            }

            var gtin = Gtin.Parse(text);

            Assert.True(gtin.Value == text.PadLeft(14, '0'), $"seed {Seed}, case {n}: {text} -> {gtin.Value}");
            Assert.Equal(gtin, Gtin.Parse(gtin.Value));
        }
    }

    [Theory]
    [InlineData(null, "gtin.required")]
    [InlineData("", "gtin.required")]
    [InlineData("1234567", "gtin.length")]
    [InlineData("950600013", "gtin.length")]
    [InlineData("9506000134", "gtin.length")]
    [InlineData("95060001343", "gtin.length")]
    [InlineData("009506000134352", "gtin.length")]
    [InlineData(" 9506000134352", "gtin.character")]
    [InlineData("9506000134352 ", "gtin.character")]
    [InlineData("950600 0134352", "gtin.character")]
    [InlineData("9506000134352\n", "gtin.character")]
    [InlineData("\t9506000134352", "gtin.character")]
    [InlineData("\u00A09506000134352", "gtin.character")]
    [InlineData("\u30009506000134352", "gtin.character")]
    [InlineData("\uFEFF9506000134352", "gtin.character")]
    [InlineData("9506000\u200B134352", "gtin.character")]
    [InlineData("9506000134352\0", "gtin.character")]
    [InlineData("+9506000134352", "gtin.character")]
    [InlineData("-9506000134352", "gtin.character")]
    [InlineData("9506000134352.0", "gtin.character")]
    [InlineData("9.506000134352E12", "gtin.character")]
    [InlineData("9506-0001-34352", "gtin.character")]
    [InlineData("0x9506000134352", "gtin.character")]
    [InlineData("950600013435O", "gtin.character")]
    [InlineData("９５０６０００１３４３５２", "gtin.character")]
    [InlineData("950600013435２", "gtin.character")]
    [InlineData("٩٥٠٦٠٠٠١٣٤٣٥٢", "gtin.character")]
    [InlineData("۹۵۰۶۰۰۰۱۳۴۳۵۲", "gtin.character")]
    [InlineData("९५०६०००१३४३५२", "gtin.character")]
    [InlineData("950600013435\U0001D7D0", "gtin.character")] // MATHEMATICAL BOLD DIGIT TWO
    [InlineData("9506000134352\U0001F600", "gtin.character")]
    [InlineData("00000000", "gtin.zero")]
    [InlineData("000000000000", "gtin.zero")]
    [InlineData("0000000000000", "gtin.zero")]
    [InlineData("00000000000000", "gtin.zero")]
    [InlineData("9506000134353", "gtin.check_digit")]
    public void Parse_malformed_input_is_rejected_with_its_code(string? input, string code)
    {
        Rejection.Of(() => Gtin.Parse(input), code);
        Assert.False(Gtin.TryParse(input, out var result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData(" 9506000134352", "Character 1 is a space", "第 1 个字符是空格")]
    [InlineData("9506000134352 ", "Character 14 is a space", "第 14 个字符是空格")]
    [InlineData("\u30009506000134352", "full-width space (U+3000)", "全角空格")]
    [InlineData("950600013435O", "Character 13 is 'O'; a GTIN has the digits 0–9 only, with no spaces or other characters. Is it the digit 0?", "第 13 个字符是“O”；GTIN 只能包含半角数字 0–9，不能有空格或其他字符。是否应为数字 0？")]
    [InlineData("９５０６０００１３４３５２", "Character 1 is '９' (U+FF19), a full-width character (switch the input method to half-width);", "第 1 个字符是“９”（U+FF19），是全角字符（请切换到半角输入）")]
    [InlineData("٩٥٠٦٠٠٠١٣٤٣٥٢", "Character 1 is '٩' (U+0669), a digit from another script;", "是其他文字的数字")]
    [InlineData("9506000134352\U0001F600", "Character 14 is '\U0001F600' (U+1F600)", "第 14 个字符")]
    [InlineData("9506000134352\0", "the invisible character U+0000", "不可见字符 U+0000")]
    [InlineData("009506000134352", "this one has 15 characters", "这里有 15 个字符")]
    public void Parse_error_message_names_the_problem_in_both_languages(string input, string en, string zh)
    {
        var error = Assert.Single(Assert.Throws<DomainValidationException>(() => Gtin.Parse(input)).Errors);

        Assert.Contains(en, error.En, StringComparison.Ordinal);
        Assert.Contains(zh, error.Zh, StringComparison.Ordinal);
    }

    // Built at run time: attribute arguments are stored as UTF-8, which would turn a lone surrogate into U+FFFD.
    [Theory]
    [InlineData('\uD800', 0)]
    [InlineData('\uDFFF', 0)]
    [InlineData('\uD83D', 5)]
    public void Parse_lone_surrogate_is_named_by_code_point(char surrogate, int position)
    {
        var input = "9506000134352".Insert(position, surrogate.ToString());

        var error = Rejection.Of(() => Gtin.Parse(input), "gtin.character");

        var code = $"U+{(int)surrogate:X4}";
        Assert.Contains($"Character {position + 1} is {code} (half of a broken surrogate pair)", error.En, StringComparison.Ordinal);
        Assert.Contains(code, error.Zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('9')]
    [InlineData('x')]
    public void Parse_one_megabyte_string_is_rejected_on_length(char fill)
    {
        var huge = new string(fill, 1 << 20);

        var error = Rejection.Of(() => Gtin.Parse(huge), "gtin.length");

        Assert.Contains("1048576", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_compares_normalised_value()
    {
        var a = Gtin.Parse("9506000134352");
        var b = Gtin.Parse("09506000134352");
        var c = Gtin.Parse("614141123452");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.Single(new HashSet<Gtin> { a, b });
    }

    [Fact]
    public void FieldErrors_Try_moves_error_under_the_callers_field()
    {
        var errors = new FieldErrors();

        var gtin = errors.Try("batches[2].gtin", () => Gtin.Parse("9506000134353"));

        Assert.Null(gtin);
        var error = Assert.Single(errors.All);
        Assert.Equal("batches[2].gtin", error.Field);
        Assert.Equal("gtin.check_digit", error.Code);
    }

    [Fact]
    public void IParsable_generic_parse_uses_the_same_rules()
    {
        Assert.Equal("09506000134352", ParseVia<Gtin>("9506000134352").Value);
        Assert.False(TryParseVia<Gtin>("9506000134353"));
        Assert.Throws<DomainValidationException>(() => ParseVia<Gtin>("x"));
    }

    internal static T ParseVia<T>(string s)
        where T : IParsable<T> => T.Parse(s, null);

    internal static bool TryParseVia<T>(string? s)
        where T : IParsable<T> => T.TryParse(s, null, out _);
}
