using System.Security.Cryptography;
using System.Text;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Features.Dossier;

/// <summary>
/// The dossier as one printable HTML page: every label in Chinese and English, A4 print rules, no script, no
/// request for anything (the style is inline under a CSP hash), every value HTML-encoded by <see cref="HtmlBuilder"/>
/// and text people typed isolated in <c>&lt;bdi&gt;</c>. Saved to disk it is the whole dossier.
/// </summary>
internal static class DossierHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The page's only style. A4 with 15 mm margins; tables and proofs avoid breaking inside a row.</summary>
    public const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font:10.5pt/1.45 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#111;background:#fff}
        main{max-width:52rem;margin:0 auto;padding:1rem}
        h1{font-size:1.6rem;margin:0 0 .25rem}
        h2{font-size:1.15rem;margin:1.4rem 0 .4rem;padding-bottom:.15rem;border-bottom:2px solid #0b4f1b;break-after:avoid}
        h3{font-size:.95rem;margin:.8rem 0 .2rem;break-after:avoid}
        .en{color:#3d4a3d;font-weight:400}
        .muted{color:#3d4a3d}
        dl{display:grid;grid-template-columns:minmax(9rem,16rem) 1fr;gap:.15rem .8rem;margin:.3rem 0 .6rem}
        dt{color:#3d4a3d}
        dd{margin:0;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%;margin:.3rem 0 .8rem}
        th,td{border:1px solid #b8c4b8;padding:.2rem .35rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eef3ee}
        tr{break-inside:avoid}
        .mono,pre{font-family:"Noto Sans Mono CJK SC","DejaVu Sans Mono",ui-monospace,monospace;font-size:.8rem}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f6f4;border:1px solid #d5ddd5;padding:.4rem;margin:.2rem 0 .6rem}
        @page{size:A4;margin:15mm}
        @media print{main{max-width:none;padding:0}a{color:#111;text-decoration:none}h2{break-after:avoid}}
        """;

    /// <summary>CSP source of the style element: <c>'sha256-…'</c> of its exact text.</summary>
    public static readonly string StyleHash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>Nothing loads, runs, submits or frames: the page is its own text and style.</summary>
    public static readonly string ContentSecurityPolicy = $"default-src 'none'; style-src {StyleHash}; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static byte[] RenderUtf8(BatchDossier dossier)
    {
        using var buffer = new PooledBuffer(64 * 1024);
        Build(dossier).WriteTo(buffer);
        return buffer.WrittenMemory.ToArray();
    }

    public static string Render(BatchDossier dossier) => Encoding.UTF8.GetString(RenderUtf8(dossier));

    private static HtmlBuilder Build(BatchDossier d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var h = HtmlBuilder.Rent();
        h.Raw("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>")
            .Text(DossierText.Both(DossierText.Title)).Raw(" · ").Text(d.Batch.Product).Raw(" · ").Text(d.Batch.Lot)
            .Raw("</title>\n<style>").Raw(Style).Raw("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
        Label(h, DossierText.Title);
        h.Raw("</h1>\n<p class=\"lead\">").User(d.Batch.Product).Raw(" · ").User(d.Batch.Lot).Raw(" · ").User(d.Producer.Name).Raw("</p>\n<p class=\"muted\">");
        Label(h, DossierText.GeneratedAt);
        h.Raw(": <time>").Text(d.GeneratedAt).Raw("</time></p>\n<p class=\"muted\">").Text(DossierText.Intro.Zh).Raw("<br><span lang=\"en\">").Text(DossierText.Intro.En).Raw("</span></p>\n</header>\n");
        foreach (var section in DossierOutline.Of(d))
        {
            h.Raw("<section>\n<h2>");
            Label(h, section.Title);
            h.Raw("</h2>\n");
            foreach (var block in section.Blocks)
            {
                Block(h, block);
            }

            h.Raw("</section>\n");
        }

        return h.Raw("</main>\n</body>\n</html>\n");
    }

    /// <summary>A label in both languages, each marked with its language (screen readers and fonts pick it up).</summary>
    private static void Label(HtmlBuilder h, Bilingual text)
    {
        if (text.Zh == text.En)
        {
            h.Text(text.En);
            return;
        }

        h.Raw("<span lang=\"zh-CN\">").Text(text.Zh).Raw("</span> <span class=\"en\" lang=\"en\">").Text(text.En).Raw("</span>");
    }

    private static void Block(HtmlBuilder h, DossierBlock block)
    {
        switch (block)
        {
            case FieldsBlock fields:
                h.Raw("<dl>\n");
                foreach (var f in fields.Fields)
                {
                    h.Raw("<dt>");
                    Label(h, f.Label);
                    h.Raw(f.Mono ? "</dt><dd class=\"mono\">" : "</dt><dd>").User(f.Value).Raw("</dd>\n");
                }

                h.Raw("</dl>\n");
                break;
            case TableBlock table:
                h.Raw("<table>\n<thead><tr>");
                foreach (var header in table.Headers)
                {
                    h.Raw("<th scope=\"col\">");
                    Label(h, header);
                    h.Raw("</th>");
                }

                h.Raw("</tr></thead>\n<tbody>\n");
                foreach (var row in table.Rows)
                {
                    h.Raw("<tr>");
                    foreach (var cell in row)
                    {
                        h.Raw("<td>").User(cell).Raw("</td>");
                    }

                    h.Raw("</tr>\n");
                }

                h.Raw("</tbody>\n</table>\n");
                break;
            case NoteBlock note:
                h.Raw("<p>").Text(note.Text.Zh).Raw("<br><span class=\"en\" lang=\"en\">").Text(note.Text.En).Raw("</span></p>\n");
                break;
            case CodeBlock code:
                if (code.Caption is { } caption)
                {
                    h.Raw("<h3>");
                    Label(h, caption);
                    h.Raw("</h3>\n");
                }

                h.Raw("<pre>").Text(code.Text).Raw("</pre>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "no rendering for this block");
        }
    }
}
