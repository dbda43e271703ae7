using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Identifiers;

public class CreditCodeTests
{
    private const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// GB 32100-2015's check character, computed independently of the library: the weights are the powers of 3 mod 31
    /// (the standard lists them as 1, 3, 9, 27, 19, 26, …), computed here rather than copied.
    /// </summary>
    private static char Oracle(string first17)
    {
        var sum = 0;
        var weight = 1;
        foreach (var c in first17)
        {
            sum += Charset.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>
    /// GB 11714's check on positions 9–17 (the organisation code), used only as evidence that a sample is a real,
    /// issued code: an invented 18-character string passes both checks one time in 341.
    /// </summary>
    private static bool OrganisationCodeChecks(string code)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = code[8 + i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10) * weights[i];
        }

        var check = (11 - (sum % 11)) % 11;
        return code[16] == (check == 10 ? 'X' : (char)('0' + check));
    }

    /// <summary>Codes published for real organisations, with the region part each carries.</summary>
    public static TheoryData<string, string> Published => new()
    {
        // Widely cited as the example of a valid code in explanations of GB 32100.
        { "91110000802100433B", "110000" },
        // 腾讯科技（深圳）有限公司, 华为技术有限公司, 小米科技有限责任公司, 阿里巴巴（中国）有限公司: printed on their business licences.
        { "9144030071526726XG", "440300" },
        { "914403001922038216", "440300" },
        { "91110108551385082Q", "110108" },
        { "91330100716105852F", "330100" },
        // Hainan. 中国移动通信集团海南有限公司, as quoted in public source code that special-cases its licence.
        { "91460000710920952X", "460000" },
        // Hainan codes of the post-2015 "MA" series as they appear in public repositories (company names not given).
        { "91460000MA5TKFKY8F", "460000" },
        { "91460000MABREYYR81", "460000" },
        { "91460000MAK5XJLE88", "460000" },
    };

    /// <summary>
    /// Constructed (no such organisations are known): Hainan county-level cooperatives and individual businesses, the
    /// producers this service registers, and a central-level registration (100000). Positions 9–17 satisfy GB 11714,
    /// and the check characters come from <see cref="Oracle"/>.
    /// </summary>
    public static TheoryData<string, string> Constructed => new()
    {
        { "93469025MA5TB00103", "469025" }, // farmers' cooperative, 白沙黎族自治县
        { "93469030MA5TD0038L", "469030" }, // farmers' cooperative, 琼中黎族苗族自治县
        { "93460200MA5TE00414", "460200" }, // farmers' cooperative, 三亚市
        { "92460400MA5TC00249", "460400" }, // individual business, 儋州市
        { "Y1460000MA5TF0055F", "460000" }, // registration authority Y (other)
        { "51100000500000007W", "100000" }, // civil affairs, central level
    };

    [Theory]
    [MemberData(nameof(Published))]
    [MemberData(nameof(Constructed))]
    public void Parse_valid_code_exposes_its_parts(string code, string region)
    {
        var parsed = CreditCode.Parse(code);

        Assert.Equal(code, parsed.Value);
        Assert.Equal(code, parsed.ToString());
        Assert.Equal(code[0], parsed.RegistrationAuthority);
        Assert.Equal(code[1], parsed.OrganisationCategory);
        Assert.Equal(region, parsed.RegionDigits);
        Assert.Equal(code[8..17], parsed.OrganisationCode);
        Assert.Equal(Oracle(code[..17]), code[17]);
        Assert.True(OrganisationCodeChecks(code));
        Assert.True(CreditCode.TryParse(code, out var tried));
        Assert.Equal(parsed, tried);
    }

    [Theory]
    [InlineData("91460000710920952X", "460000", true, "海南省", "Hainan")]
    [InlineData("93469025MA5TB00103", "469025", true, "白沙黎族自治县", "Baisha")]
    [InlineData("92460400MA5TC00249", "460400", true, "儋州市", "Danzhou")]
    [InlineData("91110000802100433B", "110000", false, "北京市", "Beijing")]
    [InlineData("914403001922038216", "440300", false, null, null)]
    public void RegionCode_is_the_division_of_positions_3_to_8(string code, string region, bool hainan, string? zh, string? en)
    {
        var parsed = CreditCode.Parse(code).RegionCode;

        Assert.NotNull(parsed);
        Assert.Equal(region, parsed.Value);
        Assert.Equal(hainan, parsed.IsHainan);
        Assert.Equal(zh, parsed.NameZh);
        Assert.Equal(en, parsed.NameEn);
    }

