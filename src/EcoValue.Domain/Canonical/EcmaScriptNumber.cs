using System.Globalization;

namespace EcoValue.Domain.Canonical;

/// <summary>
/// Number serialisation as RFC 8785 §3.2.2.3 requires: ECMAScript's Number::toString(x) (ECMA-262, "Number::toString",
/// radix 10). .NET's shortest round-trip formatting ("R") yields the same digits as ECMAScript's step 5 (fewest
/// digits, closest to the value), but lays them out differently ("1E+21" vs "1e+21", "1E-07" vs "1e-7",
/// "1.2345678901234568E+20" vs "123456789012345680000", "-0" vs "0"), so only the digits and the exponent are taken
/// from it and the ECMAScript layout rules are applied here.
/// </summary>
public static class EcmaScriptNumber
{
    /// <summary>Longest possible output: "-" + 17 digits + "." + "e-" + 3 digits, or "-0.00000" + 17 digits.</summary>
    internal const int MaxLength = 32;

    /// <summary>The ECMAScript string form of a finite double ("0" for both zeros).</summary>
    /// <exception cref="JcsException">NaN or an infinity: they have no JSON representation.</exception>
    public static string Format(double value)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        var length = Format(value, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>Writes the ECMAScript string form into <paramref name="destination"/> (at least 32 chars); returns its length.</summary>
    public static int Format(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new JcsException($"{value.ToString(CultureInfo.InvariantCulture)} has no JSON representation (RFC 8785 §3.2.2.3)");
        }

        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"destination needs {MaxLength} chars", nameof(destination));
        }

        if (value == 0)
        {
            // Covers -0 too: ECMAScript prints both zeros as "0".
            destination[0] = '0';
            return 1;
        }

        Span<char> shortest = stackalloc char[MaxLength];
        if (!Math.Abs(value).TryFormat(shortest, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("shortest round-trip form did not fit in 32 chars");
        }

        // Decompose into digits s (k of them, no leading or trailing zeros) and n such that |value| = s × 10^(n−k).
        Span<char> digits = stackalloc char[MaxLength];
        var k = 0;
        var n = 0;
        var exponentAt = shortest[..written].IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest[..written] : shortest[..exponentAt];
        var pointSeen = false;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                pointSeen = true;
                continue;
            }

            if (k == 0 && c == '0')
            {
                if (pointSeen)
                {
                    n--; // a leading zero after the point: 0.001 -> "1", n = -2
                }

                continue;
            }

            digits[k++] = c;
            if (!pointSeen)
            {
                n++;
            }
        }

        if (exponentAt >= 0)
        {
            n += int.Parse(shortest[(exponentAt + 1)..written], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        while (k > 1 && digits[k - 1] == '0')
        {
            k--;
        }

        var pos = 0;
        if (value < 0)
        {
            destination[pos++] = '-';
        }

        if (k <= n && n <= 21)
        {
            // Integer: the digits followed by n−k zeros.
            digits[..k].CopyTo(destination[pos..]);
            pos += k;
            destination.Slice(pos, n - k).Fill('0');
            pos += n - k;
        }
        else if (0 < n && n <= 21)
        {
            // Point inside the digits.
            digits[..n].CopyTo(destination[pos..]);
            pos += n;
            destination[pos++] = '.';
            digits[n..k].CopyTo(destination[pos..]);
            pos += k - n;
        }
        else if (-6 < n && n <= 0)
        {
            // "0." then −n zeros then the digits.
            destination[pos++] = '0';
            destination[pos++] = '.';
            destination.Slice(pos, -n).Fill('0');
            pos += -n;
            digits[..k].CopyTo(destination[pos..]);
            pos += k;
        }
        else
        {
            // Exponential: d[.ddd]e±(n−1).
            destination[pos++] = digits[0];
            if (k > 1)
            {
                destination[pos++] = '.';
                digits[1..k].CopyTo(destination[pos..]);
                pos += k - 1;
            }

            destination[pos++] = 'e';
            destination[pos++] = n - 1 < 0 ? '-' : '+';
            (Math.Abs(n - 1)).TryFormat(destination[pos..], out var expLength, default, CultureInfo.InvariantCulture);
            pos += expLength;
        }

        return pos;
    }
}
