using Microsoft.Net.Http.Headers;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// The language a response speaks: Chinese when the client's Accept-Language prefers a zh-* tag over English, or when
/// the portal's language cookie says so (set by the language switch); English otherwise (DESIGN.md: zh-CN and en).
/// </summary>
public static class RequestLanguage
{
    public const string CookieName = "ecovalue-lang";

    public static bool IsChinese(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(RequestLanguage), out var cached) && cached is bool b)
        {
            return b;
        }

        var chinese = Decide(context);
        context.Items[typeof(RequestLanguage)] = chinese;
        return chinese;
    }

    private static bool Decide(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("lang", out var lang) && lang.Count == 1)
        {
            return lang[0]!.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie))
        {
            return cookie.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        }

        var header = context.Request.Headers.AcceptLanguage;
        if (header.Count == 0 || !StringWithQualityHeaderValue.TryParseList(header, out var languages))
        {
            return false;
        }

        // Highest quality first; on a tie the client's order decides (OrderByDescending is stable).
        foreach (var language in languages.Where(l => (l.Quality ?? 1) > 0).OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? string.Empty;
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return false;
    }
}
