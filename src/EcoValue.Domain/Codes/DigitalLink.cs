using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Codes;

/// <summary>
/// A GS1 Digital Link URI (GS1 Digital Link Standard: URI Syntax 1.4) for what this system labels: a batch
/// (<c>/01/{gtin}/10/{lot}</c>) or one item of it (<c>…/21/{serial}</c>). <see cref="Parse"/> is strict because its
/// input is whatever a phone camera, a scanner or a hostile client hands the resolver:
/// <list type="bullet">
/// <item>the path is read undecoded (the caller passes the raw request target), split on <c>/</c>, and each segment is
/// percent-decoded exactly once, so <c>%2F</c> inside a lot is the character '/' of that lot and can never open a new
/// path segment;</item>
/// <item>GTIN-8/12/13/14 are accepted and normalised to 14 digits; the GS1 check digit must hold;</item>
/// <item>lot (AI 10) and serial (AI 21) are 1..20 characters of GS1 character set 82 after decoding; non-ASCII
/// (full-width digits, Cyrillic look-alikes), control characters, malformed or overlong UTF-8 and bad escapes are errors;</item>
/// <item>qualifiers come in the order the standard fixes (22, 10, 21 after 01) and each at most once; AI 22 (consumer
/// product variant) is understood but not used here, and is refused rather than silently dropped;</item>
/// <item>a path prefix before <c>/01/</c> is allowed (the standard permits one) if its segments are non-empty, plain
/// URI characters and well-formed escapes; the query string is ignored except that it must be well-formed (printable
/// ASCII, every '%' followed by two hex digits);</item>
/// <item>no segment may be a dot segment (<c>.</c>, <c>..</c>, or those written with <c>%2E</c>): browsers and HTTP
/// clients remove them before the request is sent (RFC 3986 §5.2.4, WHATWG URL), so <c>/10/../21/X</c> would reach the
/// resolver as another link. For the same reason a lot or serial of "." or ".." cannot be put into a link at all;</item>
/// <item>the host (between <c>://</c> and the first <c>/</c>, <c>?</c> or <c>#</c>) is letters, digits and <c>- . _ ~ : [ ]</c>
/// only: no user info (<c>@</c>), no backslash, nothing a URL parser could read as another host;</item>
/// <item>anything over <see cref="MaxLength"/> characters is refused on its length before it is read.</item>
/// </list>
/// <see cref="ToString"/> gives the canonical form (14-digit GTIN; every character of lot and serial other than
/// <c>A-Z a-z 0-9 - . _</c> percent-encoded with upper-case hex), which is what labels carry.
/// </summary>
public sealed record DigitalLink
{
    /// <summary>Longest link read at all: the longest canonical link is ~ 30 + 14 + 3·20·2 + host; 2,048 leaves room for a long prefix.</summary>
    public const int MaxLength = 2048;

    /// <summary>GS1 AI (21) and AI (10) hold at most 20 characters.</summary>
    public const int MaxSerial = 20;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>RFC 3986 reg-name characters we accept in a host (no percent-escapes, no sub-delims), plus ':' for a port and brackets for IPv6.</summary>
    private static readonly SearchValues<char> HostCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:[]");

    /// <summary>RFC 3986 pchar without '%' (escapes are checked separately): unreserved, sub-delims, ':' and '@'.</summary>
    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@");

    private DigitalLink(Gtin gtin, string? lot, string? serial)
    {
        Gtin = gtin;
        Lot = lot;
        Serial = serial;
    }

    public Gtin Gtin { get; }

    /// <summary>AI 10, decoded; null for a GTIN-only or GTIN + serial link.</summary>
    public string? Lot { get; }

    /// <summary>AI 21, decoded; null for a batch link.</summary>
    public string? Serial { get; }

    /// <summary>True for a link naming one item (AI 21).</summary>
    public bool IsItem => Serial is not null;

    /// <summary>A batch link (<c>/01/{gtin}/10/{lot}</c>).</summary>
    public static DigitalLink ForBatch(Gtin gtin, string lot) => Create(gtin, lot, null);

    /// <summary>An item link (<c>/01/{gtin}/10/{lot}/21/{serial}</c>).</summary>
    public static DigitalLink ForItem(Gtin gtin, string lot, string serial) => Create(gtin, lot, serial);

