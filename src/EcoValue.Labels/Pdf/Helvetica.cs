using System.Text;

namespace EcoValue.Labels.Pdf;

/// <summary>
/// Helvetica, one of the PDF standard 14 fonts every reader has, so nothing is embedded. Its advance widths (from
/// Adobe's Helvetica AFM, in 1/1000 em, for WinAnsi codes 32-126) let the writer shrink a long code to fit its column.
/// </summary>
internal static class Helvetica
{
    private static readonly short[] Widths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      // p-z { | } ~
    ];

    /// <summary>Width of <paramref name="text"/> in points at <paramref name="size"/> (characters outside ASCII count as '?').</summary>
    public static double Width(string text, double size)
    {
        var units = 0;
        foreach (var c in text)
        {
            units += c is >= ' ' and <= '~' ? Widths[c - ' '] : Widths['?' - ' '];
        }

        return units * size / 1000;
    }

    /// <summary>The largest size up to <paramref name="max"/> at which <paramref name="text"/> fits <paramref name="width"/> points.</summary>
    public static double FitSize(string text, double width, double max)
    {
        var atOne = Width(text, 1);
        return atOne <= 0 ? max : Math.Min(max, width / atOne);
    }

    /// <summary>
    /// A PDF literal string (ISO 32000-1 section 7.3.4.2) for printable ASCII: backslash and parentheses escaped,
    /// anything else replaced by '?', since the standard font has no glyphs beyond WinAnsi and the labels are ASCII by contract.
    /// </summary>
    public static string Literal(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('(');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '(' or ')':
                    sb.Append('\\').Append(c);
                    break;
                case >= ' ' and <= '~':
                    sb.Append(c);
                    break;
                default:
                    sb.Append('?');
                    break;
            }
        }

        return sb.Append(')').ToString();
    }
}
