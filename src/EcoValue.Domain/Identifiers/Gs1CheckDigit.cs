using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// The GS1 standard check digit (GS1 General Specifications §7.9.1, "Standard check digit calculations for GS1 data
/// structures"), shared by every numeric GS1 key: GTIN-8/12/13/14, GLN, SSCC, GSRN, GSIN. Weights 3 and 1 alternate
/// from the digit next to the check digit leftwards; the check digit brings the weighted sum to a multiple of 10.
/// Because the weights start at the right, left-padding a key with zeros (GTIN-13 → GTIN-14) keeps its check digit.
/// </summary>
public static class Gs1CheckDigit
{
    /// <summary>The SSCC, with 18 digits, is the longest GS1 key that carries this check digit.</summary>
    public const int MaxKeyLength = 18;

    /// <summary>
    /// The check digit ('0'..'9') for the digits of a key without its check digit: 1 to 17 ASCII digits.
    /// Anything else throws <see cref="DomainValidationException"/> (codes <c>gs1.length</c>, <c>gs1.character</c>).
    /// </summary>
    public static char Compute(ReadOnlySpan<char> digitsWithoutCheck)
    {
        if (digitsWithoutCheck.Length is 0 or >= MaxKeyLength)
        {
            var n = IdentifierText.Number(digitsWithoutCheck.Length);
            throw new DomainValidationException(IdentifierText.Error(
                "gs1.length",
                $"A GS1 key without its check digit has 1 to {MaxKeyLength - 1} digits; this has {n} characters.",
                $"不含校验位的 GS1 代码应为 1 到 {MaxKeyLength - 1} 位数字，这里有 {n} 个字符。"));
        }

        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            if (!char.IsAsciiDigit(digitsWithoutCheck[i]))
            {
                throw new DomainValidationException(IdentifierText.NotADigit("gs1.character", "a GS1 key", "GS1 代码", digitsWithoutCheck.ToString(), i));
            }
        }

        return Unchecked(digitsWithoutCheck);
    }

    /// <summary>
    /// True when <paramref name="key"/> is 2 to 18 ASCII digits whose last digit is the GS1 check digit of the others.
    /// Never throws.
    /// </summary>
    public static bool IsValid(string? key)
    {
        if (key is null || key.Length is < 2 or > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return Unchecked(key.AsSpan(0, key.Length - 1)) == key[^1];
    }

    /// <summary>True when every character is an ASCII digit (and there is at least one).</summary>
    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    /// <summary>The check digit of 1..17 ASCII digits the caller has already checked.</summary>
    internal static char Unchecked(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            sum += (digits[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
