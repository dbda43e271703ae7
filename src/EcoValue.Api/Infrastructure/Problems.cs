using System.Text.Json;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// RFC 9457 problem details as this service writes them: a stable <c>type</c> URI per kind of problem (clients switch
/// on it), title and detail in the caller's language (zh or en, <see cref="RequestLanguage"/>), and for bad input an
/// <c>errors</c> member mapping each field's JSON path to its messages, plus <c>codes</c> with the machine codes.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://ecovalue.dev/problems/";

    public static ProblemHttpResult Validation(HttpContext context, IEnumerable<FieldError> errors) =>
        TypedResults.Problem(ValidationDetails(context, errors));

    /// <summary>400 "validation" with <c>errors</c> (field path to messages in the caller's language) and <c>codes</c>.</summary>
    public static ProblemDetails ValidationDetails(HttpContext context, IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var chinese = RequestLanguage.IsChinese(context);
        var list = errors.ToList();
        var problem = Create(context, StatusCodes.Status400BadRequest, "validation", "The input is not valid", "输入无效",
            "Correct the fields listed in errors and send it again.", "请修改 errors 中列出的字段后重新提交。");
        problem.Extensions["errors"] = list.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(chinese)).ToArray());
        problem.Extensions["codes"] = list.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        return problem;
    }

    public static ProblemHttpResult Validation(HttpContext context, string field, string code, string en, string zh) =>
        Validation(context, [new FieldError(field, code, en, zh)]);

    /// <summary>404: no such thing, or not the caller's to see (the two are answered alike, so ids reveal nothing).</summary>
    public static ProblemHttpResult NotFound(HttpContext context, string whatEn, string whatZh) =>
        TypedResults.Problem(Create(context, StatusCodes.Status404NotFound, "not-found", "Not found", "未找到",
            $"No {whatEn} with this id is visible to you.", $"没有您可查看的该{whatZh}。"));

    public static ProblemHttpResult Of(HttpContext context, int status, string slug, string titleEn, string titleZh, string? detailEn = null, string? detailZh = null) =>
        TypedResults.Problem(Create(context, status, slug, titleEn, titleZh, detailEn, detailZh));

    public static ProblemDetails Create(HttpContext context, int status, string slug, string titleEn, string titleZh, string? detailEn = null, string? detailZh = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chinese = RequestLanguage.IsChinese(context);
        return new ProblemDetails
        {
            Type = TypeBase + slug,
            Status = status,
            Title = chinese ? titleZh : titleEn,
            Detail = chinese ? detailZh : detailEn,
            Instance = context.Request.Path,
        };
    }

    /// <summary>Serialises a problem outside an endpoint (middleware, authentication events) with the right content type.</summary>
    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/problem+json";
        return JsonSerializer.SerializeAsync(context.Response.Body, problem, ProblemJson, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);
}
