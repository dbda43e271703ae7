using System.Text;
using System.Text.Encodings.Web;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// A very plain HTML answer (status, headline, advice, reasons) standing in for the consumer page, which is built
/// separately (ConsumerPage). The resolver sends every HTML answer through <see cref="ResolverEndpoints"/>'s one
/// WriteHtmlAsync, so swapping this class for the real page is a one-line change there.
/// </summary>
internal static class ConsumerPagePlaceholder
{
    // Chinese text as characters, not numeric references: only markup characters need escaping in UTF-8 HTML.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static Task RenderAsync(HttpContext context, VerificationView? view)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chinese = Infrastructure.RequestLanguage.IsChinese(context);
        var html = Encoder;
        string T(Bilingual b) => html.Encode(chinese ? b.Zh : b.En);
        var sb = new StringBuilder(2048);
        sb.Append("<!doctype html><html lang=\"").Append(chinese ? "zh-CN" : "en").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>EcoValue</title></head><body><main>");
        if (view is null)
        {
            sb.Append("<h1>").Append(chinese ? "无法核验" : "Cannot verify").Append("</h1>");
        }
        else
        {
            sb.Append("<p data-status=\"").Append(VerificationText.Name(view.Status)).Append("\"><strong>").Append(VerificationText.Name(view.Status)).Append("</strong></p>")
                .Append("<h1>").Append(T(view.Headline)).Append("</h1><p>").Append(T(view.Advice)).Append("</p><ul>");
            foreach (var r in view.Reasons)
            {
                sb.Append("<li data-code=\"").Append(html.Encode(r.Code)).Append("\">").Append(html.Encode(chinese ? r.Zh : r.En)).Append("</li>");
            }

            sb.Append("</ul>");
            if (view.Batch is { } b)
            {
                sb.Append("<p>").Append(html.Encode(b.Product)).Append(" · ").Append(html.Encode(b.Lot)).Append("</p>");
            }
        }

        sb.Append("</main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(sb.ToString(), context.RequestAborted);
    }
}
