using System.Buffers;
using System.Text;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Character rules for the text parts of GS1 keys (lot, serial, GLN extension): GS1 AI encodable character set 82
/// (GS1 General Specifications figure 7.11-1), the EPC URN escapes of GS1 EPC Tag Data Standard 2.x §6.3 (table 6-1)
/// and RFC 3986 percent-encoding of UTF-8 for GS1 Digital Link URI path segments.
/// </summary>
internal static class Gs1Text
{
    /// <summary>GS1 AI 10 (lot), 21 (serial) and 254 (GLN extension) are all X..20.</summary>
    public const int Gs1MaxLength = 20;

    private static readonly SearchValues<char> Cset82 =
        SearchValues.Create("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    // TDS 2.x table 6-1: the CSET 82 characters an EPC URN must write as %-escapes.
    private static readonly SearchValues<char> UrnEscaped = SearchValues.Create("\"%&/<>?");

    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when every character is in CSET 82 and the length fits AI 10/21/254.</summary>
    public static bool IsGs1Conformant(string value) =>
        value.Length is > 0 and <= Gs1MaxLength && !value.AsSpan().ContainsAnyExcept(Cset82);

    public static bool IsCset82(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(Cset82);

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16 (no lone surrogates), so it survives UTF-8.</summary>
    public static bool IsWellFormed(string value) => !HasLoneSurrogate(value);

    /// <summary>Percent-encodes the UTF-8 of <paramref name="value"/>, leaving only RFC 3986 unreserved characters bare.</summary>
    public static string PercentEncode(string value)
    {
        if (!value.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && Unreserved.Contains((char)rune.Value))
            {
                sb.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                sb.Append('%').Append(HexUpper(utf8[i] >> 4)).Append(HexUpper(utf8[i] & 0xF));
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes %XX escapes as UTF-8; null when an escape is malformed or the bytes are not UTF-8.</summary>
    public static string? PercentDecode(ReadOnlySpan<char> value)
    {
        if (!value.Contains('%'))
        {
            return value.ToString();
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var n = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return null;
                }

                bytes[n++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else
            {
                n += Encoding.UTF8.GetBytes(value.Slice(i, 1), bytes.AsSpan(n));
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The EPC URN form of a lot/serial/extension: CSET 82 only, with TDS table 6-1's characters %-escaped.</summary>
    public static string UrnEscape(string value)
    {
        if (!value.AsSpan().ContainsAny(UrnEscaped))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (UrnEscaped.Contains(c))
            {
                sb.Append('%').Append(HexUpper(c >> 4)).Append(HexUpper(c & 0xF));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
