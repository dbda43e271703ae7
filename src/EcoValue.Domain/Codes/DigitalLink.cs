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
/// <item>a path prefix before <c>/01/</c> is allowed (the standard permits one), the query string is ignored except
/// that it must be well-formed;</item>
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
            BatchFacts.CheckLot(errors, "lot", lot);
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
            var afterScheme = text.IndexOf("//", StringComparison.Ordinal) + 2;
            var slash = text.IndexOf('/', afterScheme);
            var host = slash < 0 ? text[afterScheme..] : text[afterScheme..slash];
            var hostEnd = host.IndexOfAny(['?', '#']);
            if (hostEnd >= 0)
            {
                host = host[..hostEnd];
            }

            if (host.Length == 0 || host.Any(c => c <= ' ' || c >= 0x7F || c is '\\' or '@'))
            {
                return Error("link.host", "The link's host name is missing or not plain ASCII.", "链接的主机名缺失或含有非 ASCII 字符。");
            }

            path = slash < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(slash);
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

        // segments[0] is the empty string before the leading '/'; allow a trailing '/'.
        if (segments.Count > 1 && segments[^1].Length == 0)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        var start = segments.IndexOf("01");
        if (start < 0)
        {
            return Error("link.no_gtin", "The link has no /01/{GTIN} part, so it is not a GS1 Digital Link for a product.", "链接中没有 /01/{GTIN} 部分，不是商品的 GS1 数字链接。");
        }

        for (var i = 1; i < start; i++)
        {
            if (segments[i].Length == 0 || Decode(segments[i], out _) is not null)
            {
                return Error("link.prefix", "The path before /01/ is malformed.", "/01/ 之前的路径格式不正确。");
            }
        }

        string? gtinText = null, lot = null, serial = null;
        var order = 0;
        for (var i = start; i < segments.Count; i += 2)
        {
            var ai = segments[i];
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
            if (lot.Length > BatchFacts.MaxLot)
            {
                return Error("lot.too_long", $"The lot (after /10/) has {lot.Length} characters; GS1 allows at most {BatchFacts.MaxLot}.", $"批号（/10/ 之后）有 {lot.Length} 个字符，GS1 最多允许 {BatchFacts.MaxLot} 个。");
            }

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

    /// <summary>GS1 character set 82, 1..20 characters; the error names the character and its position.</summary>
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
    }

    /// <summary>
    /// Percent-decodes one path segment once. Bytes are UTF-8; malformed escapes, malformed UTF-8 and raw characters
    /// outside the URI's allowed set (spaces, controls, non-ASCII typed straight into the path) are errors.
    /// </summary>
    private static FieldError? Decode(string segment, out string value)
    {
        value = string.Empty;
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            for (var i = 0; i < segment.Length; i++)
            {
                if (segment[i] <= ' ' || segment[i] >= 0x7F)
                {
                    // Non-ASCII straight in a path (a browser would have escaped it): report it as a character error below.
                    value = segment;
                    return null;
                }
            }

            value = segment;
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
                    value = segment;
                    return null;
                }

                bytes[n++] = (byte)c;
                continue;
            }

            if (i + 2 >= segment.Length || !char.IsAsciiHexDigit(segment[i + 1]) || !char.IsAsciiHexDigit(segment[i + 2]))
            {
                return Error("link.escape", $"'{Clip(segment)}' has a '%' that is not followed by two hex digits.", $"“{Clip(segment)}” 中的 “%” 后面不是两位十六进制数字。");
            }

            bytes[n++] = byte.Parse(segment.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i += 2;
        }

        try
        {
            value = new UTF8Encoding(false, true).GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return Error("link.utf8", $"'{Clip(segment)}' decodes to bytes that are not UTF-8 text.", $"“{Clip(segment)}” 解码后不是 UTF-8 文本。");
        }

        return null;
    }

    private static FieldError? CheckQuery(ReadOnlySpan<char> query)
    {
        foreach (var c in query)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return Error("link.query", "The link's query string contains spaces or non-ASCII characters.", "链接的查询字符串包含空格或非 ASCII 字符。");
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
