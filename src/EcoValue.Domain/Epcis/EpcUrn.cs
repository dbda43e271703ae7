using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// EPC pure-identity URNs of the GS1 EPC Tag Data Standard 2.x: <c>urn:epc:id:sgtin:CP.IIR.Serial</c>,
/// <c>urn:epc:class:lgtin:CP.IIR.Lot</c>, <c>urn:epc:idpat:sgtin:CP.IIR.*</c>, <c>urn:epc:id:sgln:CP.LocRef.Ext</c>.
/// CP is the GS1 company prefix (6–12 digits); IIR is the indicator digit followed by the item reference, together
/// 13 − |CP| digits; the GTIN's check digit is not in the URN and is computed. Other <c>urn:epc:</c> schemes (SSCC,
/// GIAI, PGLN, …) are left alone.
/// </summary>
internal static class EpcUrn
{
    public static bool TryParse(string uri, out EpcisIdentifier? identifier, out FieldError? error)
    {
        identifier = null;
        error = null;
        ReadOnlySpan<char> body;
        string scheme;
        if (Strip(uri, "urn:epc:id:sgtin:", out body))
        {
            scheme = "sgtin";
        }
        else if (Strip(uri, "urn:epc:class:lgtin:", out body))
        {
            scheme = "lgtin";
        }
        else if (Strip(uri, "urn:epc:idpat:sgtin:", out body))
        {
            scheme = "idpat";
        }
        else if (Strip(uri, "urn:epc:id:sgln:", out body))
        {
            return TryParseSgln(body, out identifier, out error);
        }
        else
        {
            return false;
        }

        // CP.IIR.rest: the third part (serial or lot) may itself contain dots, so split on the first two only.
        var dot1 = body.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : body[(dot1 + 1)..].IndexOf('.');
        if (dot1 < 0 || dot2 < 0)
        {
            error = EpcisErrors.UrnSyntax(string.Empty, "CompanyPrefix.IndicatorItemRef.(Serial|Lot)");
            return false;
        }

        var cp = body[..dot1];
        var iir = body.Slice(dot1 + 1, dot2);
        var rest = body[(dot1 + 1 + dot2 + 1)..];
        if (scheme == "idpat" && cp.Length > 0 && iir.SequenceEqual("*"))
        {
            error = EpcisErrors.UnsupportedPattern(string.Empty);
            return false;
        }

        if (!Gs1CheckDigit.AllDigits(cp) || !Gs1CheckDigit.AllDigits(iir) || cp.Length is < 6 or > 12 || cp.Length + iir.Length != 13)
        {
            error = EpcisErrors.UrnDigits(string.Empty);
            return false;
        }

        // GTIN-14 = indicator + company prefix + item reference + check digit (TDS 2.x).
        Span<char> gtin = stackalloc char[14];
        gtin[0] = iir[0];
        cp.CopyTo(gtin[1..]);
        iir[1..].CopyTo(gtin[(1 + cp.Length)..]);
        gtin[13] = Gs1CheckDigit.Compute(gtin[..13]);
        var gtin14 = gtin.ToString();

        if (scheme == "idpat")
        {
            if (!rest.SequenceEqual("*"))
            {
                error = EpcisErrors.UnsupportedPattern(string.Empty);
                return false;
            }

            identifier = EpcisIdentifier.FromParts(EpcisIdentifierSyntax.EpcUrn, gtin14, null, null);
            return true;
        }

        var text = Unescape(rest);
        if (text is null)
        {
            error = EpcisErrors.UrnText(string.Empty, scheme == "sgtin" ? "serial" : "lot");
            return false;
        }

        identifier = scheme == "sgtin"
            ? EpcisIdentifier.FromParts(EpcisIdentifierSyntax.EpcUrn, gtin14, null, text)
            : EpcisIdentifier.FromParts(EpcisIdentifierSyntax.EpcUrn, gtin14, text, null);
        return true;
    }

    private static bool TryParseSgln(ReadOnlySpan<char> body, out EpcisIdentifier? identifier, out FieldError? error)
    {
        identifier = null;
        error = null;
        var dot1 = body.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : body[(dot1 + 1)..].IndexOf('.');
        if (dot1 < 0 || dot2 < 0)
        {
            error = EpcisErrors.UrnSyntax(string.Empty, "CompanyPrefix.LocationRef.Extension");
            return false;
        }

        var cp = body[..dot1];
        var locRef = body.Slice(dot1 + 1, dot2);
        var rest = body[(dot1 + 1 + dot2 + 1)..];
        if (!Gs1CheckDigit.AllDigits(cp) || (locRef.Length > 0 && !Gs1CheckDigit.AllDigits(locRef)) || cp.Length is < 6 or > 12 || cp.Length + locRef.Length != 12)
        {
            error = EpcisErrors.UrnDigits(string.Empty);
            return false;
        }

        Span<char> gln = stackalloc char[13];
        cp.CopyTo(gln);
        locRef.CopyTo(gln[cp.Length..]);
        gln[12] = Gs1CheckDigit.Compute(gln[..12]);
        var ext = Unescape(rest);
        if (ext is null)
        {
            error = EpcisErrors.UrnText(string.Empty, "extension");
            return false;
        }

        // TDS 2.x (SGLN): extension "0" stands for "no extension".
        identifier = EpcisIdentifier.FromGln(EpcisIdentifierSyntax.EpcUrn, gln.ToString(), ext == "0" ? null : ext);
        return true;
    }

    /// <summary>%-decodes a URN text part; null unless the result is 1–20 CSET 82 characters.</summary>
    private static string? Unescape(ReadOnlySpan<char> part)
    {
        var text = Gs1Text.PercentDecode(part);
        return text is not null && Gs1Text.IsGs1Conformant(text) ? text : null;
    }

    private static bool Strip(string uri, string prefix, out ReadOnlySpan<char> rest)
    {
        if (uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            rest = uri.AsSpan(prefix.Length);
            return true;
        }

        rest = default;
        return false;
    }
}
