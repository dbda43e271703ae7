using System.Globalization;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Infrastructure;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Validation;
using EcoValue.Domain.Verification;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The GS1 Digital Link resolver (<c>GET /01/{gtin}/10/{lot}[/21/{serial}]</c>) and <c>GET /api/v1/verify?link=</c>
/// (docs/verification.md). The resolver reads the raw request target, so <c>%2F</c> inside a lot stays a character of
/// the lot, and negotiates: an RFC 9264 linkset for <c>application/linkset+json</c> (or <c>?linkType=all</c>), the
/// <see cref="VerificationView"/> for <c>application/json</c>, the consumer page otherwise. A code never issued here is
/// 404 (problem+json, or the page saying so), a withdrawn item 410, a malformed link 400 — never a 500.
/// </summary>
internal static class ResolverEndpoints
{
    private enum Representation
    {
        Html,
        Json,
        Linkset,
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/01/{**rest}", [HttpMethods.Get, HttpMethods.Head], ResolveAsync)
            .AllowAnonymous().RequireRateLimiting(VerificationApi.PublicRateLimit).ExcludeFromDescription();
        app.MapMethods("/api/v1/verify", [HttpMethods.Get, HttpMethods.Head], VerifyAsync)
            .AllowAnonymous().RequireRateLimiting(VerificationApi.PublicRateLimit).WithTags("Verification").WithName("Verify")
            .WithSummary("Verify a GS1 Digital Link (full URL or path): status, reasons, product, origin, journey, lab results, licence and proofs")
            .Produces<VerificationView>().Produces<VerificationView>(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    internal static async Task ResolveAsync(HttpContext ctx, VerificationService verification, ScannerIdentity scanner, PublicLinks links, IOptions<VerificationOptions> options, IOptions<ConsumerPageOptions> page)
    {
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = ctx.Request.PathBase + ctx.Request.Path.ToUriComponent() + ctx.Request.QueryString;
        }

        var linkType = ctx.Request.Query["linkType"].ToString();
        var representation = linkType is "all" or "linkset" ? Representation.Linkset : Negotiate(ctx.Request);
        ctx.Response.Headers.Vary = "Accept, Accept-Language";
        if (DigitalLink.Check(raw, out var link) is { } error)
        {
            ctx.Response.Headers.CacheControl = "no-store";
            var scanned = raw.StartsWith('/') ? links.Base(ctx) + raw : raw;
            await (representation == Representation.Html
                ? WriteHtmlAsync(ctx, null, scanned.Length <= 300 ? scanned : scanned[..300] + "…", StatusCodes.Status400BadRequest, page.Value)
                : Problems.WriteAsync(ctx, MalformedProblem(ctx, error))).ConfigureAwait(false);
            return;
        }

        var baseUrl = links.Base(ctx);
        var result = await verification.VerifyAsync(link!, baseUrl, ScanOf(ctx, link!, scanner), ctx.RequestAborted).ConfigureAwait(false);
        SetCaching(ctx, link!, result, options.Value);
        if (result.Outcome != VerificationOutcome.Unknown)
        {
            ctx.Response.Headers.Link = Linkset.Header(result.View, baseUrl);
            if (linkType.Length > 0 && representation != Representation.Linkset && Linkset.Target(result.View, baseUrl, linkType) is { } target && target != result.View.Link)
            {
                ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                ctx.Response.Headers.Location = target;
                return;
            }
        }

        switch (representation)
        {
            case Representation.Html:
                // The page takes no view for a code never issued here: it says so and shows the link as scanned.
                await WriteHtmlAsync(ctx, result.Outcome == VerificationOutcome.Unknown ? null : result.View, result.View.Link, result.HttpStatus, page.Value).ConfigureAwait(false);
                break;
            case Representation.Linkset when result.Outcome != VerificationOutcome.Unknown:
                ctx.Response.StatusCode = result.HttpStatus;
                ctx.Response.ContentType = Linkset.MediaType;
                await ctx.Response.WriteAsync(Linkset.Document(result.View, baseUrl).ToJsonString(), ctx.RequestAborted).ConfigureAwait(false);
                break;
            default:
                await WriteJsonAsync(ctx, result).ConfigureAwait(false);
                break;
        }
    }

    internal static async Task VerifyAsync(HttpContext ctx, string? link, VerificationService verification, ScannerIdentity scanner, PublicLinks links, IOptions<VerificationOptions> options)
    {
        ctx.Response.Headers.Vary = "Accept-Language";
        if (DigitalLink.Check(link, out var parsed) is { } error)
        {
            ctx.Response.Headers.CacheControl = "no-store";
            await Problems.WriteAsync(ctx, MalformedProblem(ctx, error)).ConfigureAwait(false);
            return;
        }

        var result = await verification.VerifyAsync(parsed!, links.Base(ctx), ScanOf(ctx, parsed!, scanner), ctx.RequestAborted).ConfigureAwait(false);
        SetCaching(ctx, parsed!, result, options.Value);
        await WriteJsonAsync(ctx, result).ConfigureAwait(false);
    }

