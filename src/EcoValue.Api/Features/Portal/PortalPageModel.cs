using System.Security.Cryptography;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace EcoValue.Api.Features.Portal;

/// <summary>
/// What every portal page shares: the language (?lang= switch, cookie, Accept-Language), the caller and its scope,
/// links that keep an admin's chosen producer, a per-response CSP nonce, and the not-found answer.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    private Caller? _caller;

    public bool Zh => RequestLanguage.IsChinese(HttpContext);

    public string LangTag => Zh ? "zh-CN" : "en";

    public string L(Text text) => (text ?? throw new ArgumentNullException(nameof(text))).In(Zh);

    public string L(Text text, params object?[] args) => (text ?? throw new ArgumentNullException(nameof(text))).Format(Zh, args);

    /// <summary>The portal's name in the header: a buyer's portal is not a farmer's.</summary>
    public Text PortalName => Caller.Role == Roles.Buyer ? PortalText.BuyerPortalName : PortalText.PortalName;

    /// <summary>The page's heading and title.</summary>
    public abstract Text Title { get; }

    /// <summary>Nonce of the page's one inline style element (Content-Security-Policy allows nothing else).</summary>
    public string Nonce { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The CSP script source of a page that runs script (null, the default: none may run). Portal pages work without
    /// script; a page that adds to that (the bulk verify page's camera scan) names its own source here.
    /// </summary>
    protected virtual string? ScriptSource => null;

    /// <summary>Set when the page answers 404 (missing, or another producer's: the same answer, revealing nothing).</summary>
    public bool Missing { get; private set; }

    /// <summary>When set, the layout adds a meta refresh (pending anchoring shows up as anchored without JavaScript).</summary>
    public int? AutoRefreshSeconds { get; protected set; }

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public Caller Caller => _caller ??= Caller.From(User);

    /// <summary>
    /// The producer the page is about: a farmer's own; for an admin the one named by ?producer= (null until chosen).
    /// </summary>
    public string? ProducerId => Caller.IsAdmin ? (Request.Query["producer"].FirstOrDefault() is { Length: > 0 and <= 64 } p ? p : null) : Caller.ProducerId;

    /// <summary>A portal link; for an admin it carries the chosen producer along.</summary>
    public string Href(string path, params (string Key, string? Value)[] query)
    {
        var url = path;
        if (Caller.IsAdmin && ProducerId is { } producer && !query.Any(q => q.Key == "producer"))
        {
            url = QueryHelpers.AddQueryString(url, "producer", producer);
        }

        foreach (var (key, value) in query)
        {
            if (!string.IsNullOrEmpty(value))
            {
                url = QueryHelpers.AddQueryString(url, key, value);
            }
        }

        return url;
    }

    /// <summary>This page in the other language (a GET: what a form held is not carried over).</summary>
    public string SwitchLanguageHref
    {
        get
        {
            var query = QueryHelpers.ParseQuery(Request.QueryString.Value);
            query["lang"] = Zh ? "en" : "zh";
            return QueryHelpers.AddQueryString(Request.PathBase + Request.Path, query.SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v))));
        }
    }

    /// <summary>Answers 404 with the not-found message inside the normal page frame.</summary>
    protected PageResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>Set when the page answers 403: an action on a brand the caller is not accredited for.</summary>
    public bool NotAllowed { get; private set; }

    /// <summary>Answers 403 with the not-accredited message inside the normal page frame (as the API's 403 not-accredited).</summary>
    protected PageResult ForbiddenPage()
    {
        NotAllowed = true;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>Re-renders a form with its errors: 400, so scripts see the refusal too.</summary>
    protected PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lang = Request.Query["lang"];
        if (lang.Count == 1 && lang[0] is "zh" or "en")
        {
            Response.Cookies.Append(RequestLanguage.CookieName, lang[0]!, new CookieOptions
            {
                Path = "/", MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, IsEssential = true,
            });
        }

        var headers = Response.Headers;
        headers.ContentLanguage = LangTag;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        var scripts = ScriptSource is { } source ? $" script-src {source};" : string.Empty;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{Nonce}';{scripts} img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        // Responses differ by the language cookie and header.
        headers.Vary = "Accept-Language, Cookie";
    }

    /// <summary>The local redirect a form posts to after success (Post/Redirect/Get), keeping the admin's producer.</summary>
    protected RedirectResult RedirectTo(string path, params (string Key, string? Value)[] query) => Redirect(Href(path, query));
}
