using System.Diagnostics.CodeAnalysis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// A 统一社会信用代码 (unified social credit code) as GB 32100-2015 defines it: 18 characters from
/// <c>0-9 A-Y</c> without I, O, S and V (Z is past Y): position 1 the registration authority (9 = market regulation),
/// 2 the organisation category, 3–8 the registering authority's GB/T 2260 administrative division code, 9–17 the
/// organisation code (GB 11714), 18 the check character, chosen so that value(c₁₈) + Σᵢ₌₁..₁₇ value(cᵢ)·wᵢ is a
/// multiple of 31, with wᵢ = 3ⁱ⁻¹ mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28).
/// </summary>
public sealed record CreditCode : IParsable<CreditCode>
{
    public const int Length = 18;

    /// <summary>GB 32100-2015 §4.2: the 31 characters, in value order (character i has value i).</summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private static readonly sbyte[] ValueOf = BuildValues();

    private CreditCode(string value)
    {
        Value = value;
        RegionCode = RegionCode.IsProvince(value[2], value[3]) ? RegionCode.FromChecked(value.Substring(2, 6)) : null;
    }

    /// <summary>The 18 characters, upper case, e.g. <c>91460000710920952X</c>.</summary>
    public string Value { get; }

    /// <summary>Position 1, 登记管理部门代码, e.g. 1 institutional staffing, 5 civil affairs, 9 market regulation, Y other.</summary>
    public char RegistrationAuthority => Value[0];

    /// <summary>Position 2, 机构类别代码 (with 9: 1 company, 2 individual business, 3 farmers' cooperative).</summary>
    public char OrganisationCategory => Value[1];

    /// <summary>Positions 3–8, the registering authority's administrative division code, as written.</summary>
    public string RegionDigits => Value.Substring(2, 6);

    /// <summary>
    /// Positions 3–8 as a <see cref="Identifiers.RegionCode"/>, or null when they start with no province-level code
    /// (central-level registrations use 100000, the code of the country).
    /// </summary>
    public RegionCode? RegionCode { get; }

    /// <summary>Positions 9–17, 主体标识码 (the organisation code of GB 11714).</summary>
    public string OrganisationCode => Value.Substring(8, 9);

    public override string ToString() => Value;

    /// <summary>
    /// Parses a credit code or throws <see cref="DomainValidationException"/> with one error (Field empty) whose code
    /// is <c>credit_code.required</c>, <c>credit_code.length</c>, <c>credit_code.character</c>,
    /// <c>credit_code.region</c> or <c>credit_code.check_character</c>. ASCII lower-case letters are accepted and
    /// upper-cased: GB 32100 writes the code in capitals, but a lower-case letter is the same character typed without
    /// shift, never a different code. Nothing else is repaired.
    /// </summary>
    public static CreditCode Parse(string? s) => Check(s, out var code) is { } error ? throw new DomainValidationException(error) : code!;

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out CreditCode? result) => Check(s, out result) is null;

    static CreditCode IParsable<CreditCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<CreditCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out CreditCode result) =>
        TryParse(s, out result);

    /// <summary>The check character for the first 17 characters (already upper-case and in the charset).</summary>
    private static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += ValueOf[first17[i]] * Weights[i];
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    private static FieldError? Check(string? s, out CreditCode? result)
    {
        result = null;
        if (string.IsNullOrEmpty(s))
        {
            return IdentifierText.Error(
                "credit_code.required",
                "Enter the unified social credit code: the 18 characters on the business licence.",
                "请填写统一社会信用代码：营业执照上的 18 位代码。");
        }

        if (s.Length > IdentifierText.ScanLimit)
        {
            return WrongLength(s.Length);
        }

        Span<char> upper = stackalloc char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i] is >= 'a' and <= 'z' ? (char)(s[i] - 32) : s[i];
            if (c >= ValueOf.Length || ValueOf[c] < 0)
            {
                return BadCharacter(s, i, c);
            }

            if (i is >= 2 and <= 7 && !char.IsAsciiDigit(c))
            {
                var (en, zh) = IdentifierText.Describe(s, i);
                var pos = IdentifierText.Number(i + 1);
                return IdentifierText.Error(
                    "credit_code.region",
                    $"Characters 3–8 of a unified social credit code are the registering authority's administrative division code and are digits; character {pos} is {en}.",
                    $"统一社会信用代码的第 3–8 位是登记管理机关行政区划码，应为数字；第 {pos} 位是{zh}。");
            }

            upper[i] = c;
        }

        if (s.Length != Length)
        {
            return WrongLength(s.Length);
        }

        var expected = CheckCharacter(upper[..17]);
        if (expected != upper[17])
        {
            var actual = upper[17];
            return IdentifierText.Error(
                "credit_code.check_character",
                $"The check character (the 18th) should be {expected}, not {actual}, for the 17 characters before it; one of them is probably mistyped.",
                $"按前 17 位计算，校验码（第 18 位）应为 {expected}，而不是 {actual}；可能有字符输错了。");
        }

        result = new CreditCode(upper.ToString());
        return null;
    }

    private static FieldError WrongLength(int length)
    {
        var n = IdentifierText.Number(length);
        return IdentifierText.Error(
            "credit_code.length",
            $"A unified social credit code has 18 characters; this one has {n}.",
            $"统一社会信用代码应为 18 位，这里有 {n} 个字符。");
    }

    private static FieldError BadCharacter(string s, int i, char upper)
    {
        var (en, zh) = IdentifierText.Describe(s, i);
        var pos = IdentifierText.Number(i + 1);
        if (upper is 'I' or 'O' or 'S' or 'V' or 'Z')
        {
            var (hintEn, hintZh) = IdentifierText.DigitLookAlike(upper);
            return IdentifierText.Error(
                "credit_code.character",
                $"Character {pos} is {en}; a unified social credit code never uses the letters I, O, S, V or Z.{hintEn}",
                $"第 {pos} 个字符是{zh}；统一社会信用代码不使用字母 I、O、S、V、Z。{hintZh}");
        }

        var (whyEn, whyZh) = IdentifierText.Foreign(s, i);
        return IdentifierText.Error(
            "credit_code.character",
            $"Character {pos} is {en}{whyEn}; a unified social credit code has only the digits 0–9 and the capital letters A–Y without I, O, S and V.",
            $"第 {pos} 个字符是{zh}{whyZh}；统一社会信用代码只由半角数字 0–9 和大写字母 A–Y（不含 I、O、S、V）组成。");
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            values[Charset[i]] = (sbyte)i;
        }

        return values;
    }
}
