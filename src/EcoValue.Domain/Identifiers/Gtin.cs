using System.Diagnostics.CodeAnalysis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// A Global Trade Item Number, always held as 14 digits: GS1 Digital Link URI Syntax writes every GTIN after
/// <c>/01/</c> as 14 digits, shorter ones left-padded with zeros. <see cref="Parse"/> accepts GTIN-8, GTIN-12 (UPC-A),
/// GTIN-13 and GTIN-14 written in ASCII digits, pads them and verifies the GS1 check digit. Nothing is repaired: white
/// space, signs, separators and digits of other scripts (full-width '１', Arabic-Indic '١') are errors, because a code
/// that only parses after cleaning is not the code printed on the label.
/// </summary>
public sealed record Gtin : IParsable<Gtin>
{
    public const int Length = 14;

    private Gtin(string value)
    {
        Value = value;
    }

    /// <summary>The 14-digit form, e.g. <c>09506000134352</c>.</summary>
    public string Value { get; }

    /// <summary>The 14-digit form, as in a GS1 Digital Link.</summary>
    public override string ToString() => Value;

    /// <summary>
    /// Parses a GTIN or throws <see cref="DomainValidationException"/> with one error (Field empty) whose code is
    /// <c>gtin.required</c>, <c>gtin.length</c>, <c>gtin.character</c>, <c>gtin.zero</c> or <c>gtin.check_digit</c>.
    /// </summary>
    public static Gtin Parse(string? s) => Check(s, out var gtin) is { } error ? throw new DomainValidationException(error) : gtin!;

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Gtin? result) => Check(s, out result) is null;

    static Gtin IParsable<Gtin>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Gtin>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Gtin result) =>
        TryParse(s, out result);

    private static FieldError? Check(string? s, out Gtin? result)
    {
        result = null;
        if (string.IsNullOrEmpty(s))
        {
            return IdentifierText.Error("gtin.required", "Enter a GTIN: 8, 12, 13 or 14 digits.", "请填写 GTIN：8、12、13 或 14 位数字。");
        }

        if (s.Length <= IdentifierText.ScanLimit)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (!char.IsAsciiDigit(s[i]))
                {
                    return IdentifierText.NotADigit("gtin.character", "a GTIN", "GTIN ", s, i);
                }
            }
        }

        if (s.Length is not (8 or 12 or 13 or 14))
        {
            var n = IdentifierText.Number(s.Length);
            return IdentifierText.Error(
                "gtin.length",
                $"A GTIN has 8, 12, 13 or 14 digits; this one has {n} characters.",
                $"GTIN 应为 8、12、13 或 14 位数字，这里有 {n} 个字符。");
        }

        if (!s.AsSpan().ContainsAnyExcept('0'))
        {
            return IdentifierText.Error("gtin.zero", "A GTIN cannot be all zeros.", "GTIN 不能全为 0。");
        }

        var expected = Gs1CheckDigit.Unchecked(s.AsSpan(0, s.Length - 1));
        if (expected != s[^1])
        {
            return IdentifierText.Error(
                "gtin.check_digit",
                $"The check digit (the last digit) should be {expected}, not {s[^1]}, for the digits before it; one of the digits is probably mistyped.",
                $"按前面的数字计算，校验位（最后一位）应为 {expected}，而不是 {s[^1]}；可能有数字输错了。");
        }

        result = new Gtin(s.Length == Length ? s : s.PadLeft(Length, '0'));
        return null;
    }
}
