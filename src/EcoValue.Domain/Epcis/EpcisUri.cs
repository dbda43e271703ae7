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
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        return IsSimpleRootless(value) || AbsoluteUri().IsMatch(value);
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

    // Fast path for the common EPC URN: scheme ":" pchar+ ( "/" | pchar )*, the regex's path-rootless branch without
    // query or fragment. Anything else (authorities, queries, fragments) goes through the full pattern.
    private static bool IsSimpleRootless(string value)
    {
        var colon = SchemeLength(value);
        if (colon < 0 || colon + 1 >= value.Length || value[colon + 1] == '/')
        {
            return false;
        }

        for (var i = colon + 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!(IsPchar(c) || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3986 pchar minus pct-encoded: unreserved, sub-delims, ':' and '@'.</summary>
    internal static bool IsPchar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@';

    [GeneratedRegex("""
        ^(?:[a-zA-Z][a-zA-Z0-9+\-.]*:)(?:/?/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:]|%[0-9a-fA-F]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-fA-F]{1,4}:){6}|::(?:[0-9a-fA-F]{1,4}:){5}|(?:[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){4}|(?:(?:[0-9a-fA-F]{1,4}:){0,1}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){3}|(?:(?:[0-9a-fA-F]{1,4}:){0,2}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){2}|(?:(?:[0-9a-fA-F]{1,4}:){0,3}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}:|(?:(?:[0-9a-fA-F]{1,4}:){0,4}[0-9a-fA-F]{1,4})?::)(?:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))|(?:(?:[0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}|(?:(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?::)|[Vv][0-9a-fA-F]+\.[a-zA-Z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)|(?:[a-zA-Z0-9\-._~!$&'()*+,;=]|%[0-9a-fA-F]{2})*)(?::[0-9]*)?(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*|/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)?|(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)(?:\?(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?(?:#(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?\z
        """, RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUri();
}
