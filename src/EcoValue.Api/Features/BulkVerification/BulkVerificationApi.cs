using System.Security.Claims;
using System.Text.Json;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Reports;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.BulkVerification;

/// <summary>
/// Bulk verification for buyers (issue 7; docs/verification-report.md): <c>POST /api/v1/verify/bulk</c> checks up to
/// 10,000 codes and answers with the signed report (JSON, or its CSV / HTML rendering); the buyer's saved reports
/// under <c>/api/v1/verify/reports</c>. Roles buyer and admin; a report is visible to its owner only (someone
/// else's is a 404, as if it did not exist).
/// </summary>
public static class BulkVerificationApi
{
    public const string Policy = "bulk-verify";

    public static IServiceCollection AddBulkVerification(this IServiceCollection services)
    {
        services.AddSingleton<ReportRepository>();
        services.AddSingleton<ReportSigningKey>();
        services.AddSingleton<BulkVerifier>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim("role", Roles.Buyer, Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapBulkVerification(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/verify").RequireAuthorization(Policy).WithTags("Bulk verification")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/bulk", BulkAsync).WithName("VerifyBulk")
            // Above the service's 1 MiB default: 10,000 long links can pass it (EcoValueApp.MaxRequestBodyBytes).
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(BulkInput.MaxBodyBytes))
            .WithSummary("Checks up to 10,000 Digital Links or printed serials (JSON {codes, label} or CSV, one per line) and returns the signed verification report (format=json|csv|html)")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/reports", ListAsync).WithName("VerificationReports").WithSummary("The caller's saved reports, newest first (keyset pages: limit, before)");
        api.MapGet("/reports/{id}", GetAsync).WithName("VerificationReport")
            .WithSummary("One saved report: the signed JSON as issued, or its CSV / HTML rendering (format=json|csv|html)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A saved report in a list.</summary>
    public sealed record ReportListItem(string Id, string CreatedAt, int Total, IReadOnlyDictionary<string, int> ByStatus, string? Label, string Href);

    internal static async Task<IResult> BulkAsync(HttpContext ctx, ClaimsPrincipal user, BulkVerifier verifier, PublicLinks links, string? format, string? label, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (Format(ctx, format, errors) is not { } chosen)
        {
            return Problems.Validation(ctx, errors.All);
        }

        if (!BulkInput.Readable(ctx.Request.ContentType))
        {
            // Not an AcceptsMetadata filter: the framework's own 415 would be English only.
            return Problems.Of(ctx, StatusCodes.Status415UnsupportedMediaType, "bulk-media-type", "Unsupported list format", "不支持的列表格式",
                "Send application/json ({\"codes\": [...]}) or text/csv with one code per line.", "请以 application/json（{\"codes\": [...]}）或每行一个码的 text/csv 提交。");
        }

        var body = await ReadBodyAsync(ctx.Request, ct).ConfigureAwait(false);
        if (BulkInput.Parse(body, ctx.Request.ContentType, label, errors) is not { } request)
        {
            return Problems.Validation(ctx, errors.All);
        }

        var outcome = await verifier.VerifyAsync(request, links.Base(ctx), Caller.From(user).UserId, ct).ConfigureAwait(false);
        ctx.Response.Headers.Location = $"{ctx.Request.PathBase}/api/v1/verify/reports/{outcome.Report.Id}";
        return Render(ctx, outcome.Document, outcome.Report.Id, chosen, StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, ReportRepository store, string? format, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (Format(ctx, format, errors) is not { } chosen)
        {
            return Problems.Validation(ctx, errors.All);
        }

        if (await store.GetAsync(id, Caller.From(user).UserId, ct).ConfigureAwait(false) is not { } saved)
        {
            return Problems.NotFound(ctx, "report", "报告");
        }

        return Render(ctx, saved.Document, id, chosen, StatusCodes.Status200OK);
    }

    internal static async Task<Results<Ok<ListResponse<ReportListItem>>, ProblemHttpResult>> ListAsync(
        HttpContext ctx, ClaimsPrincipal user, ReportRepository store, int? limit, string? before, CancellationToken ct)
    {
        if (limit is < 1 or > ReportRepository.MaxPageSize)
        {
            return Problems.Validation(ctx, "limit", "paging.limit", $"must be 1..{ReportRepository.MaxPageSize}", $"应为 1..{ReportRepository.MaxPageSize}");
        }

        var (items, next) = await store.ListAsync(Caller.From(user).UserId, before, limit ?? 20, ct).ConfigureAwait(false);
        var list = items.Select(r => new ReportListItem(r.Id, r.CreatedAt, r.Total,
            JsonSerializer.Deserialize<Dictionary<string, int>>(r.ByStatus) ?? [], r.Label, $"{ctx.Request.PathBase}/api/v1/verify/reports/{r.Id}")).ToList();
        if (next is not null)
        {
            ctx.Response.Headers.Link = $"<{ctx.Request.PathBase}/api/v1/verify/reports?limit={limit ?? 20}&before={Uri.EscapeDataString(next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(new ListResponse<ReportListItem>(list, next));
    }

    /// <summary>Writes a signed report as asked: the JSON bytes untouched (the signature covers them), or a rendering.</summary>
    internal static IResult Render(HttpContext ctx, byte[] document, string id, string format, int status)
    {
        ctx.Response.Headers.CacheControl = "private, no-store";
        switch (format)
        {
            case "csv":
                ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"verification-report-{id}.csv\"";
                return new Bytes(ReportRenderings.Csv(ReportRenderings.Read(document).Report), "text/csv; charset=utf-8", status);
            case "html":
                var (report, hash, signature) = ReportRenderings.Read(document);
                var (html, csp) = ReportRenderings.Html(report, hash, signature);
                ctx.Response.Headers.ContentSecurityPolicy = csp;
                return new Bytes(html, "text/html; charset=utf-8", status);
            default:
                ctx.Response.Headers.ContentDisposition = $"inline; filename=\"verification-report-{id}.json\"";
                return new Bytes(document, "application/json", status);
        }
    }

    /// <summary>?format= wins; else the Accept header (text/csv, text/html); else JSON.</summary>
    private static string? Format(HttpContext ctx, string? format, FieldErrors errors)
    {
        if (format is not null)
        {
            if (format is "json" or "csv" or "html")
            {
                return format;
            }

            errors.Add("format", "report.format", "must be json, csv or html", "应为 json、csv 或 html");
            return null;
        }

        var accept = ctx.Request.Headers.Accept.ToString();
        return accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase) ? "csv"
            : accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) ? "html"
            : "json";
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > BulkInput.MaxBodyBytes)
        {
            throw new BadHttpRequestException($"the list is larger than {BulkInput.MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > BulkInput.MaxBodyBytes)
            {
                throw new BadHttpRequestException($"the list is larger than {BulkInput.MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>Bytes with a status of our choosing (201 for a new report); the file results always answer 200.</summary>
    private sealed class Bytes(byte[] body, string contentType, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
