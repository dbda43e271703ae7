using System.Globalization;
using System.Text;

namespace EcoValue.Domain.Tests.Canonical;

/// <summary>
/// Random JSON texts (one line each) that stress canonicalisation: nesting, keys whose UTF-16 and UTF-8 orders differ,
/// every escape form, astral characters, and numbers in every spelling (exponents at the edges of the double range,
/// integers beyond 2^53, negative zero, subnormals, random bit patterns). Member names are unique after unescaping.
/// </summary>
internal sealed class RandomJsonText(Random rng)
{
    // Characters chosen for their edge-case value: controls, quote/backslash/slash, DEL, Latin-1, the BMP top,
    // line separators, private use, and astral characters whose surrogates sort below U+E000.
    private static readonly string[] Atoms =
    [
        "a", "b", "z", "A", "Z", "0", "9", " ", "_", "-", "\"", "\\", "/", "\u007f", "\u0000", "\u0001", "\b", "\t", "\n", "\f", "\r", "\u001f",
        "\u0080", "é", "ö", "ß", "\u00ff", "\u0100", "€", "生", "态", "\u2028", "\u2029", "\uE000", "\uFB33", "\uFEFF", "\uFFFD", "\uFFFF",
        "\U0001F600", "\U0001F602", "\U0001D11E", "\U00010000", "\U0010FFFF",
    ];

    private static readonly string[] KeyAtoms = ["\uE000", "\U0001F600", "\uFFFF", "\U00010000", "a", "A", "1", "10", "é", "\u0080", ""];

    public string Document()
    {
        var sb = new StringBuilder();
        Value(sb, 0);
        return sb.ToString();
    }

    /// <summary>A flat array of doubles from random bit patterns (finite), in .NET's shortest round-trip spelling.</summary>
    public string DoubleArray(int count)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            double d;
            do
            {
                d = BitConverter.Int64BitsToDouble(rng.NextInt64(long.MinValue, long.MaxValue));
            }
            while (!double.IsFinite(d));

            sb.Append(i == 0 ? string.Empty : ",").Append(d.ToString(rng.Next(2) == 0 ? "R" : "E16", CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }

    private void Value(StringBuilder sb, int depth)
    {
        var pick = rng.Next(depth >= 5 ? 6 : 10);
        switch (pick)
        {
            case 0 or 1:
                StringLiteral(sb, RandomString(rng.Next(0, 10)));
                break;
            case 2 or 3:
                sb.Append(Number());
                break;
            case 4:
                sb.Append(rng.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 5:
                sb.Append(Number());
                break;
            case 6 or 7:
                sb.Append('[');
                var count = rng.Next(0, 5);
                for (var i = 0; i < count; i++)
                {
                    Space(sb);
                    if (i > 0)
                    {
                        sb.Append(',');
                        Space(sb);
                    }

                    Value(sb, depth + 1);
                }

                Space(sb);
                sb.Append(']');
                break;
            default:
                sb.Append('{');
                var names = new HashSet<string>(StringComparer.Ordinal);
                var members = rng.Next(0, 7);
                for (var i = 0; i < members; i++)
                {
                    var name = rng.Next(3) == 0 ? KeyAtoms[rng.Next(KeyAtoms.Length)] + RandomString(rng.Next(0, 2)) : RandomString(rng.Next(0, 6));
                    if (!names.Add(name))
                    {
                        continue;
                    }

                    Space(sb);
                    if (names.Count > 1)
                    {
                        sb.Append(',');
                        Space(sb);
                    }

                    StringLiteral(sb, name);
                    Space(sb);
                    sb.Append(':');
                    Space(sb);
                    Value(sb, depth + 1);
                }

                Space(sb);
                sb.Append('}');
                break;
        }
    }

    private string RandomString(int atoms)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < atoms; i++)
        {
            sb.Append(Atoms[rng.Next(Atoms.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>Writes a string literal, spelling each character one of the ways JSON allows.</summary>
    private void StringLiteral(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var mustEscape = c < 0x20 || c == '"' || c == '\\';
            var style = rng.Next(4);
            if (char.IsHighSurrogate(c))
            {
                // A pair is written whole: both halves literal, or both as \u escapes.
                if (style < 2)
                {
                    sb.Append(value.AsSpan(i, 2));
                }
                else
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture))
                      .Append("\\u").Append(((int)value[i + 1]).ToString("X4", CultureInfo.InvariantCulture));
                }

                i++;
            }
            else if (!mustEscape && style < 2)
            {
                sb.Append(c);
            }
            else if (style == 2 && c switch { '"' or '\\' or '/' or '\b' or '\f' or '\n' or '\r' or '\t' => true, _ => false })
            {
                sb.Append('\\').Append(c switch { '\b' => 'b', '\f' => 'f', '\n' => 'n', '\r' => 'r', '\t' => 't', _ => c });
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString(rng.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('"');
    }

    private string Number()
    {
        var sign = rng.Next(3) == 0 ? "-" : string.Empty;
        return rng.Next(12) switch
        {
            0 => sign + rng.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
            1 => sign + "0" + (rng.Next(2) == 0 ? string.Empty : ".0" + new string('0', rng.Next(3))),
            2 => sign + Digits(rng.Next(16, 30)), // integers beyond 2^53
            3 => sign + Digits(rng.Next(1, 8)) + "." + Digits(rng.Next(1, 20), leadingZeroOk: true),
            4 => sign + "0." + new string('0', rng.Next(0, 12)) + Digits(rng.Next(1, 18)),
            5 => sign + Digits(rng.Next(1, 4)) + (rng.Next(2) == 0 ? "e" : "E") + (rng.Next(2) == 0 ? "+" : string.Empty) + rng.Next(0, 306).ToString(CultureInfo.InvariantCulture),
            6 => sign + Digits(rng.Next(1, 18)) + "e-" + rng.Next(0, 330).ToString(CultureInfo.InvariantCulture),
            7 => sign + "1e" + rng.Next(15, 25).ToString(CultureInfo.InvariantCulture), // around the 1e21 switch-over
            8 => sign + "1e-" + rng.Next(4, 9).ToString(CultureInfo.InvariantCulture), // around the 1e-7 switch-over
            9 => sign + rng.Next(1, 1000).ToString(CultureInfo.InvariantCulture) + "." + rng.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture),
            10 => BitConverter.Int64BitsToDouble(rng.NextInt64(0, 0x7FEFFFFFFFFFFFFF)).ToString("R", CultureInfo.InvariantCulture),
            _ => sign + (rng.Next(4) switch { 0 => "1.7976931348623157e308", 1 => "4.9e-324", 2 => "2.2250738585072014E-308", _ => "9007199254740993" }),
        };
    }

    private string Digits(int count, bool leadingZeroOk = false)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + rng.Next(i == 0 && !leadingZeroOk ? 1 : 0, 10));
        }

        return new string(chars);
    }

    private void Space(StringBuilder sb)
    {
        if (rng.Next(4) == 0)
        {
            sb.Append(rng.Next(2) == 0 ? " " : "\t ");
        }
    }
}
