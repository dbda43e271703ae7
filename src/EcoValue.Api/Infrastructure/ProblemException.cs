using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// A refusal that a service deep in a request decides on (a rule a brand claim fails, an approval blocked by the
/// evaluation, the chain out of reach) and that the caller must see as problem+json: status, stable type slug, title
/// and detail in both languages, and extension members (the failed criteria, the quota numbers …) whose values may
/// be bilingual text (<see cref="Bilingual"/>) that is rendered in the caller's language.
/// </summary>
public sealed class ProblemException(int status, string slug, string titleEn, string titleZh, string? detailEn = null, string? detailZh = null, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detailEn ?? titleEn)
{
    public int Status { get; } = status;

    public string Slug { get; } = slug;

    public string TitleEn { get; } = titleEn;

    public string TitleZh { get; } = titleZh;

    public string? DetailEn { get; } = detailEn;

    public string? DetailZh { get; } = detailZh;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public ProblemDetails ToProblem(HttpContext context)
    {
        var problem = Problems.Create(context, Status, Slug, TitleEn, TitleZh, DetailEn, DetailZh);
        var chinese = RequestLanguage.IsChinese(context);
        foreach (var (key, value) in Extensions)
        {
            problem.Extensions[key] = Bilingual.Localize(value, chinese);
        }

        return problem;
    }
}

/// <summary>Text in both languages inside a problem's extension members; rendered as the caller's language.</summary>
public sealed record Bilingual(string En, string Zh)
{
    /// <summary>Replaces every <see cref="Bilingual"/> in a value (and in dictionaries and lists of it) by one language.</summary>
    public static object? Localize(object? value, bool chinese) => value switch
    {
        Bilingual b => chinese ? b.Zh : b.En,
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Localize(kv.Value, chinese)),
        IEnumerable<object?> list => list.Select(v => Localize(v, chinese)).ToList(),
        _ => value,
    };
}