    /// <summary>The one place HTML answers are rendered: the consumer page (docs/consumer-page.md).</summary>
    private static Task WriteHtmlAsync(HttpContext ctx, VerificationView? view, string requestedLink, int status, ConsumerPageOptions options) =>
        ConsumerPage.RenderAsync(ctx, view, requestedLink, status, options);

    private static Task WriteJsonAsync(HttpContext ctx, VerificationResult result)
    {
        if (result.Outcome == VerificationOutcome.Unknown)
        {
            return Problems.WriteAsync(ctx, UnknownProblem(ctx, result));
        }

        ctx.Response.StatusCode = result.HttpStatus;
        return WriteViewAsync(ctx, result.View);
    }

    /// <summary>
    /// The view as the HTTP JSON options write it (<see cref="VerificationJson"/>), built in a pooled buffer and sent
    /// with its length: one write, no chunked framing.
    /// </summary>
    private static async Task WriteViewAsync(HttpContext ctx, VerificationView view)
    {
        var options = ctx.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var body = new PooledBuffer(16 * 1024);
        VerificationJson.WriteTo(body, view, options);
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An item scan is logged when it is a consumer's: a GET from a caller without credentials. HEAD requests (link
    /// checkers) and signed-in callers (a buyer checking stock, an operator) are answered without being logged.
    /// </summary>
    private static ScanEntry? ScanOf(HttpContext ctx, DigitalLink link, ScannerIdentity scanner) =>
        link.IsItem && HttpMethods.IsGet(ctx.Request.Method) && ctx.User.Identity?.IsAuthenticated != true ? scanner.Read(ctx) : null;

    /// <summary>Item scans are logged and personal to the scan: never stored by a cache. A batch's answer may be, briefly.</summary>
    private static void SetCaching(HttpContext ctx, DigitalLink link, VerificationResult result, VerificationOptions options)
    {
        ctx.Response.Headers.CacheControl = link.IsItem || result.Outcome == VerificationOutcome.Unknown || options.CacheSeconds == 0
            ? "no-store"
            : "public, max-age=" + options.CacheSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static Representation Negotiate(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) || accepted.Count == 0)
        {
            return Representation.Html;
        }

        // Highest quality wins; on a tie an exact type beats a wildcard, then the client's order.
        (Representation Kind, double Q, int Exact) best = (Representation.Html, -1, 0);
        foreach (var m in accepted)
        {
            var q = m.Quality ?? 1;
            var type = m.MediaType.Value ?? string.Empty;
            (Representation Kind, int Exact)? candidate = type.ToLowerInvariant() switch
            {
                Linkset.MediaType => (Representation.Linkset, 1),
                "application/json" or "application/problem+json" => (Representation.Json, 1),
                "text/html" or "application/xhtml+xml" => (Representation.Html, 1),
                "application/*" => (Representation.Json, 0),
                "text/*" or "*/*" => (Representation.Html, 0),
                _ => null,
            };
            if (candidate is { } c && q > 0 && (q > best.Q || (q == best.Q && c.Exact > best.Exact)))
            {
                best = (c.Kind, q, c.Exact);
            }
        }

        return best.Q < 0 ? Representation.Html : best.Kind;
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails UnknownProblem(HttpContext ctx, VerificationResult result)
    {
        var problem = Problems.Create(ctx, StatusCodes.Status404NotFound, "unknown-code", "Unknown code", "未知的码",
            "No batch or item with this code was issued by this service. The product may be counterfeit.",
            "本服务从未签发过此码对应的批次或商品，商品可能是假冒的。");
        problem.Extensions["status"] = VerificationText.Name(VerificationStatus.Unknown);
        problem.Extensions["link"] = result.View.Link;
        problem.Extensions["gtin"] = result.Link.Gtin.Value;
        problem.Extensions["lot"] = result.Link.Lot;
        problem.Extensions["serial"] = result.Link.Serial;
        return problem;
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails MalformedProblem(HttpContext ctx, FieldError error)
    {
        var problem = Problems.Create(ctx, StatusCodes.Status400BadRequest, "invalid-link", "Not a valid GS1 Digital Link", "不是有效的 GS1 数字链接", error.En, error.Zh);
        problem.Extensions["code"] = error.Code;
        return problem;
    }
}
