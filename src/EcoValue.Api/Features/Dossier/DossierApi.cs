using System.Security.Claims;
using EcoValue.Api.Features.Epcis;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Registry;

namespace EcoValue.Api.Features.Dossier;

/// <summary>The renderings of a dossier (?format=).</summary>
public enum DossierFormat
{
    Json,
    Epcis,
    Html,
    Pdf,
}

/// <summary>
/// GET /api/v1/batches/{id}/dossier?format=json|epcis|html|pdf (docs/dossier.md, issue 7): a batch's provenance
/// dossier for an admin, the batch's farmer (another producer's batch is 404, as everywhere) or a buyer (any batch:
/// a dossier holds only public fields). The portal's download (/portal/batches/{id}/dossier) answers with the same
/// <see cref="AnswerAsync"/>.
/// </summary>
public static class DossierApi
{
    /// <summary>Authorisation policy: an admin, a farmer (its own batches) or a buyer.</summary>
    public const string Policy = "dossier";

    private const string LdJson = "application/ld+json";

    public static IServiceCollection AddDossier(this IServiceCollection services)
    {
        services.AddSingleton<DossierBuilder>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim("role", Roles.Admin, Roles.Farmer, Roles.Buyer));
        return services;
    }

    public static IEndpointRouteBuilder MapDossier(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/batches/{id}/dossier", GetAsync).WithTags("Batches").WithName("BatchDossier")
            .WithSummary("A batch's provenance dossier, public fields only, each record with its proof: format=json (default), epcis (EPCIS 2.0, valid against the GS1 JSON schema), html (printable, bilingual) or pdf (A4, bilingual)")
            .RequireAuthorization(Policy)
            .Produces<BatchDossier>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, contentType: LdJson, additionalContentTypes: ["text/html", DossierPdf.ContentType])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>json (also when absent), epcis, html, pdf; exact lower-case names.</summary>
    public static bool TryParse(string? format, out DossierFormat result)
    {
        (var ok, result) = format switch
        {
            null or "json" => (true, DossierFormat.Json),
            "epcis" => (true, DossierFormat.Epcis),
            "html" => (true, DossierFormat.Html),
            "pdf" => (true, DossierFormat.Pdf),
            _ => (false, DossierFormat.Json),
        };
        return ok;
    }

    /// <summary>What a caller may take a dossier of: an admin or a buyer any batch, a farmer its own producer's.</summary>
    public static Scope ScopeOf(Caller caller) => caller.Role == Roles.Buyer ? Scope.All : caller.Scope;

    internal static async Task<IResult> GetAsync(string id, string? format, HttpContext ctx, ClaimsPrincipal user, DossierBuilder builder, RegistryRepository repo, PublicLinks links, CancellationToken ct)
    {
        if (!TryParse(format, out var f))
        {
            return Problems.Validation(ctx, "format", "dossier.format", "must be one of json, epcis, html, pdf", "应为 json、epcis、html、pdf 之一");
        }

        return await AnswerAsync(id, f, ctx, Caller.From(user), builder, repo, links, ct).ConfigureAwait(false)
            ?? Problems.NotFound(ctx, "batch", "批次");
    }

    /// <summary>
    /// The dossier of batch <paramref name="id"/> in <paramref name="format"/> as a response, or null when the
    /// caller may not see the batch (the caller answers 404 its own way). The one place that writes dossiers.
    /// </summary>
    internal static async Task<IResult?> AnswerAsync(string id, DossierFormat format, HttpContext ctx, Caller caller, DossierBuilder builder, RegistryRepository repo, PublicLinks links, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(builder);
        var scope = ScopeOf(caller);
        var headers = ctx.Response.Headers;
        if (format == DossierFormat.Epcis)
        {
            // The batch's own farmer and admins keep the full export they had; a buyer gets the public events.
            var document = id is { Length: > 0 and <= 64 }
                ? await EpcisApi.JourneyDocumentAsync(ctx, repo, id, scope, publicOnly: caller.Role == Roles.Buyer, ct).ConfigureAwait(false)
                : null;
            if (document is null)
            {
                return null;
            }

            headers.ContentDisposition = $"attachment; filename=\"batch-{FileName(id)}.epcis.jsonld\"";
            return TypedResults.File(document, LdJson);
        }

        if (await builder.BuildAsync(id, scope, links.Base(ctx), ct).ConfigureAwait(false) is not { } dossier)
        {
            return null;
        }

        // A dossier is a snapshot of the moment (licence standing, anchoring): not kept by caches.
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        switch (format)
        {
            case DossierFormat.Html:
                headers.ContentSecurityPolicy = DossierHtml.ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentLanguage = "zh-CN, en";
                return TypedResults.Bytes(DossierHtml.RenderUtf8(dossier), DossierHtml.ContentType);
            case DossierFormat.Pdf:
                // Rendering takes tens of milliseconds of CPU: off the request thread's synchronous path.
                var pdf = await Task.Run(() => DossierPdf.Render(dossier), ct).ConfigureAwait(false);
                headers.ContentDisposition = $"attachment; filename=\"dossier-{FileName(dossier.BatchId)}.pdf\"";
                return TypedResults.Bytes(pdf, DossierPdf.ContentType);
            default:
                return TypedResults.Json(dossier, ConsumerPage.Json, "application/json");
        }
    }

    /// <summary>The batch id as a file name: ASCII letters, digits, '-', '_' (anything else becomes '_'), so the header needs no quoting rules.</summary>
    internal static string FileName(string id) =>
        string.Concat(id.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
