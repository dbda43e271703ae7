using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using EcoValue.Api.Infrastructure;
using EcoValue.Domain.Verification;
using Microsoft.AspNetCore.WebUtilities;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The page a consumer sees after scanning a code (docs/consumer-page.md, issue 6): the status in plain words first,
/// then the product, producer, journey, lab results, licence and the proof with a "check it yourself" button.
/// Hand-written HTML (no view engine: the resolver serves thousands of scans a second), every value encoded by
/// <see cref="HtmlBuilder"/>, in zh-CN or en, readable on a phone and complete without JavaScript; the script only
/// adds the in-browser proof check, reading the view from a JSON block embedded in the page.
/// </summary>
public static partial class ConsumerPage
{
    /// <summary>The embedded view's JSON: web naming, and <c>&lt; &gt; &amp; ' +</c> escaped as <c>\uXXXX</c> so no value can close the script element.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private const string NoContent = "";

    /// <summary>
    /// Writes the page for <paramref name="view"/> with <paramref name="statusCode"/>. A null view is an unknown code
    /// (or, with 400, a link that is no product code at all); <paramref name="requestedLink"/> is the link as scanned,
    /// shown on those pages. Sets the language cookie on <c>?lang=zh|en</c>, as the portal does.
    /// </summary>
    public static async Task RenderAsync(HttpContext http, VerificationView? view, string requestedLink, int statusCode, ConsumerPageOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var zh = RequestLanguage.IsChinese(http);
        using var page = RenderUtf8(view, requestedLink, statusCode, options, zh, SwitchLanguageHref(http.Request.Query, zh));

        var response = http.Response;
        response.StatusCode = statusCode;
        var headers = response.Headers;
        headers.ContentType = "text/html; charset=utf-8";
        headers.ContentLanguage = zh ? "zh-CN" : "en";
        // The answer changes with every scan (count, first scan, status): never stored, not even by the browser.
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        // The link holds the serial: it must not travel to the RPC node or an explorer in a Referer header.
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy(view);
        headers.Vary = "Accept, Accept-Language, Cookie";
        SetLanguageCookie(http);
        response.ContentLength = page.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(page.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The page as text (the very bytes <see cref="RenderAsync"/> writes, decoded), for tests and for anything that stores pages.</summary>
    /// <param name="switchLanguageHref">The other language's link, e.g. <c>?lang=en</c> (relative: the same path).</param>
    public static string Render(VerificationView? view, string requestedLink, int statusCode, ConsumerPageOptions options, bool zh, string switchLanguageHref)
    {
        using var page = RenderUtf8(view, requestedLink, statusCode, options, zh, switchLanguageHref);
        return Encoding.UTF8.GetString(page.WrittenMemory.Span);
    }

    /// <summary>
    /// The page as UTF-8 in a pooled buffer (the caller disposes it): the HTML, then the view's JSON written straight
    /// into the same buffer, then the closing tags. Built synchronously, so the thread's reused builders are safe.
    /// </summary>
    private static PooledBuffer RenderUtf8(VerificationView? view, string requestedLink, int statusCode, ConsumerPageOptions options, bool zh, string switchLanguageHref)
    {
        ArgumentNullException.ThrowIfNull(options);
        var page = new PageWriter(HtmlBuilder.Rent(), zh, options);
        var word = view is null
            ? (statusCode == StatusCodes.Status400BadRequest ? ConsumerText.InvalidWord : ConsumerText.Word(VerificationStatus.Unknown))
            : ConsumerText.Word(view.Status);
        var checkable = view is not null && (view.Proofs.Count > 0 || view.ItemProof is not null);

        var h = page.Html;
        h.Raw("<!doctype html>\n<html lang=\"").Raw(zh ? "zh-CN" : "en").Raw("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Raw("<meta name=\"referrer\" content=\"no-referrer\">\n<title>")
            .Text(page.L(word));
        if (view?.Batch is { } titled)
        {
            h.Raw(" · ").Text(titled.Product);
        }

        h.Raw(" · EcoValue</title>\n<style>").Raw(ConsumerAssets.Style).Raw("</style>\n");
        if (checkable)
        {
            h.Raw("<script src=\"").Text(ConsumerAssets.ScriptUrl).Raw("\" defer></script>\n");
        }

        h.Raw("</head>\n<body>\n<a class=\"skip\" href=\"#main\">").Text(page.L(ConsumerText.SkipToContent)).Raw("</a>\n")
            .Raw("<header class=\"top\"><span class=\"brand\">EcoValue</span> <span>").Text(page.L(ConsumerText.PageName)).Raw("</span>")
            .Raw("<a class=\"lang\" href=\"").Text(switchLanguageHref).Raw("\" lang=\"").Raw(zh ? "en" : "zh-CN").Raw("\" hreflang=\"").Raw(zh ? "en" : "zh-CN").Raw("\">")
            .Text(page.L(ConsumerText.OtherLanguage)).Raw("</a></header>\n<main id=\"main\">\n");

        if (view is null || view.Status == VerificationStatus.Unknown)
        {
            page.Unknown(view, requestedLink, statusCode == StatusCodes.Status400BadRequest && view is null);
        }
        else
        {
            page.Verdict(view);
            page.Recall(view.Recall);
            page.Item(view.Item);
            page.Batch(view.Batch);
            page.Producer(view.Producer);
            page.Journey(view.Journey);
            page.Lab(view.LabResults);
            page.Licence(view.Licence);
            page.Proof(view, checkable);
        }

        h.Raw("</main>\n<footer><p>").Text(page.L(ConsumerText.Footer)).Raw("</p></footer>\n");
        var output = new PooledBuffer(view is null ? 8 * 1024 : 64 * 1024);
        if (view is null)
        {
            h.Raw("</body>\n</html>\n").WriteTo(output);
            return output;
        }

        // Last, so the visible answer comes first; JavaScriptEncoder leaves no '<' in it, so no "</script>" or "<!--".
        h.Raw("<script type=\"application/json\" id=\"ev-proof\">").WriteTo(output);
        try
        {
            VerificationJson.WriteTo(output, view, Json);
        }
        catch
        {
            output.Dispose();
            throw;
        }

        output.Write("</script>\n</body>\n</html>\n"u8);
        return output;
    }

    /// <summary>
    /// Nothing runs or loads but this origin's verify.js and the page's own inline style (by hash); the script may talk
    /// to this origin and to the public RPC node the view names, nothing else.
    /// </summary>
    internal static string ContentSecurityPolicy(VerificationView? view)
    {
        var connect = "'self'";
        if (view?.Chain?.PublicRpcUrl is { } rpc && RpcOrigin(rpc) is { } origin)
        {
            connect += " " + origin;
        }

        return $"default-src 'none'; style-src {ConsumerAssets.StyleHash}; script-src 'self'; connect-src {connect}; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>The scheme, host and port of an http(s) URL, or null for anything that could not sit safely in a CSP header.</summary>
    internal static string? RpcOrigin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) is { } origin && SafeOrigin().IsMatch(origin)
            ? origin
            : null;

    /// <summary>This page's query with <c>lang</c> switched (other parameters kept): a relative link, so the path stays.</summary>
    internal static string SwitchLanguageHref(IQueryCollection query, bool zh)
    {
        var kept = query.Where(q => !q.Key.Equals("lang", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("lang", zh ? "en" : "zh"));
        return QueryHelpers.AddQueryString(NoContent, kept);
    }

    /// <summary>Sets the language cookie on <c>?lang=zh|en</c>, as the portal does (the catalogue page too).</summary>
    internal static void SetLanguageCookie(HttpContext http)
    {
        var lang = http.Request.Query["lang"];
        if (lang.Count == 1 && lang[0] is "zh" or "en")
        {
            http.Response.Cookies.Append(RequestLanguage.CookieName, lang[0]!, new CookieOptions
            {
                Path = "/", MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true,
            });
        }
    }

    [GeneratedRegex("^https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?$|^https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeOrigin();
}
