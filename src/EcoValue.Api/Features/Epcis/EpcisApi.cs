using System.Security.Claims;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Epcis;

/// <summary>What a capture filed: how many EPCIS events, and the field event each became per batch.</summary>
public sealed record CaptureResponse(int Events, IReadOnlyList<CapturedFieldEvent> FieldEvents);

/// <summary>
/// EPCIS 2.0 (the subset this domain uses, docs/epcis.md): <c>POST /epcis/capture</c> files a JSON-LD document's
/// events under the caller's batches, all or none; <c>GET /epcis/events</c> reads field events back as an EPCIS
/// document; the batch dossier's <c>format=epcis</c> (Features/Dossier) exports one batch's journey.
/// </summary>
public static class EpcisApi
{
    /// <summary>Largest capture document: 10,000 events with room for ILMD and sensor data.</summary>
    public const long MaxCaptureBytes = 32L * 1024 * 1024;

    private const string LdJson = "application/ld+json";

    public static IEndpointRouteBuilder MapEpcisApi(this IEndpointRouteBuilder app)
    {
        var epcis = app.MapGroup("/epcis").WithTags("EPCIS").RequireAuthorization(RegistryApi.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        epcis.MapPost("/capture", CaptureAsync).WithName("EpcisCapture")
            .WithSummary("Capture an EPCIS 2.0 JSON-LD document: each event becomes a field event (and a record) of the batches it names; all or none")
            .Accepts<object>(LdJson, "application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxCaptureBytes))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        epcis.MapGet("/events", EventsAsync).WithName("EpcisEvents")
            .WithSummary("Field events visible to the caller as an EPCIS 2.0 document (paged: ?limit=&after=, next page in the Link header)")
            .Produces(StatusCodes.Status200OK, contentType: LdJson);
        return app;
    }

    internal static async Task<Results<Created<CaptureResponse>, ProblemHttpResult>> CaptureAsync(
        HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var mediaType = ctx.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not (LdJson or "application/json"))
        {
            return Problems.Of(ctx, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Send an EPCIS document as application/ld+json", "请以 application/ld+json 提交 EPCIS 文档");
        }

        var body = await ReadBodyAsync(ctx.Request, ct).ConfigureAwait(false);
        var document = EpcisDocumentParser.Parse(body);
        var captured = EpcisMapping.ToCaptured(document);
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var written = await writer.CaptureAsync(captured, caller.Scope, caller.Actor, now, ct).ConfigureAwait(false);
        return TypedResults.Created((string?)null, new CaptureResponse(document.Events.Count, written));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EventsAsync(
        HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? batchId, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        var scope = Caller.From(user).Scope;
        var page = await repo.ListEventsInScopeAsync(scope, batchId, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        if (page.Next is { } next)
        {
            var query = $"?limit={limit ?? RegistryHttp.DefaultLimit}&after={Uri.EscapeDataString(next)}" + (batchId is null ? string.Empty : "&batchId=" + Uri.EscapeDataString(batchId));
            ctx.Response.Headers.Link = $"<{ctx.Request.PathBase}{ctx.Request.Path}{query}>; rel=\"next\"";
        }

        return TypedResults.File(await DocumentAsync(ctx, repo, scope, page.Items, ct).ConfigureAwait(false), LdJson);
    }

    /// <summary>
    /// The EPCIS part of a batch's dossier (GET /api/v1/batches/{id}/dossier?format=epcis): the journey in the order
    /// it happened; null when <paramref name="scope"/> does not see the batch. The batch's farmer and admins get the
    /// journey as filed (captured events as captured; actors, inputs and notes as extensions); with
    /// <paramref name="publicOnly"/> (a buyer) each event carries only what the consumer page shows: its step, time,
    /// place and the batch's lot.
    /// </summary>
    internal static async Task<byte[]?> JourneyDocumentAsync(HttpContext ctx, RegistryRepository repo, string id, Scope scope, bool publicOnly, CancellationToken ct)
    {
        if (await repo.GetBatchAsync(id, scope, ct).ConfigureAwait(false) is null)
        {
            return null;
        }

        var rows = new List<FieldEventRow>();
        string? after = null;
        do
        {
            var page = await repo.ListEventsAsync(id, null, null, null, after, RegistryRepository.MaxPageSize, ct).ConfigureAwait(false);
            rows.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        // The journey in the order it happened.
        rows.Sort((a, b) => string.CompareOrdinal(a.OccurredAt, b.OccurredAt));
        return await DocumentAsync(ctx, repo, scope, rows, ct, publicOnly).ConfigureAwait(false);
    }

    private static async Task<byte[]> DocumentAsync(HttpContext ctx, RegistryRepository repo, Scope scope, IReadOnlyList<FieldEventRow> rows, CancellationToken ct, bool publicOnly = false)
    {
        var batches = new Dictionary<string, BatchRow>();
        foreach (var batchId in rows.Select(r => r.BatchId).Distinct())
        {
            batches[batchId] = (await repo.GetBatchAsync(batchId, scope, ct).ConfigureAwait(false))!;
        }

        var baseUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        var events = publicOnly ? EpcisMapping.ToPublicEpcis(rows, batches, baseUrl) : EpcisMapping.ToEpcis(rows, batches, baseUrl);
        return EpcisDocumentWriter.ToUtf8Bytes(events, DateTimeOffset.UtcNow, "urn:uuid:" + RecordEnvelope.NewId(DateTimeOffset.UtcNow));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxCaptureBytes)
        {
            throw new BadHttpRequestException($"the document is larger than {MaxCaptureBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 64 * 1024);
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
