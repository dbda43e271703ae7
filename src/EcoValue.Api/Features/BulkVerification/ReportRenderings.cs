using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Verification.Reports;

namespace EcoValue.Api.Features.BulkVerification;

/// <summary>
/// A saved report read back for people: a bilingual, printable HTML page and a CSV for spreadsheets. Both are
/// renderings of the signed JSON, which stays the evidence (only it can be re-checked offline); both say so.
/// </summary>
public static class ReportRenderings
{
    /// <summary>The report part of a signed file, and its signature hash (as the renderings print it).</summary>
    public static (VerificationReport Report, string Hash, string Signature) Read(byte[] document)
    {
        using var doc = JsonDocument.Parse(document);
        var report = doc.RootElement.GetProperty("report").Deserialize<VerificationReport>(VerificationReport.JsonOptions)
            ?? throw new InvalidOperationException("a saved report has no report part");
        var signature = doc.RootElement.GetProperty("signature");
        return (report, signature.GetProperty("hash").GetString()!, signature.GetProperty("value").GetString()!);
    }

    /// <summary>One row per code: index, input, status, reasons (en and zh), link, GTIN, lot, serial, product, producer, licence, batch.</summary>
    public static byte[] Csv(VerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(128 * (report.Results.Count + 1));
        sb.Append("index,input,status,reasons_en,reasons_zh,link,gtin,lot,serial,product,producer,licence,batch\r\n");
        foreach (var r in report.Results)
        {
            sb.Append(r.Index).Append(',');
            foreach (var cell in new[]
            {
                r.Input, r.Status, string.Join(" | ", r.Reasons.Select(x => x.En)), string.Join(" | ", r.Reasons.Select(x => x.Zh)),
                r.Link, r.Gtin, r.Lot, r.Serial, r.Product, r.Producer, r.Licence, r.Batch,
            })
            {
                // Inputs, reasons, product and producer names come from people: guard them all.
                sb.Append(Labels.Csv.Field(Labels.Csv.Guard(cell ?? string.Empty))).Append(',');
            }

            sb.Length--;
            sb.Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The page's inline style nonce is fresh per response; the CSP allows nothing else (no scripts, no images, no requests).</summary>
    public static (byte[] Html, string ContentSecurityPolicy) Html(VerificationReport report, string hash, string signature)
    {
        ArgumentNullException.ThrowIfNull(report);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var h = HtmlBuilder.Rent();
        h.Raw("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Raw("<title>核验报告 Verification report ").Text(report.Id).Raw("</title><style nonce=\"").Text(nonce).Raw("\">")
            .Raw(Style)
            .Raw("</style></head><body><header><h1>批量核验报告 <span class=\"en\">Bulk verification report</span></h1>")
            .Raw("<p class=\"note\">本页为已签名 JSON 报告的阅读版本；可离线复核的是 JSON 文件（<code>ecovalue verify-report</code>）。 ")
            .Raw("<span class=\"en\">This page renders the signed JSON report; the JSON file is what re-checks offline (<code>ecovalue verify-report</code>).</span></p></header>");

        h.Raw("<section><h2>概要 <span class=\"en\">Summary</span></h2><dl>");
        Row(h, "报告编号", "Report id", report.Id);
        if (report.Label is { } label)
        {
            Row(h, "名称", "Name", label);
        }

        Row(h, "生成时间", "Created", report.CreatedAt);
        Row(h, "服务", "Service", report.Service);
        Row(h, "签名者", "Signed by", report.Signer);
        Row(h, "签名哈希", "Signed hash", hash);
        Row(h, "签名", "Signature", signature);
        Row(h, "链", "Chain", $"{report.Chain.ChainId} · AnchorRegistry {report.Chain.AnchorRegistry ?? "—"}");
        Row(h, "码数", "Codes", report.Summary.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        h.Raw("</dl><ul class=\"counts\">");
        foreach (var (status, count) in report.Summary.ByStatus)
        {
            h.Raw("<li class=\"s-").Text(status.ToLowerInvariant()).Raw("\">").Text(StatusZh(status)).Raw(" <span class=\"en\">").Text(status).Raw("</span>: <b>").Number(count).Raw("</b></li>");
        }

        h.Raw("</ul></section><section><h2>逐码结果 <span class=\"en\">Results</span></h2><table><thead><tr>")
            .Raw("<th>#</th><th>码 <span class=\"en\">Code</span></th><th>状态 <span class=\"en\">Status</span></th><th>产品 / 生产者 <span class=\"en\">Product / producer</span></th><th>原因 <span class=\"en\">Reasons</span></th>")
            .Raw("</tr></thead><tbody>");
        foreach (var r in report.Results)
        {
            h.Raw("<tr class=\"s-").Text(r.Status.ToLowerInvariant()).Raw("\"><td>").Number(r.Index + 1).Raw("</td><td class=\"code\">").User(r.Input).Raw("</td><td>")
                .Text(StatusZh(r.Status)).Raw(" <span class=\"en\">").Text(r.Status).Raw("</span></td><td>").User(r.Product).Raw(r.Producer is null ? string.Empty : " · ").User(r.Producer).Raw("</td><td>");
            foreach (var reason in r.Reasons)
            {
                h.Raw("<div>").User(reason.Zh).Raw(" <span class=\"en\">").User(reason.En).Raw("</span></div>");
            }

            h.Raw("</td></tr>");
        }

        h.Raw("</tbody></table></section><section><h2>证明 <span class=\"en\">Proofs</span></h2><p>")
            .Number(report.Records.Count).Raw(" 条记录，").Number(report.Anchors.Count).Raw(" 个上链根，").Number(report.SerialTrees.Count).Raw(" 棵序列号树。 <span class=\"en\">")
            .Number(report.Records.Count).Raw(" records, ").Number(report.Anchors.Count).Raw(" anchored roots, ").Number(report.SerialTrees.Count).Raw(" serial trees.</span></p><ul class=\"roots\">");
        foreach (var a in report.Anchors)
        {
            h.Raw("<li><code>").Text(a.Root).Raw("</code> · block ").Text(a.Block?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—").Raw(" · tx <code>").Text(a.Tx ?? "—").Raw("</code></li>");
        }

        h.Raw("</ul></section></body></html>");
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        h.WriteTo(buffer);
        var csp = $"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (buffer.WrittenSpan.ToArray(), csp);
    }

    /// <summary>A status as the Chinese page names it.</summary>
    public static string StatusZh(string status) => status switch
    {
        "GENUINE" => "正品",
        "PENDING" => "待上链",
        "SUSPICIOUS" => "可疑",
        "RECALLED" => "已召回",
        "EXPIRED" => "许可过期",
        "SUSPENDED" => "许可暂停",
        "REVOKED" => "许可撤销",
        "TAMPERED" => "记录被篡改",
        _ => "未知码",
    };

    private static void Row(HtmlBuilder h, string zh, string en, string value) =>
        h.Raw("<dt>").Text(zh).Raw(" <span class=\"en\">").Text(en).Raw("</span></dt><dd><code>").Text(value).Raw("</code></dd>");

    private const string Style = """
        body{font:14px/1.45 "Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif;margin:1rem auto;max-width:64rem;padding:0 1rem;color:#1b1b1b}
        h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc}.en{color:#555;font-weight:normal}
        .note{background:#f4f7f4;padding:.5rem;border-left:4px solid #2f6f3e}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
        dd{margin:0;overflow-wrap:anywhere}code{font-size:.85em;overflow-wrap:anywhere}.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
        td.code{font-family:monospace;font-size:.8rem;overflow-wrap:anywhere;max-width:22rem}
        tr.s-genuine td:nth-child(3){color:#1e6b32}tr.s-unknown td:nth-child(3),tr.s-tampered td:nth-child(3),tr.s-revoked td:nth-child(3),tr.s-recalled td:nth-child(3){color:#a31515;font-weight:bold}
        @media print{body{margin:0;max-width:none}.note{border:1px solid #999}@page{size:A4;margin:12mm}}
        """;
}