    private static DigitalLink Create(Gtin gtin, string? lot, string? serial)
    {
        ArgumentNullException.ThrowIfNull(gtin);
        var errors = new FieldErrors();
        if (lot is not null)
        {
            CheckAiValue(errors, "lot", lot, "10");
        }

        if (serial is not null)
        {
            CheckAiValue(errors, "serial", serial, "21");
        }

        errors.ThrowIfAny();
        return new DigitalLink(gtin, lot, serial);
    }

    /// <summary>The path, e.g. <c>/01/06901234567892/10/LOT%2F7/21/X7KQ2M9XA3HDP</c>.</summary>
    public string Path
    {
        get
        {
            var sb = new StringBuilder(80).Append("/01/").Append(Gtin.Value);
            if (Lot is not null)
            {
                sb.Append("/10/");
                Encode(sb, Lot);
            }

            if (Serial is not null)
            {
                sb.Append("/21/");
                Encode(sb, Serial);
            }

            return sb.ToString();
        }
    }

    /// <summary>The canonical path (no host); see <see cref="ToUri"/> for the full link.</summary>
    public override string ToString() => Path;

    /// <summary>The full link under <paramref name="baseUri"/> (scheme, host, optional path prefix; a trailing '/' is ignored).</summary>
    public string ToUri(string baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        return baseUri.TrimEnd('/') + Path;
    }

    /// <summary>The batch link of an item link (drops the serial).</summary>
    public DigitalLink BatchLink => new(Gtin, Lot, null);

