using EcoValue.Domain.Identifiers;
using System.Globalization;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>What an identifier names: one item, a class of product (a GTIN, or a GTIN's lot), or a place.</summary>
public enum EpcisIdentifierKind
{
    /// <summary>One item: GTIN + serial (SGTIN; Digital Link with AI 21).</summary>
    Item,

    /// <summary>A product class: GTIN + lot (LGTIN; Digital Link with AI 10) or a whole GTIN (SGTIN pattern; Digital Link with AI 01 alone).</summary>
    ProductClass,

    /// <summary>A place: GLN with optional extension (SGLN; Digital Link with AI 414 [+ 254]).</summary>
    Location,
}

/// <summary>How the identifier was written.</summary>
public enum EpcisIdentifierSyntax
{
    DigitalLink,
    EpcUrn,
}

/// <summary>
/// A GS1 identifier as EPCIS carries it, reduced to its keys: (GTIN-14, lot?, serial?) for products, (GLN, extension?)
/// for places. Reads GS1 Digital Link URIs (GS1 Digital Link standard 1.2, any host) and EPC URNs (GS1 EPC Tag Data
/// Standard 2.x: sgtin, lgtin, sgtin patterns, sgln) and writes both back. Other URIs (SSCC, GIAI, geo:, …) are not
/// identifiers of this kind: <see cref="TryRecognize(string, out EpcisIdentifier?, out FieldError?)"/> says so instead of failing.
/// </summary>
public sealed record EpcisIdentifier
{
    /// <summary>The Digital Link host GS1 itself resolves; our own resolver host works the same way.</summary>
    public const string Gs1ResolverBase = "https://id.gs1.org";

    /// <summary>Longest lot, serial or extension we keep. GS1 caps them at 20 CSET 82 characters
    /// (<see cref="IsGs1Conformant"/>); our own lots may be any Unicode text, so Digital Links percent-encode them.</summary>
    public const int MaxTextLength = 256;

    private EpcisIdentifier(EpcisIdentifierKind kind, EpcisIdentifierSyntax syntax)
    {
        Kind = kind;
        Syntax = syntax;
    }

    public EpcisIdentifierKind Kind { get; }

    /// <summary>How it was written; not part of equality (a Digital Link and an EPC URN of the same keys are equal).</summary>
    public EpcisIdentifierSyntax Syntax { get; }

    /// <summary>GTIN-14 (GTIN-8/12/13 padded with zeros on the left), check digit verified; null for a location.</summary>
    public string? Gtin { get; private init; }

    public string? Lot { get; private init; }

    public string? Serial { get; private init; }

    /// <summary>GLN (13 digits), check digit verified; null for a product.</summary>
    public string? Gln { get; private init; }

    /// <summary>GLN extension (AI 254); null for the GLN itself (SGLN extension "0" means none, TDS 2.x).</summary>
    public string? GlnExtension { get; private init; }

    /// <summary>False when a lot, serial or extension goes beyond GS1's 20 CSET 82 characters (printable on a GS1 label only as we wrote it).</summary>
    public bool IsGs1Conformant =>
        (Lot is null || Gs1Text.IsGs1Conformant(Lot)) && (Serial is null || Gs1Text.IsGs1Conformant(Serial)) && (GlnExtension is null || Gs1Text.IsGs1Conformant(GlnExtension));

    /// <summary>An item (<paramref name="serial"/> given) or product class, from a GTIN-8/12/13/14 whose check digit must be right.</summary>
    public static EpcisIdentifier Product(string gtin, string? lot = null, string? serial = null)
    {
        var errors = new FieldErrors();
        var gtin14 = NormalizeGtin(gtin, "gtin", errors);
        CheckText(lot, "lot", errors);
        CheckText(serial, "serial", errors);
        errors.ThrowIfAny();
        return new EpcisIdentifier(serial is null ? EpcisIdentifierKind.ProductClass : EpcisIdentifierKind.Item, EpcisIdentifierSyntax.DigitalLink)
        {
            Gtin = gtin14,
            Lot = lot,
            Serial = serial,
        };
    }

    /// <summary>A place, from a 13-digit GLN whose check digit must be right and an optional extension.</summary>
    public static EpcisIdentifier Location(string gln, string? extension = null)
    {
        var errors = new FieldErrors();
        if (gln is null || gln.Length != 13 || !Gs1CheckDigit.AllDigits(gln))
        {
            errors.Add(EpcisErrors.GlnFormat("gln"));
        }
        else if (!Gs1CheckDigit.IsValid(gln))
        {
            errors.Add(EpcisErrors.CheckDigit("gln", gln));
        }

        CheckText(extension, "extension", errors);
        errors.ThrowIfAny();
        return new EpcisIdentifier(EpcisIdentifierKind.Location, EpcisIdentifierSyntax.DigitalLink) { Gln = gln, GlnExtension = extension };
    }

    /// <summary>Parses a GS1 Digital Link URI or EPC URN of the kinds above; anything else is a <see cref="DomainValidationException"/>.</summary>
    public static EpcisIdentifier Parse(string uri)
    {
        if (TryRecognize(uri, out var id, out var error))
        {
            return id!;
        }

        throw new DomainValidationException(error ?? EpcisErrors.NotGs1Identifier(string.Empty));
    }

    /// <summary>
    /// True with the identifier when <paramref name="uri"/> is a Digital Link or EPC URN of the kinds above. False with a
    /// precise error when it looks like one but is broken (bad check digit, wrong length, bad escape); false with a null
    /// error when it is some other URI, which EPCIS allows and we keep as it is.
    /// </summary>
    public static bool TryRecognize(string uri, out EpcisIdentifier? identifier, out FieldError? error) =>
        TryRecognize(uri, uriChecked: false, out identifier, out error);

    /// <summary>As above; <paramref name="uriChecked"/> when the caller has already checked <see cref="EpcisUri.IsValid"/>.</summary>
    internal static bool TryRecognize(string uri, bool uriChecked, out EpcisIdentifier? identifier, out FieldError? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        identifier = null;
        error = null;
        if (uri.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            return EpcUrn.TryParse(uri, out identifier, out error);
        }

        if (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return DigitalLink.TryParse(uri, uriChecked, out identifier, out error);
        }

        return false;
    }

    /// <summary>
    /// The canonical GS1 Digital Link URI: <c>{base}/01/{gtin14}[/10/{lot}][/21/{serial}]</c> or
    /// <c>{base}/414/{gln}[/254/{ext}]</c>, text parts percent-encoded as UTF-8 (only RFC 3986 unreserved characters bare).
    /// </summary>
    public string ToDigitalLink(string baseUrl = Gs1ResolverBase)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        if (!(baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || baseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            || baseUrl.Contains('?') || baseUrl.Contains('#') || !EpcisUri.IsValid(baseUrl))
        {
            throw new ArgumentException($"a Digital Link base must be an http(s) URL without query or fragment: {baseUrl}", nameof(baseUrl));
        }

        var b = baseUrl.TrimEnd('/');
        if (Kind == EpcisIdentifierKind.Location)
        {
            return GlnExtension is null ? $"{b}/414/{Gln}" : $"{b}/414/{Gln}/254/{Gs1Text.PercentEncode(GlnExtension)}";
        }

        var link = $"{b}/01/{Gtin}";
        if (Lot is not null)
        {
            link += "/10/" + Gs1Text.PercentEncode(Lot);
        }

        if (Serial is not null)
        {
            link += "/21/" + Gs1Text.PercentEncode(Serial);
        }

        return link;
    }

    /// <summary>
    /// The EPC URN (TDS 2.x pure identity URIs): <c>urn:epc:id:sgtin:</c> for an item (the lot is not part of an SGTIN),
    /// <c>urn:epc:class:lgtin:</c> for a lot, <c>urn:epc:idpat:sgtin:CP.IIR.*</c> for a whole GTIN,
    /// <c>urn:epc:id:sgln:</c> for a place. The GS1 company prefix length (6–12) cannot be read from a GTIN or GLN
    /// (it comes from the GS1 allocation), so the caller names it. Text must be GS1-conformant (CSET 82, ≤ 20).
    /// </summary>
    public string ToEpcUrn(int companyPrefixLength)
    {
        if (companyPrefixLength is < 6 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(companyPrefixLength), companyPrefixLength, "a GS1 company prefix has 6 to 12 digits");
        }

        if (!IsGs1Conformant)
        {
            throw new DomainValidationException(EpcisErrors.UrnCharset(string.Empty));
        }

        var l = companyPrefixLength;
        if (Kind == EpcisIdentifierKind.Location)
        {
            var ext = GlnExtension is null ? "0" : Gs1Text.UrnEscape(GlnExtension);
            return $"urn:epc:id:sgln:{Gln![..l]}.{Gln[l..12]}.{ext}";
        }

        // GTIN-14 = indicator (1) + company prefix (l) + item reference (12 - l) + check digit.
        var cp = Gtin![1..(1 + l)];
        var iir = Gtin[0] + Gtin[(1 + l)..13];
        return Kind == EpcisIdentifierKind.Item
            ? $"urn:epc:id:sgtin:{cp}.{iir}.{Gs1Text.UrnEscape(Serial!)}"
            : Lot is not null
                ? $"urn:epc:class:lgtin:{cp}.{iir}.{Gs1Text.UrnEscape(Lot)}"
                : $"urn:epc:idpat:sgtin:{cp}.{iir}.*";
    }

    public bool Equals(EpcisIdentifier? other) =>
        other is not null && Kind == other.Kind && Gtin == other.Gtin && Lot == other.Lot && Serial == other.Serial && Gln == other.Gln && GlnExtension == other.GlnExtension;

    public override int GetHashCode() => HashCode.Combine(Kind, Gtin, Lot, Serial, Gln, GlnExtension);

    public override string ToString() => Kind == EpcisIdentifierKind.Location
        ? $"GLN {Gln}{(GlnExtension is null ? string.Empty : " ext " + GlnExtension)}"
        : string.Create(CultureInfo.InvariantCulture, $"GTIN {Gtin}{(Lot is null ? string.Empty : " lot " + Lot)}{(Serial is null ? string.Empty : " serial " + Serial)}");

    internal static EpcisIdentifier FromParts(EpcisIdentifierSyntax syntax, string gtin14, string? lot, string? serial) =>
        new(serial is null ? EpcisIdentifierKind.ProductClass : EpcisIdentifierKind.Item, syntax) { Gtin = gtin14, Lot = lot, Serial = serial };

    internal static EpcisIdentifier FromGln(EpcisIdentifierSyntax syntax, string gln, string? extension) =>
        new(EpcisIdentifierKind.Location, syntax) { Gln = gln, GlnExtension = extension };

    /// <summary>GTIN-8/12/13/14 to 14 digits, or null with an error.</summary>
    internal static string? NormalizeGtin(string? gtin, string field, FieldErrors errors)
    {
        var normalized = NormalizeGtin(gtin, out var error);
        if (error is not null)
        {
            errors.Add(error.Under(field));
        }

        return normalized;
    }

    internal static string? NormalizeGtin(string? gtin, out FieldError? error)
    {
        error = gtin is null || gtin.Length is not (8 or 12 or 13 or 14) || !Gs1CheckDigit.AllDigits(gtin) ? EpcisErrors.GtinFormat(string.Empty)
            : !Gs1CheckDigit.IsValid(gtin) ? EpcisErrors.CheckDigit(string.Empty, gtin)
            : null;
        return error is null ? gtin!.PadLeft(14, '0') : null;
    }

    private static void CheckText(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0 || value.Length > MaxTextLength)
        {
            errors.Add(EpcisErrors.TextLength(field, MaxTextLength));
        }
        else if (!Gs1Text.IsWellFormed(value))
        {
            errors.Add(EpcisErrors.TextUtf16(field));
        }
    }
}