    [Fact]
    public void RegionCode_is_null_for_central_level_registration()
    {
        var parsed = CreditCode.Parse("51100000500000007W");

        Assert.Equal("100000", parsed.RegionDigits);
        Assert.Null(parsed.RegionCode);
    }

    [Theory]
    [InlineData("91460000ma5tkfky8f", "91460000MA5TKFKY8F")]
    [InlineData("9144030071526726xg", "9144030071526726XG")]
    [InlineData("91460000710920952x", "91460000710920952X")]
    public void Parse_lower_case_is_upper_cased(string input, string expected)
    {
        var parsed = CreditCode.Parse(input);

        Assert.Equal(expected, parsed.Value);
        Assert.Equal(CreditCode.Parse(expected), parsed);
    }

    /// <summary>Every wrong check character of a few codes: all 30 others.</summary>
    public static TheoryData<string, char> WrongCheckCharacters
    {
        get
        {
            var data = new TheoryData<string, char>();
            foreach (var valid in new[] { "91110000802100433B", "91460000710920952X", "93469025MA5TB00103" })
            {
                foreach (var c in Charset)
                {
                    if (c != valid[17])
                    {
                        data.Add(valid[..17] + c, valid[17]);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WrongCheckCharacters))]
    public void Parse_wrong_check_character_says_which_it_should_be(string input, char expected)
    {
        var error = Rejection.Of(() => CreditCode.Parse(input), "credit_code.check_character");

        Assert.Contains($"should be {expected}, not {input[17]}", error.En, StringComparison.Ordinal);
        Assert.Contains($"应为 {expected}，而不是 {input[17]}", error.Zh, StringComparison.Ordinal);
        Assert.False(CreditCode.TryParse(input, out var result));
        Assert.Null(result);
    }

    /// <summary>31 is prime and no weight is 0 mod 31, so every single substitution changes the check.</summary>
    public static TheoryData<int> Positions => new(Enumerable.Range(0, 17));

    [Theory]
    [MemberData(nameof(Positions))]
    public void Parse_any_single_mistyped_character_is_rejected(int position)
    {
        const string Valid = "91460000MA5TKFKY8F";
        foreach (var c in Charset)
        {
            if (c == Valid[position])
            {
                continue;
            }

            var typo = string.Concat(Valid.AsSpan(0, position), [c], Valid.AsSpan(position + 1));
            var region = position is >= 2 and <= 7 && !char.IsAsciiDigit(c);
            Rejection.Of(() => CreditCode.Parse(typo), region ? "credit_code.region" : "credit_code.check_character");
        }
    }

    /// <summary>Neighbouring weights always differ mod 31 (and the check character's own weight is 1), so swaps are caught.</summary>
    [Theory]
    [InlineData("91460000MA5TKFKY8F")]
    [InlineData("9144030071526726XG")]
    [InlineData("93469030MA5TD0038L")]
    public void Parse_any_adjacent_transposition_is_rejected(string valid)
    {
        for (var i = 0; i + 1 < valid.Length; i++)
        {
            if (valid[i] != valid[i + 1])
            {
                var swapped = string.Concat(valid.AsSpan(0, i), [valid[i + 1], valid[i]], valid.AsSpan(i + 2));
                Assert.False(CreditCode.TryParse(swapped, out _), $"{valid}: swapping positions {i + 1} and {i + 2} gave {swapped}");
            }
        }
    }

    [Fact]
    public void Parse_random_codes_agree_with_independent_oracle()
    {
        const int Seed = 32100;
        var random = new Random(Seed);
        for (var n = 0; n < 2000; n++)
        {
            var chars = new char[17];
            for (var i = 0; i < 17; i++)
            {
                chars[i] = i is >= 2 and <= 7 ? (char)('0' + random.Next(10)) : Charset[random.Next(Charset.Length)];
            }

            var first17 = new string(chars);
            var check = Oracle(first17);
            var wrong = Charset[(Charset.IndexOf(check, StringComparison.Ordinal) + 1 + random.Next(30)) % 31];

            Assert.True(CreditCode.TryParse(first17 + check, out var parsed), $"seed {Seed}, case {n}: {first17}{check} rejected");
            Assert.Equal(first17 + check, parsed.Value);
            Assert.False(CreditCode.TryParse(first17 + wrong, out _), $"seed {Seed}, case {n}: {first17}{wrong} accepted");
        }
    }

    [Theory]
    [InlineData(null, "credit_code.required")]
    [InlineData("", "credit_code.required")]
    [InlineData("91460000710920952", "credit_code.length")]
    [InlineData("91460000710920952XX", "credit_code.length")]
    [InlineData("9146000071092095", "credit_code.length")]
    [InlineData(" 91460000710920952X", "credit_code.character")]
    [InlineData("91460000710920952X ", "credit_code.character")]
    [InlineData("9146000071092095 2X", "credit_code.character")]
    [InlineData("91460000-710920952X", "credit_code.character")]
    [InlineData("91460000710920952\u00A0", "credit_code.character")]
    [InlineData("914600007109209５2X", "credit_code.character")]
    [InlineData("91460000ＭA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000\u041CA5TKFKY8F", "credit_code.character")] // Cyrillic capital EM, looks like M
    [InlineData("91460000MA5TKFKY8\u0301F", "credit_code.character")]
    [InlineData("91460000IA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000OA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000SA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000VA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000ZA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000oA5TKFKY8F", "credit_code.character")]
    [InlineData("91460000MA5TKFKY8F\0", "credit_code.character")]
    [InlineData("9146000071092095２X", "credit_code.character")]
    [InlineData("91A60000710920952X", "credit_code.region")]
    [InlineData("914600M0710920952X", "credit_code.region")]
    [InlineData("91460000710920952Y", "credit_code.check_character")]
    public void Parse_malformed_input_is_rejected_with_its_code(string? input, string code)
    {
        Rejection.Of(() => CreditCode.Parse(input), code);
        Assert.False(CreditCode.TryParse(input, out var result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData("91460000OA5TKFKY8F", "Character 9 is 'O'; a unified social credit code never uses the letters I, O, S, V or Z. Is it the digit 0?", "第 9 个字符是“O”；统一社会信用代码不使用字母 I、O、S、V、Z。是否应为数字 0？")]
    [InlineData("91460000iA5TKFKY8F", "Character 9 is 'i';", "是否应为数字 1？")]
    [InlineData("91460000MA5TKFKY8F\0", "Character 19 is the invisible character U+0000", "第 19 个字符是不可见字符 U+0000")]
    [InlineData("91460000ＭA5TKFKY8F", "Character 9 is 'Ｍ' (U+FF2D), a full-width character (switch the input method to half-width);", "是全角字符（请切换到半角输入）")]
    [InlineData("91460000\u041CA5TKFKY8F", "Character 9 is 'М' (U+041C), a letter from another alphabet (it may look like a Latin one);", "第 9 个字符是“М”（U+041C），是其他文字的字母")]
    [InlineData("91460000VA5TKFKY8F", "Character 9 is 'V'; a unified social credit code never uses the letters I, O, S, V or Z.", "不使用字母 I、O、S、V、Z。")]
    [InlineData("9146000071092095 2X", "Character 17 is a space", "第 17 个字符是空格")]
    [InlineData("91A60000710920952X", "Characters 3–8 of a unified social credit code are the registering authority's administrative division code and are digits; character 3 is 'A'.", "第 3 位是“A”")]
    [InlineData("91460000710920952", "has 18 characters; this one has 17", "这里有 17 个字符")]
    [InlineData("91460000710920952y", "should be X, not Y", "应为 X，而不是 Y")]
    public void Parse_error_message_names_the_problem_in_both_languages(string input, string en, string zh)
    {
        var error = Assert.Single(Assert.Throws<DomainValidationException>(() => CreditCode.Parse(input)).Errors);

        Assert.Contains(en, error.En, StringComparison.Ordinal);
        Assert.Contains(zh, error.Zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('9')]
    [InlineData('\u4E2D')]
    public void Parse_one_megabyte_string_is_rejected_on_length(char fill)
    {
        var error = Rejection.Of(() => CreditCode.Parse(new string(fill, 1 << 20)), "credit_code.length");

        Assert.Contains("1048576", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_is_by_value_after_upper_casing()
    {
        var a = CreditCode.Parse("91460000MA5TKFKY8F");
        var b = CreditCode.Parse("91460000ma5tkfky8f");
        var c = CreditCode.Parse("91460000MAK5XJLE88");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void FieldErrors_Try_moves_error_under_the_callers_field()
    {
        var errors = new FieldErrors();

        errors.Try("producer.creditCode", () => CreditCode.Parse("91460000OA5TKFKY8F"));

        var error = Assert.Single(errors.All);
        Assert.Equal("producer.creditCode", error.Field);
        Assert.Equal("credit_code.character", error.Code);
    }

    [Fact]
    public void IParsable_generic_parse_uses_the_same_rules()
    {
        Assert.Equal("91460000MA5TKFKY8F", GtinTests.ParseVia<CreditCode>("91460000ma5tkfky8f").Value);
        Assert.False(GtinTests.TryParseVia<CreditCode>("91460000MA5TKFKY8X"));
    }
}
