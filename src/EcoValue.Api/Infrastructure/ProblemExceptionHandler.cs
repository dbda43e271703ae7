using System.Text.Json;
using EcoValue.Data.Registry;
using EcoValue.Domain;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Diagnostics;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// Turns the exceptions that mean "bad input" or "conflict" into problem+json, so no such case ever becomes a 500:
/// domain validation (400 with field errors), unreadable JSON bodies (400 naming the JSON path), uniqueness
/// conflicts (409), stale If-Match versions (412), certification state conflicts (409) and the refusals services
/// raise as <see cref="ProblemException"/>. Anything else is a real fault and stays a 500 without details.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            DomainValidationException v => Problems.ValidationDetails(httpContext, v.Errors),
            BadHttpRequestException { InnerException: JsonException json } => Problems.ValidationDetails(httpContext, [JsonError(json)]),
            BadHttpRequestException bad => Problems.Create(httpContext, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request",
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request could not be read",
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "请求体过大" : "无法读取请求", bad.Message, bad.Message),
            RegistryConflictException c => Problems.Create(httpContext, StatusCodes.Status409Conflict, "conflict-" + c.What.Replace('_', '-'),
                "This conflicts with an existing entry", "与已有记录冲突", ConflictEn(c.What), ConflictZh(c.What)),
            RegistryVersionException v => Problems.Create(httpContext, StatusCodes.Status412PreconditionFailed, "version-mismatch",
                "The entry has changed since you read it", "该记录在您读取后已被修改",
                $"If-Match named version {v.Expected}; the entry is now at version {v.Actual}. Read it again and reapply your correction.",
                $"If-Match 指定的版本为 {v.Expected}，当前版本为 {v.Actual}。请重新读取后再提交更正。"),
            ProblemException p => p.ToProblem(httpContext),
            Data.Certification.CertificationStateException c => Problems.Create(httpContext, StatusCodes.Status409Conflict, "conflict-" + c.Code.Replace('.', '-').Replace('_', '-'),
                "This is not possible in the current state", "当前状态下无法执行", StateEn(c), StateZh(c)),
            DomainException d => Problems.Create(httpContext, StatusCodes.Status400BadRequest, "bad-input", "The input is not valid", "输入无效", d.Message, d.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            string path = httpContext.Request.Path;
            LogHandled(logger, problem.Type ?? string.Empty, path);
        }

        await Problems.WriteAsync(httpContext, problem).ConfigureAwait(false);
        return true;
    }

    // System.Text.Json says where it failed as a JSONPath ("$.analytes[1].value"); the field is that path without "$.".
    private static FieldError JsonError(JsonException json)
    {
        var path = json.Path ?? "$";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path == "$" ? string.Empty : path.TrimStart('$');
        return new FieldError(field, "json.invalid",
            "is not valid JSON for this field (wrong type, or malformed JSON)",
            "不是该字段可接受的 JSON（类型错误或 JSON 格式有误）");
    }

    private static string StateEn(Data.Certification.CertificationStateException c) => c.Code switch
    {
        "application.decided" => "The application was decided already.",
        "licence.transition" => "The licence's status does not allow this change (revoked is final; only a suspended licence is reinstated).",
        "batch.claimed" => "The batch carries a brand already.",
        _ => c.Message,
    };

    private static string StateZh(Data.Certification.CertificationStateException c) => c.Code switch
    {
        "application.decided" => "该申请已有决定。",
        "licence.transition" => "许可当前状态不允许此变更（撤销不可恢复；只有暂停的许可可以恢复）。",
        "batch.claimed" => "该批次已使用品牌。",
        _ => c.Message,
    };

    private static string ConflictEn(string what) => what switch
    {
        "credit_code" => "A producer with this unified social credit code is already registered.",
        "gtin_lot" => "A batch with this GTIN and lot already exists: a Digital Link must name one batch.",
        "epcis_event_id" => "An event with this eventID was already captured.",
        _ => "An entry with the same unique key exists.",
    };

    private static string ConflictZh(string what) => what switch
    {
        "credit_code" => "该统一社会信用代码已登记。",
        "gtin_lot" => "已存在相同 GTIN 和批号的批次：一个数字链接只能对应一个批次。",
        "epcis_event_id" => "该 eventID 的事件已采集。",
        _ => "已存在相同唯一键的记录。",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered {Type} for {Path}")]
    private static partial void LogHandled(ILogger logger, string type, string path);
}
