namespace EcoValue.Api.Infrastructure;

/// <summary>The language a response speaks: Chinese when Accept-Language prefers zh (RFC 9110 §12.5.4), else English.</summary>
public static class RequestLanguage
{
    /// <summary>
    /// True when the highest-weighted language range the client accepts is <c>zh</c> or <c>zh-*</c>; ties keep the
    /// client's order, <c>q=0</c> means "not acceptable", a malformed header counts as absent.
    /// </summary>
    public static bool IsChinese(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IList<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> ranges;
        try
        {
            ranges = context.Request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return false;
        }

        var best = ranges
            .Select((r, i) => (Range: r.Value.Value ?? string.Empty, Q: r.Quality ?? 1.0, i))
            .Where(r => r.Q > 0)
            .OrderByDescending(r => r.Q)
            .ThenBy(r => r.i)
            .Select(r => r.Range)
            .FirstOrDefault();
        return best is not null && (best.Equals("zh", StringComparison.OrdinalIgnoreCase) || best.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }
}
