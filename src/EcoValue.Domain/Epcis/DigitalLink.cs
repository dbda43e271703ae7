using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// GS1 Digital Link URIs (GS1 Digital Link standard 1.2, URI syntax) on any host and under any path prefix:
/// <c>/01/{gtin}[/10/{lot}][/21/{serial}]</c> and <c>/414/{gln}[/254/{ext}]</c>. A path is taken as a Digital Link
/// when a segment "01" or "414" is followed by an all-digit segment; from there it must be well formed. Path values
/// are percent-decoded as UTF-8. The query string (GS1 data attributes such as <c>?17=…</c>) is not part of the
/// identity and is ignored; a fragment is refused.
/// </summary>
internal static class DigitalLink
{
    public static bool TryParse(string uri, bool uriChecked, out EpcisIdentifier? identifier, out FieldError? error)
    {
        identifier = null;
        error = null;
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = uri.IndexOf('/', schemeEnd);
        if (pathStart < 0)
        {
            return false;
        }

        var pathEnd = uri.AsSpan(pathStart).IndexOfAny('?', '#'); // relative to pathStart
        var path = pathEnd < 0 ? uri.AsSpan(pathStart + 1) : uri.AsSpan(pathStart + 1, pathEnd - 1);
        // A path with more segments than fit here is not one of our Digital Links (it stays an opaque URI).
        Span<Range> segments = stackalloc Range[32];
        var count = path.Split(segments, '/');
        if (count == segments.Length)
        {
            return false;
        }

        var key = -1;
        for (var i = 0; i + 1 < count; i++)
        {
            var s = path[segments[i]];
            if ((s.SequenceEqual("01") || s.SequenceEqual("414")) && Gs1CheckDigit.AllDigits(path[segments[i + 1]]))
            {
                key = i;
                break;
            }
        }

        if (key < 0)
        {
            return false;
        }

        if (!uriChecked && !EpcisUri.IsValid(uri))
        {
            error = EpcisErrors.NotUri(string.Empty);
            return false;
        }

        if (pathEnd >= 0 && uri.IndexOf('#', pathStart + pathEnd) >= 0)
        {
            error = EpcisErrors.DigitalLinkSyntax(string.Empty, "a Digital Link identifier has no fragment (#…)", "数字链接标识不得含片段（#…）");
            return false;
        }

        var isGtin = path[segments[key]].SequenceEqual("01");
        var keyValue = path[segments[key + 1]].ToString();
        string? primary;
        if (isGtin)
        {
            primary = EpcisIdentifier.NormalizeGtin(keyValue, out error);
        }
        else
        {
            error = keyValue.Length != 13 ? EpcisErrors.GlnFormat(string.Empty)
                : !Gs1CheckDigit.IsValid(keyValue) ? EpcisErrors.CheckDigit(string.Empty, keyValue)
                : null;
            primary = error is null ? keyValue : null;
        }

        // Key qualifiers in the order GS1 Digital Link fixes: 10 (lot) before 21 (serial) after 01; 254 after 414.
        string? lot = null, serial = null, ext = null;
        var order = 0;
        for (var i = key + 2; i < count && error is null; i += 2)
        {
            var ai = path[segments[i]];
            var rank = isGtin
                ? ai.SequenceEqual("10") ? 1 : ai.SequenceEqual("21") ? 2 : 0
                : ai.SequenceEqual("254") ? 1 : 0;
            if (i + 1 >= count)
            {
                error = EpcisErrors.DigitalLinkSyntax(string.Empty, $"application identifier {ai} has no value", $"应用标识符 {ai} 缺少取值");
            }
            else if (rank == 0)
            {
                error = EpcisErrors.DigitalLinkSyntax(string.Empty,
                    $"unsupported key qualifier /{ai}/ (this service reads /01/{{gtin}}[/10/{{lot}}][/21/{{serial}}] and /414/{{gln}}[/254/{{extension}}])",
                    $"不支持的限定符 /{ai}/（本服务只识别 /01/{{gtin}}[/10/{{批号}}][/21/{{序列号}}] 与 /414/{{gln}}[/254/{{扩展}}]）");
            }
            else if (rank <= order)
            {
                error = EpcisErrors.DigitalLinkSyntax(string.Empty, $"key qualifier /{ai}/ repeated or out of order (10 before 21)", $"限定符 /{ai}/ 重复或顺序错误（10 须在 21 之前）");
            }
            else if (Gs1Text.PercentDecode(path[segments[i + 1]]) is not { } value)
            {
                error = EpcisErrors.DigitalLinkSyntax(string.Empty, $"the value of /{ai}/ has a bad %-escape or is not UTF-8", $"/{ai}/ 的取值含错误的 % 转义或不是 UTF-8");
            }
            else if (value.Length == 0 || value.Length > EpcisIdentifier.MaxTextLength)
            {
                error = EpcisErrors.TextLength(string.Empty, EpcisIdentifier.MaxTextLength);
            }
            else
            {
                order = rank;
                if (!isGtin)
                {
                    ext = value;
                }
                else if (rank == 1)
                {
                    lot = value;
                }
                else
                {
                    serial = value;
                }
            }
        }

        if (error is not null || primary is null)
        {
            return false;
        }

        identifier = isGtin
            ? EpcisIdentifier.FromParts(EpcisIdentifierSyntax.DigitalLink, primary, lot, serial)
            : EpcisIdentifier.FromGln(EpcisIdentifierSyntax.DigitalLink, primary, ext);
        return true;
    }
}
