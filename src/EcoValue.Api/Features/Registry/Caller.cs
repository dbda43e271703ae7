using System.Globalization;
using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>
/// Who is calling, from the token's claims (docs/auth.md: sub, role, producer), and what they may see: an admin sees
/// every producer's entries, a farmer only its own producer's. The scope goes into the SQL, so another producer's
/// entry is "not found" (404), not "forbidden": its existence is not revealed (DESIGN.md "Roles and ownership").
/// </summary>
public readonly record struct Caller(string UserId, string Role, string? ProducerId)
{
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.FindFirstValue("sub") ?? string.Empty, user.FindFirstValue("role") ?? string.Empty, user.FindFirstValue("producer"));
    }

    public bool IsAdmin => Role == "admin";

    /// <summary>All for an admin; the own producer for a farmer (a farmer without one sees nothing).</summary>
    public Scope Scope => IsAdmin ? Scope.All : Scope.Producer(ProducerId ?? string.Empty);

    /// <summary>The record's actor reference.</summary>
    public string Actor => "user:" + UserId;
}

/// <summary>List paging and conditional-write helpers shared by the registry endpoints.</summary>
internal static class RegistryHttp
{
    public const int DefaultLimit = 50;

    /// <summary>Checks ?limit= and ?after=; null when fine, else the 400 to answer.</summary>
    public static ProblemHttpResult? CheckPaging(HttpContext context, int? limit, string? after)
    {
        var errors = new FieldErrors();
        if (limit is { } l && (l < 1 || l > RegistryRepository.MaxPageSize))
        {
            errors.Add("limit", "paging.limit", $"must be between 1 and {RegistryRepository.MaxPageSize}", $"应在 1 到 {RegistryRepository.MaxPageSize} 之间");
        }

        if (after is { Length: > 64 })
        {
            errors.Add("after", "paging.cursor", "is not a cursor this service returned", "不是本服务返回的分页游标");
        }

        return errors.Any ? Problems.Validation(context, errors.All) : null;
    }

    /// <summary>The version an If-Match header names ("3" or W/"3"); null when absent or "*".</summary>
    public static long? IfMatchVersion(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header) || header == "*")
        {
            return null;
        }

        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim().Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new DomainValidationException(new FieldError("If-Match", "if_match.format", "must be the ETag this service returned, e.g. \"3\"", "应为本服务返回的 ETag，例如 \"3\""));
    }

    public static void SetETag(HttpContext context, long version) =>
        context.Response.Headers.ETag = "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";
}
