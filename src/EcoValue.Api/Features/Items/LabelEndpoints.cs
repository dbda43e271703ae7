using System.Security.Claims;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Labels;
using Microsoft.AspNetCore.Http.Features;

namespace EcoValue.Api.Features.Items;

/// <summary>
/// GET /api/v1/batches/{batchId}/labels?format=svg|png|pdf|csv[&amp;scope=items|batch]: the batch's printable codes as
/// labels (docs/labels.md), streamed through <see cref="LabelWriter"/> straight into the response body while the
/// items are read a page at a time, so memory stays flat however many codes. The batch's farmer or an admin.
/// </summary>
internal static class LabelEndpoints
{
    public static void Map(RouteGroupBuilder batchGroup)
    {
        batchGroup.MapGet("/labels", GetAsync).WithName("GetLabels").WithTags("Labels")
            .WithSummary("Labels of the batch's issued, non-withdrawn item codes in issue order (scope=items, the default once codes are issued) or of the batch link (scope=batch): PDF label sheets, ZIP of SVG or PNG, or CSV; streamed")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf", additionalContentTypes: ["application/zip", "text/csv"])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> GetAsync(
        string batchId, string? format, string? scope, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, ItemRepository items, PublicLinks links, CancellationToken ct)
    {
        if (!LabelFormats.TryParse(format, out var labelFormat))
        {
            return Problems.Validation(ctx, "format", "labels.format", "must be one of svg, png, pdf, csv", "应为 svg、png、pdf、csv 之一");
        }

        if (!LabelRun.TryParseScope(scope, out var labelScope))
        {
            return Problems.Validation(ctx, "scope", "labels.scope", "must be items or batch", "应为 items 或 batch");
        }

        if (await repo.GetBatchAsync(batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } batch
            || await items.GetLabelBatchAsync(batch.Id, ct).ConfigureAwait(false) is not { } facts)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var run = LabelRun.Plan(facts, labelScope);
        if (run.Count == 0)
        {
            return facts.Issued == 0
                ? Problems.Of(ctx, StatusCodes.Status409Conflict, "no-item-codes", "The batch has no item codes", "该批次没有商品码",
                    "No item code was issued for this batch yet. Issue codes first, or ask for scope=batch to print the batch's own code.",
                    "该批次尚未签发商品码。请先签发，或使用 scope=batch 打印批次码。")
                : Problems.Of(ctx, StatusCodes.Status409Conflict, "no-item-codes", "Every item code of the batch is withdrawn", "该批次的商品码均已撤回",
                    "There is no item code left to print. Ask for scope=batch to print the batch's own code.",
                    "没有可打印的商品码。可使用 scope=batch 打印批次码。");
        }

        return Stream(run, labelFormat, items, links.ForIssuance(ctx), ct);
    }

    /// <summary>
    /// The label file of a planned run as a response (the route and the portal's download both answer with it).
    /// <paramref name="baseUrl"/> is the base the codes were issued under (configured, or the dev profile's and tests'
    /// request base), so the printed links are exactly the issued ones.
    /// </summary>
    internal static IResult Stream(LabelRun run, LabelFormat format, ItemRepository items, string baseUrl, CancellationToken ct)
    {
        var facts = run.Batch;
        var header = new LabelSheetHeader(facts.BrandNameZh, facts.Product, facts.Lot, facts.ProducerName);
        return new LabelStream(format, header, run.CodesAsync(items, baseUrl, ct).Select(c => new LabelCode(c.Link, c.Text)), run.FileName(LabelFormats.FileExtension(format)));
    }

    /// <summary>Writes the labels as the response body; a failure half-way aborts the response, which <see cref="LabelWriter"/> leaves visibly unfinished.</summary>
    private sealed class LabelStream(LabelFormat format, LabelSheetHeader header, IAsyncEnumerable<LabelCode> codes, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = LabelFormats.ContentType(format);
            // The file name is ASCII letters, digits, '-', '.', '_' only (LabelRun.FileName): no quoting or RFC 5987 needed.
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            response.Headers.CacheControl = "no-store";
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await LabelWriter.WriteAsync(format, header, codes, response.Body, ct: httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
