using System.Text;
using System.Text.Json;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.BulkVerification;

/// <summary>The codes to check, and an optional name for the report (a shipment, an invoice number).</summary>
public sealed record BulkRequest(IReadOnlyList<string> Codes, string? Label);

/// <summary>
/// Reads a bulk verification request (docs/verification-report.md): JSON <c>{"codes": [...], "label": "..."}</c>, or
/// a CSV / plain-text list with one code per line in the first column (RFC 4180 quoting; a header line named
/// code, link, serial, 码 or 链接 is skipped; blank lines too). Codes are Digital Links or printed serials. Problems
/// with the request as a whole (no codes, too many, not readable) are field errors; a single unreadable code is not:
/// it is answered as UNKNOWN in the report, since a buyer wants the rest checked.
/// </summary>
public static class BulkInput
{
    public const int MaxCodes = 10_000;

    /// <summary>Longest request body read (10,000 links of typical length take about 1 MB).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    public const int MaxLabelLength = 200;

    private static readonly HashSet<string> Headers = new(StringComparer.OrdinalIgnoreCase) { "code", "codes", "link", "links", "serial", "serials", "digital link", "码", "链接", "商品码" };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True for the media types a list may come in: application/json, text/csv, text/plain.</summary>
    public static bool Readable(string? contentType) => Media(contentType) is "application/json" or "text/csv" or "text/plain";

    private static string Media(string? contentType) => (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Parses <paramref name="body"/> by its media type; the errors say what is wrong when the request cannot be answered.</summary>
    public static BulkRequest? Parse(ReadOnlySpan<byte> body, string? contentType, string? label, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        BulkRequest? request = Media(contentType) switch
        {
            "application/json" => Json(body, errors),
            "text/csv" or "text/plain" => Lines(body, label, errors),
            _ => null,
        };
        if (request is null)
        {
            if (!errors.Any)
            {
                errors.Add("body", "bulk.media_type", "Send application/json ({\"codes\": [...]}) or text/csv with one code per line.", "请以 application/json（{\"codes\": [...]}）或每行一个码的 text/csv 提交。");
            }

            return null;
        }

        return Check(request, errors);
    }

    /// <summary>
    /// The checks on a request as a whole (some codes, at most <see cref="MaxCodes"/>, a short enough name), for a list
    /// gathered elsewhere too (the portal joins a pasted list and an uploaded file): null, with errors, when it cannot be answered.
    /// </summary>
    public static BulkRequest? Check(BulkRequest request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Codes.Count == 0)
        {
            errors.Add("codes", "bulk.empty", "There are no codes to check.", "没有需要核验的码。");
        }
        else if (request.Codes.Count > MaxCodes)
        {
            errors.Add("codes", "bulk.too_many", $"At most {MaxCodes:N0} codes per request; this one has {request.Codes.Count:N0}. Split the list.", $"每次最多核验 {MaxCodes:N0} 个码，本次有 {request.Codes.Count:N0} 个，请分批提交。");
        }

        if (request.Label is { Length: > MaxLabelLength })
        {
            errors.Add("label", "bulk.label_length", $"The report name is longer than {MaxLabelLength} characters.", $"报告名称超过 {MaxLabelLength} 个字符。");
        }

        return errors.Any ? null : request;
    }

    /// <summary>The codes of a CSV or text list (also what the portal's upload and paste box read).</summary>
    public static BulkRequest? Lines(ReadOnlySpan<byte> body, string? label, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string text;
        try
        {
            text = StrictUtf8.GetString(body.StartsWith("\uFEFF"u8) ? body[3..] : body);
        }
        catch (DecoderFallbackException)
        {
            errors.Add("body", "bulk.encoding", "The list is not UTF-8 text.", "列表不是 UTF-8 文本。");
            return null;
        }

        var codes = new List<string>();
        var first = true;
        foreach (var field in FirstFields(text))
        {
            var code = field.Trim();
            if (first && Headers.Contains(code))
            {
                first = false;
                continue;
            }

            first = false;
            if (code.Length > 0)
            {
                codes.Add(code);
            }

            if (codes.Count > MaxCodes)
            {
                break;
            }
        }

        return new BulkRequest(codes, string.IsNullOrWhiteSpace(label) ? null : label.Trim());
    }

    private static BulkRequest? Json(ReadOnlySpan<byte> body, FieldErrors errors)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("codes", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                errors.Add("codes", "bulk.codes", "Give the codes as {\"codes\": [\"https://…/01/…\", \"7KQ2M9XA3HDPX\"]}.", "请以 {\"codes\": [\"https://…/01/…\", \"7KQ2M9XA3HDPX\"]} 的形式提供码。");
                return null;
            }

            var codes = new List<string>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"codes[{codes.Count}]", "bulk.code_type", "Each code must be a string.", "每个码都必须是字符串。");
                    return null;
                }

                codes.Add(item.GetString()!.Trim());
            }

            string? label = null;
            if (root.TryGetProperty("label", out var l))
            {
                if (l.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    errors.Add("label", "bulk.label_type", "The report name must be a string.", "报告名称必须是字符串。");
                    return null;
                }

                label = l.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
            }

            return new BulkRequest(codes, label);
        }
        catch (JsonException)
        {
            errors.Add("body", "bulk.json", "The body is not valid JSON.", "请求体不是有效的 JSON。");
            return null;
        }
    }

    /// <summary>The first field of each CSV line (RFC 4180: a quoted field may hold commas, doubled quotes and line breaks).</summary>
    private static IEnumerable<string> FirstFields(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            string field;
            if (text[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(text[i++]);
                }

                field = sb.ToString();
            }
            else
            {
                var end = text.AsSpan(i).IndexOfAny(",\r\n");
                end = end < 0 ? text.Length : i + end;
                field = text[i..end];
                i = end;
            }

            // Skip the rest of the line (further columns), then the line break.
            var lineEnd = text.IndexOf('\n', i);
            i = lineEnd < 0 ? text.Length : lineEnd + 1;
            yield return field;
        }
    }
}
