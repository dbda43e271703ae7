using System.Net;
using System.Text.RegularExpressions;

namespace EcoValue.Api.Tests.Portal;

/// <summary>One page as the browser got it.</summary>
public sealed record PortalPage(HttpStatusCode Status, string Html, Uri? Location, HttpResponseMessage Response)
{
    public int Code => (int)Status;

    /// <summary>The antiforgery token of the page's first form (the hidden input Razor writes).</summary>
    public string? Token => PortalSession.TokenIn(Html);
}

/// <summary>
/// A browser-like client for the portal: keeps cookies (portal sign-in, antiforgery, language), does not follow
/// redirects (tests assert them), and posts forms with the antiforgery token of the page they came from.
/// </summary>
public sealed partial class PortalSession : IDisposable
{
    private readonly HttpClient _client;

    public PortalSession(Uri baseAddress, string? acceptLanguage = "en")
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (acceptLanguage is not null)
        {
            _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }
    }

    public CookieContainer Cookies { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<PortalPage> GetAsync(string url)
    {
        var response = await _client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        return new PortalPage(response.StatusCode, html, response.Headers.Location, response);
    }

    /// <summary>POSTs a form; <paramref name="token"/> is the antiforgery token to send (null: none, as a forged request would).</summary>
    public async Task<PortalPage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(new("__RequestVerificationToken", token));
        }

        using var content = new FormUrlEncodedContent(all);
        var response = await _client.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
        return new PortalPage(response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location, response);
    }

    /// <summary>POSTs a multipart form (fields and files, as a browser sends a form with a file input) with the antiforgery token.</summary>
    public async Task<PortalPage> PostMultipartAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Name, string FileName, string ContentType, byte[] Bytes)> files, string? token)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value, System.Text.Encoding.UTF8), name);
        }

        foreach (var (name, fileName, contentType, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            content.Add(part, name, fileName);
        }

        if (token is not null)
        {
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }

        var response = await _client.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
        return new PortalPage(response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location, response);
    }

    /// <summary>GETs <paramref name="formUrl"/> for its token, then POSTs the fields to <paramref name="postUrl"/> (default: the same URL).</summary>
    public async Task<PortalPage> SubmitAsync(string formUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        var form = await GetAsync(formUrl);
        Assert.True(form.Code == 200, $"GET {formUrl} answered {form.Code}");
        return await PostAsync(postUrl ?? formUrl, fields, form.Token ?? throw new InvalidOperationException($"no antiforgery token on {formUrl}"));
    }

    public async Task<PortalPage> SignInAsync(string username, string password)
    {
        var page = await SubmitAsync("/portal/login", Fields(("username", username), ("password", password)), "/portal/login/attempt");
        return page;
    }

    public bool HasPortalCookie => Cookies.GetCookies(_client.BaseAddress!).Any(c => c.Name == "EcoValue.Portal" && c.Value.Length > 0);

    public static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    public static string? TokenIn(string html)
    {
        var m = TokenPattern().Match(html);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
