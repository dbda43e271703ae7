using System.Diagnostics.CodeAnalysis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// An administrative division code of GB/T 2260 (中华人民共和国行政区划代码): six ASCII digits, two each for the
/// province, the prefecture and the county; Hainan is 46xxxx. <see cref="Parse"/> checks the form and that the first
/// two digits are a province-level code; it does not check the rest against a register, because divisions are
/// created, merged and renumbered every year while records that name them stay valid.
/// </summary>
public sealed record RegionCode : IParsable<RegionCode>
{
    public const int Length = 6;

    /// <summary>Province-level codes (GB/T 2260 first two digits), Taiwan (71), Hong Kong (81) and Macao (82) included.</summary>
    public static readonly IReadOnlyList<string> ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
        "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    private RegionCode(string value)
    {
        Value = value;
    }

    /// <summary>The six digits, e.g. <c>469025</c>.</summary>
    public string Value { get; }

    /// <summary>The province-level part, the first two digits (<c>46</c> for Hainan).</summary>
    public string Province => Value[..2];

    /// <summary>The code of the province this division belongs to (<c>460000</c>).</summary>
    public RegionCode ProvinceRegion => Value.EndsWith("0000", StringComparison.Ordinal) ? this : new RegionCode(Province + "0000");

    public bool IsHainan => Province == "46";

    /// <summary>The Chinese name (e.g. 白沙黎族自治县) when the code is in this library's table; null otherwise.</summary>
    public string? NameZh => RegionNames.ByCode.TryGetValue(Value, out var names) ? names.Zh : null;

    /// <summary>The English name (e.g. Baisha) when the code is in this library's table; null otherwise.</summary>
    public string? NameEn => RegionNames.ByCode.TryGetValue(Value, out var names) ? names.En : null;

    public override string ToString() => Value;

    /// <summary>
    /// Parses a region code or throws <see cref="DomainValidationException"/> with one error (Field empty) whose code
    /// is <c>region.required</c>, <c>region.length</c>, <c>region.character</c> or <c>region.province</c>.
    /// </summary>
    public static RegionCode Parse(string? s) => Check(s, out var code) is { } error ? throw new DomainValidationException(error) : code!;

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out RegionCode? result) => Check(s, out result) is null;

    static RegionCode IParsable<RegionCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<RegionCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out RegionCode result) =>
        TryParse(s, out result);

    internal static bool IsProvince(char first, char second) => (first, second) switch
    {
        ('1', >= '1' and <= '5') => true,
        ('2', >= '1' and <= '3') => true,
        ('3', >= '1' and <= '7') => true,
        ('4', >= '1' and <= '6') => true,
        ('5', >= '0' and <= '4') => true,
        ('6', >= '1' and <= '5') => true,
        ('7', '1') => true,
        ('8', '1' or '2') => true,
        _ => false,
    };

    /// <summary>
    /// Wraps six digits already known to start with a province code (the region part of a credit code).
    /// </summary>
    internal static RegionCode FromChecked(string sixDigits) => new(sixDigits);

    private static FieldError? Check(string? s, out RegionCode? result)
    {
        result = null;
        if (string.IsNullOrEmpty(s))
        {
            return IdentifierText.Error("region.required", "Enter a region code: 6 digits (GB/T 2260), e.g. 460100 for Haikou.", "请填写行政区划代码：6 位数字（GB/T 2260），例如海口市为 460100。");
        }

        if (s.Length <= IdentifierText.ScanLimit)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (!char.IsAsciiDigit(s[i]))
                {
                    return IdentifierText.NotADigit("region.character", "a region code", "行政区划代码", s, i);
                }
            }
        }

        if (s.Length != Length)
        {
            var n = IdentifierText.Number(s.Length);
            return IdentifierText.Error(
                "region.length",
                $"A region code has 6 digits; this one has {n} characters.",
                $"行政区划代码应为 6 位数字，这里有 {n} 个字符。");
        }

        if (!IsProvince(s[0], s[1]))
        {
            return NotAProvince(s.Substring(0, 2));
        }

        result = new RegionCode(s);
        return null;
    }

    internal static FieldError NotAProvince(string firstTwo) => IdentifierText.Error(
        "region.province",
        $"A region code starts with a province-level code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81 or 82; Hainan is 46), not {firstTwo}.",
        $"行政区划代码的前两位应为省级代码（11–15、21–23、31–37、41–46、50–54、61–65、71、81 或 82；海南为 46），而不是 {firstTwo}。");
}
