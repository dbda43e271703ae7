using System.Text;
using EcoValue.Domain.Identifiers;

namespace EcoValue.Domain.Tests.Codes;

/// <summary>Random GTINs and AI 10/21 values for the Digital Link round-trip, fuzz and conformance tests.</summary>
internal static class LinkValues
{
    /// <summary>GS1 character set 82 (General Specifications figure 7.11-1), written out here rather than taken from the code under test.</summary>
    public const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private static readonly int[] GtinLengths = [8, 12, 13, 14];

    /// <summary>A GTIN of a random accepted length (8, 12, 13 or 14 digits) with its check digit, as it would be typed.</summary>
    public static string RandomGtin(Random rng)
    {
        var length = GtinLengths[rng.Next(GtinLengths.Length)];
        while (true)
        {
            var digits = new StringBuilder(length);
            for (var i = 0; i < length - 1; i++)
            {
                digits.Append((char)('0' + rng.Next(10)));
            }

            var body = digits.ToString();
            var gtin = body + Gs1CheckDigit.Compute(body);
            if (gtin.AsSpan().ContainsAnyExcept('0'))
            {
                return gtin;
            }
        }
    }

    /// <summary>1..20 characters of set 82, never "." or ".." (those cannot travel as a path segment).</summary>
    public static string RandomValue(Random rng, int? length = null)
    {
        while (true)
        {
            var n = length ?? rng.Next(1, 21);
            var chars = new char[n];
            for (var i = 0; i < n; i++)
            {
                chars[i] = Cset82[rng.Next(Cset82.Length)];
            }

            var value = new string(chars);
            if (value is not ("." or ".."))
            {
                return value;
            }
        }
    }

    /// <summary>Values that between them hold every character of set 82, including the ones a URI reserves.</summary>
    public static IEnumerable<string> EveryCharacter()
    {
        for (var i = 0; i < Cset82.Length; i += 20)
        {
            yield return Cset82.Substring(i, Math.Min(20, Cset82.Length - i));
        }

        yield return "/%?&+"; // '#' is not in set 82: it is refused (see the hostile table)
        yield return "%2F";
        yield return "%25";
        yield return "a/b";
        yield return "..a";
        yield return "...";
        yield return "a.";
    }

    /// <summary>A string safe to put in an assertion message: non-printable and non-ASCII as \uXXXX.</summary>
    public static string Escape(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
