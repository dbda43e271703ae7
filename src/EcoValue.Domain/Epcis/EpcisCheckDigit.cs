namespace EcoValue.Domain.Epcis;

/// <summary>
/// The GS1 mod-10 check digit (GS1 General Specifications 7.9.1) for the keys EPCIS identifiers carry: GTIN-8/12/13/14
/// and GLN. Private to this namespace on purpose; the shared <c>EcoValue.Domain.Identifiers</c> routine will replace it.
/// </summary>
internal static class EpcisCheckDigit
{
    /// <summary>The check digit for <paramref name="digits"/> (the key without its last digit): weights 3,1,3,… from the right.</summary>
    public static char Compute(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException("GS1 keys are digits only", nameof(digits));
            }

            sum += d * weight;
            weight = 4 - weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>True when the last digit of <paramref name="key"/> (all ASCII digits, length >= 2) is its check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> key) =>
        key.Length >= 2 && IsDigits(key) && Compute(key[..^1]) == key[^1];

    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
