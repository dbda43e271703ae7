using System.Buffers;
using System.Text.RegularExpressions;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// The "uri" format exactly as the GS1 schema's validator judges it (ajv-formats 3.0.1 full mode, RFC 3986 absolute URI
/// in ASCII): everything we accept as a URI must pass that check again when we export it. The pattern is ajv-formats'
/// own, with its case-insensitivity spelt out (.NET's IgnoreCase would let U+212A KELVIN SIGN match "k") and
/// <c>\d</c> as <c>[0-9]</c> (.NET's <c>\d</c> matches every Unicode digit).
/// </summary>
internal static partial class EpcisUri
{
    // RFC 3986 pchar without pct-encoded (unreserved, sub-delims, ':' '@'), plus '/', plus '%' checked separately.
    private static readonly SearchValues<char> PathChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%");

    // Query and fragment also allow '?'.
    private static readonly SearchValues<char> QueryChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%");

    /// <summary>
    /// True when ajv-formats' "uri" accepts <paramref name="value"/>. Without brackets, its pattern comes down to
    /// <c>scheme ":" hier ["?" query] ["#" fragment]</c> with a non-empty hier of pchar and '/', and query and fragment
    /// of pchar, '/' and '?' (every authority form without an IP literal is also such a string), which a linear scan
    /// checks; an IP literal (<c>[…]</c>) goes through the pattern itself. EpcisSchemaValidationTests checks the
    /// equivalence against ajv-formats on random strings.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var colon = SchemeLength(value);
        if (colon < 0)
        {
            return false;
        }

        var rest = value.AsSpan(colon + 1);
        if (rest.ContainsAny('[', ']'))
        {
            return AbsoluteUri().IsMatch(value);
        }

        var hierEnd = rest.IndexOfAny('?', '#');
        var hier = hierEnd < 0 ? rest : rest[..hierEnd];
        if (hier.IsEmpty || !Scan(hier, PathChars))
        {
            return false;
        }

        if (hierEnd < 0)
        {
            return true;
        }

        var tail = rest[hierEnd..];
        var hash = tail.IndexOf('#');
        var query = hash < 0 ? tail : tail[..hash];
        var fragment = hash < 0 ? [] : tail[(hash + 1)..];
        return (query.IsEmpty || (query[0] == '?' && Scan(query[1..], QueryChars))) && Scan(fragment, QueryChars);
    }

    /// <summary>Length of the scheme (<c>[A-Za-z][A-Za-z0-9+.-]*</c>) before the first ':', or -1 when there is none.</summary>
    public static int SchemeLength(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetter(value[0]))
        {
            return -1;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':')
            {
                return i;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Every character allowed, every '%' followed by two hex digits.</summary>
    private static bool Scan(ReadOnlySpan<char> s, SearchValues<char> allowed)
    {
        if (s.ContainsAnyExcept(allowed))
        {
            return false;
        }

        for (var i = s.IndexOf('%'); i >= 0; i = s.IndexOf('%'))
        {
            if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
            {
                return false;
            }

            s = s[(i + 3)..];
        }

        return true;
    }

    [GeneratedRegex("""
        ^(?:[a-zA-Z][a-zA-Z0-9+\-.]*:)(?:/?/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:]|%[0-9a-fA-F]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-fA-F]{1,4}:){6}|::(?:[0-9a-fA-F]{1,4}:){5}|(?:[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){4}|(?:(?:[0-9a-fA-F]{1,4}:){0,1}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){3}|(?:(?:[0-9a-fA-F]{1,4}:){0,2}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){2}|(?:(?:[0-9a-fA-F]{1,4}:){0,3}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}:|(?:(?:[0-9a-fA-F]{1,4}:){0,4}[0-9a-fA-F]{1,4})?::)(?:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))|(?:(?:[0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}|(?:(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?::)|[Vv][0-9a-fA-F]+\.[a-zA-Z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)|(?:[a-zA-Z0-9\-._~!$&'()*+,;=]|%[0-9a-fA-F]{2})*)(?::[0-9]*)?(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*|/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)?|(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)(?:\?(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?(?:#(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?\z
        """, RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUri();
}