    /// <summary>
    /// Parses a full link (<c>https://host/…</c>) or a path (<c>/01/…</c>), given as received: percent escapes not yet
    /// decoded. Throws <see cref="DomainValidationException"/> with one error whose code starts with <c>link.</c>,
    /// <c>gtin.</c>, <c>lot.</c> or <c>serial.</c>.
    /// </summary>
    public static DigitalLink Parse(string? text) => Check(text, out var link) is { } error ? throw new DomainValidationException(error) : link!;

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DigitalLink? link) => Check(text, out link) is null;

    /// <summary>Like <see cref="Parse"/> but returns the error instead of throwing.</summary>
    public static FieldError? Check(string? text, out DigitalLink? link)
    {
        link = null;
        if (string.IsNullOrEmpty(text))
        {
            return Error("link.required", "Give a GS1 Digital Link, e.g. https://example.org/01/09506000134352/10/LOT1/21/ABC123.", "请提供 GS1 数字链接，例如 https://example.org/01/09506000134352/10/LOT1/21/ABC123。");
        }

        if (text.Length > MaxLength)
        {
            return Error("link.too_long", $"The link is longer than {MaxLength} characters; no GS1 Digital Link is that long.", $"链接超过 {MaxLength} 个字符，不可能是 GS1 数字链接。");
        }

        var path = text.AsSpan();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // The authority ends at the first '/', '?' or '#' (RFC 3986 §3.2): "https://host?q=/01/…" has an empty path.
            var afterScheme = text.IndexOf("//", StringComparison.Ordinal) + 2;
            var end = text.IndexOfAny(['/', '?', '#'], afterScheme);
            var host = end < 0 ? text.AsSpan(afterScheme) : text.AsSpan(afterScheme, end - afterScheme);
            if (host.IsEmpty || host.ContainsAnyExcept(HostCharacters))
            {
                return Error("link.host", "The link's host name is missing or has characters a host name cannot have (such as '@', '\\', spaces or non-ASCII).", "链接的主机名缺失，或含有主机名不能包含的字符（如“@”、“\\”、空格或非 ASCII 字符）。");
            }

            path = end < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(end);
        }
        else if (!text.StartsWith('/'))
        {
            return Error("link.scheme", "A Digital Link starts with https:// (or is a path starting with /01/).", "数字链接应以 https:// 开头（或为以 /01/ 开头的路径）。");
        }

        // The fragment is the browser's business; the query may carry linkType or data attributes we do not use.
        var cut = path.IndexOfAny('?', '#');
        if (cut >= 0)
        {
            if (CheckQuery(path[cut..]) is { } queryError)
            {
                return queryError;
            }

            path = path[..cut];
        }

        var segments = new List<string>();
        foreach (var range in path.Split('/'))
        {
            segments.Add(path[range].ToString());
        }

        // segments[0] is the empty string before the leading '/' (or the whole of an empty path); allow a trailing '/'.
        if (segments.Count > 1 && segments[^1].Length == 0)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        for (var i = 1; i < segments.Count; i++)
        {
            if (IsDotSegment(segments[i]))
            {
                return Error("link.dot_segment", $"The link has a '{Clip(segments[i])}' segment; browsers drop such segments, so the link would not reach the item it names.", $"链接含有“{Clip(segments[i])}”路径段；浏览器会删除这种路径段，链接因而无法指向它所标识的商品。");
            }
        }

        var start = segments.IndexOf("01");
        if (start < 0)
        {
            return Error("link.no_gtin", "The link has no /01/{GTIN} part, so it is not a GS1 Digital Link for a product.", "链接中没有 /01/{GTIN} 部分，不是商品的 GS1 数字链接。");
        }

        for (var i = 1; i < start; i++)
        {
            if (segments[i].Length == 0)
            {
                return EmptySegment();
            }

            if (!IsPrefixSegment(segments[i]))
            {
                return Error("link.prefix", $"The path before /01/ has characters a URL path cannot have or a malformed escape ('{Clip(segments[i])}').", $"/01/ 之前的路径含有 URL 路径不允许的字符或错误的转义（“{Clip(segments[i])}”）。");
            }
        }

        string? gtinText = null, lot = null, serial = null;
        var order = 0;
        for (var i = start; i < segments.Count; i += 2)
        {
            var ai = segments[i];
            if (ai.Length == 0)
            {
                return EmptySegment();
            }

            if (i + 1 >= segments.Count)
            {
                return Error("link.missing_value", $"The path ends after /{Clip(ai)}/ without a value.", $"路径在 /{Clip(ai)}/ 之后缺少取值。");
            }

            var rank = ai switch
            {
                "01" => 1,
                "22" => 2,
                "10" => 3,
                "21" => 4,
                _ => 0,
            };
            if (rank == 0)
            {
                return Error("link.unknown_ai", $"'/{Clip(ai)}/' is not a key or qualifier this resolver knows: after /01/{{GTIN}} come /10/{{lot}} and /21/{{serial}}.", $"“/{Clip(ai)}/” 不是本解析器支持的标识：/01/{{GTIN}} 之后应为 /10/{{批号}} 和 /21/{{序列号}}。");
            }

            if (rank <= order)
            {
                return Error("link.qualifier_order", "The parts of the link are out of order or repeated: GS1 requires /01/{GTIN}, then /10/{lot}, then /21/{serial}.", "链接各部分顺序错误或重复：GS1 规定依次为 /01/{GTIN}、/10/{批号}、/21/{序列号}。");
            }

            order = rank;
            if (Decode(segments[i + 1], out var value) is { } decodeError)
            {
                return decodeError;
            }

            switch (rank)
            {
                case 1:
                    gtinText = value;
                    break;
                case 2:
                    return Error("link.cpv", "Links with a consumer product variant (/22/) are not used by this system.", "本系统不使用带消费品变体（/22/）的链接。");
                case 3:
                    lot = value;
                    break;
                default:
                    serial = value;
                    break;
            }
        }

        if (!Gtin.TryParse(gtinText, out var gtin))
        {
            try
            {
                Gtin.Parse(gtinText);
            }
            catch (DomainValidationException e)
            {
                return e.Errors[0];
            }
        }

        var errors = new FieldErrors();
        if (lot is not null)
        {
            CheckAiValue(errors, "lot", lot, "10");
        }

        if (serial is not null)
        {
            CheckAiValue(errors, "serial", serial, "21");
        }

        if (errors.Any)
        {
            return errors.All[0] with { Field = string.Empty };
        }

        link = new DigitalLink(gtin!, lot, serial);
        return null;
    }

    /// <summary>GS1 character set 82, 1..20 characters, not a dot segment; the error names the character and its position.</summary>
    private static void CheckAiValue(FieldErrors errors, string field, string value, string ai)
    {
        var (nameEn, nameZh) = ai == "10" ? ("lot", "批号") : ("serial", "序列号");
        if (value.Length == 0)
        {
            errors.Add(field, field + ".required", $"The {nameEn} (after /{ai}/) is empty.", $"{nameZh}（/{ai}/ 之后）为空。");
            return;
        }

        if (value.Length > MaxSerial)
        {
            errors.Add(field, field + ".too_long", $"The {nameEn} (after /{ai}/) has {value.Length} characters; GS1 allows at most {MaxSerial}.", $"{nameZh}（/{ai}/ 之后）有 {value.Length} 个字符，GS1 最多允许 {MaxSerial} 个。");
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!BatchFacts.IsCset82(value[i]))
            {
                var (en, zh) = IdentifierText.Describe(value, i);
                var (whyEn, whyZh) = IdentifierText.Foreign(value, i);
                errors.Add(
                    field,
                    field + ".character",
                    $"Character {i + 1} of the {nameEn} is {en}{whyEn}; GS1 allows only A–Z, a–z, 0–9 and !\"%&'()*+,-./:;<=>?_ there.",
                    $"{nameZh}的第 {i + 1} 个字符是{zh}{whyZh}；GS1 只允许 A–Z、a–z、0–9 和 !\"%&'()*+,-./:;<=>?_。");
                return;
            }
        }

        if (value is "." or "..")
        {
            // Percent-encoding does not help: URL parsers treat %2E and %2E%2E as dot segments too.
            errors.Add(field, field + ".dot_segment", $"A {nameEn} of '{value}' cannot be carried in a link: browsers remove such path segments.", $"{nameZh}“{value}”无法放入链接：浏览器会删除这种路径段。");
        }
    }

    /// <summary>
    /// Percent-decodes one value segment once. Bytes are UTF-8; malformed escapes and malformed or overlong UTF-8 are
    /// errors. Raw characters are passed through (a browser would have escaped spaces and non-ASCII), so that the value
    /// check can say which character it is: "character 1 is '１' (U+FF11), a full-width character".
    /// </summary>
    private static FieldError? Decode(string segment, out string value)
    {
        value = segment;
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new byte[segment.Length];
        var n = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                if (c >= 0x80)
                {
                    // Raw non-ASCII next to escapes: keep the text as given; the value check reports the character.
                    return null;
                }

                bytes[n++] = (byte)c;
                continue;
            }

            if (!IsEscape(segment, i))
            {
                return Error("link.escape", $"'{Clip(segment)}' has a '%' that is not followed by two hex digits.", $"“{Clip(segment)}” 中的 “%” 后面不是两位十六进制数字。");
            }

            bytes[n++] = byte.Parse(segment.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i += 2;
        }

        try
        {
            value = StrictUtf8.GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return Error("link.utf8", $"'{Clip(segment)}' decodes to bytes that are not UTF-8 text.", $"“{Clip(segment)}” 解码后不是 UTF-8 文本。");
        }

        return null;
    }

    private static bool IsEscape(string s, int i) =>
        i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]);

    /// <summary>A segment of the path prefix: RFC 3986 pchar, escapes well-formed and decoding to UTF-8.</summary>
    private static bool IsPrefixSegment(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%')
            {
                if (!IsEscape(segment, i))
                {
                    return false;
                }

                i += 2;
            }
            else if (!PathCharacters.Contains(segment[i]))
            {
                return false;
            }
        }

        return Decode(segment, out _) is null;
    }

    /// <summary>"." and ".." and their spellings with %2E (WHATWG URL: single-dot and double-dot path segments).</summary>
    private static bool IsDotSegment(string segment) =>
        segment.Length is >= 1 and <= 6
        && segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..";

    private static FieldError EmptySegment() =>
        Error("link.empty_segment", "The link has an empty path segment ('//'), where GS1 expects a key or qualifier.", "链接中有空的路径段（“//”），此处应为 GS1 标识代码。");

    private static FieldError? CheckQuery(ReadOnlySpan<char> query)
    {
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            var bad = c <= ' ' || c >= 0x7F
                || (c == '%' && !(i + 2 < query.Length && char.IsAsciiHexDigit(query[i + 1]) && char.IsAsciiHexDigit(query[i + 2])));
            if (bad)
            {
                return Error("link.query", "The link's query string contains spaces, non-ASCII characters or a '%' not followed by two hex digits.", "链接的查询字符串包含空格、非 ASCII 字符，或“%”后面不是两位十六进制数字。");
            }
        }

        return null;
    }

    /// <summary>Percent-encodes everything but the URI unreserved characters GS1 set 82 shares (<c>A-Z a-z 0-9 - . _</c>).</summary>
    private static void Encode(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Echo at most 24 characters of hostile input in a message.</summary>
    private static string Clip(string s) => s.Length <= 24 ? s : s[..24] + "…";

    private static FieldError Error(string code, string en, string zh) => new(string.Empty, code, en, zh);
}
