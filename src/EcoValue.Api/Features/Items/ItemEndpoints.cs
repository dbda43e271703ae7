using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EcoValue.Api.Features.Items;

/// <summary>One item as the batch's owner sees it.</summary>
public sealed record ItemResponse(string Serial, string ShortCode, string Link, long Position, string IssuanceRecordId, string IssuedAt, bool Withdrawn, string? WithdrawnReason, string? WithdrawnRecordId);

public sealed record ItemListResponse(IReadOnlyList<ItemResponse> Items, string? Next);

public sealed record WithdrawResponse(string BatchId, string? RecordId, IReadOnlyList<string> Withdrawn, IReadOnlyList<string> AlreadyWithdrawn);

/// <summary>/api/v1/batches/{batchId}/items: issue codes (streamed), list them, withdraw some. The batch's farmer or an admin.</summary>
internal static class ItemEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/", IssueAsync).WithName("IssueItems")
            .WithSummary("Issue item codes (1–100,000 per request, streamed; Accept: text/csv for serial,link lines)")
            .Produces(StatusCodes.Status201Created, contentType: "application/json", additionalContentTypes: ["text/csv"])
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListItems").WithSummary("The batch's item codes in issue order, paged (?after=<next>&limit=1..1000)");
        group.MapPost("/withdraw", WithdrawAsync).WithName("WithdrawItems")
            .WithSummary("Withdraw item codes (a record); the resolver then answers 410 for them")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<IResult> IssueAsync(
        string batchId, IssueInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, ItemIssuer issuer, PublicLinks links, VerificationCache cache, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (await repo.GetBatchAsync(batchId, caller.Scope, ct).ConfigureAwait(false) is not { } batch)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var (count, itemQuantity) = (input ?? new IssueInput(null, null)).Validate(batch.Unit);
        var baseUrl = links.ForIssuance(ctx);
        var csv = WantsCsv(ctx.Request);
        var turn = await issuer.TurnAsync(batch.Id, ct).ConfigureAwait(false);
        try
        {
            // Before anything is written: a request that does not fit is refused whole (409 with the numbers).
            await issuer.CheckAsync(batch, count, itemQuantity, ct).ConfigureAwait(false);
        }
        catch
        {
            turn.Dispose();
            throw;
        }

        return new IssuanceStream(batch, count, itemQuantity, caller.Actor, baseUrl, csv, issuer, turn, () => cache.Invalidate(batch.Id));
    }

    internal static async Task<Results<Ok<ItemListResponse>, ProblemHttpResult>> ListAsync(
        string batchId, string? after, int? limit, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, ItemRepository items, PublicLinks links, CancellationToken ct)
    {
        long? cursor = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
            {
                return Problems.Validation(ctx, "after", "paging.cursor", "is not a cursor this service returned", "不是本服务返回的分页游标");
            }

            cursor = a;
        }

        if (limit is { } l && (l < 1 || l > ItemRepository.MaxPageSize))
        {
            return Problems.Validation(ctx, "limit", "paging.limit", $"must be between 1 and {ItemRepository.MaxPageSize}", $"应在 1 到 {ItemRepository.MaxPageSize} 之间");
        }

        if (await repo.GetBatchAsync(batchId, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } batch)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var (rows, next) = await items.ListItemsAsync(batch.Id, cursor, limit ?? 100, ct).ConfigureAwait(false);
        var baseUrl = links.Base(ctx);
        var gtin = Gtin.Parse(batch.Gtin);
        return TypedResults.Ok(new ItemListResponse(
            [.. rows.Select(r => new ItemResponse(r.Serial, ItemSerial.Grouped(r.Serial), PublicLinks.Item(baseUrl, gtin, batch.Lot, r.Serial), r.Position, r.IssuanceRecordId, r.CreatedAt, r.Withdrawn, r.WithdrawnReason, r.WithdrawnRecordId))],
            next?.ToString(CultureInfo.InvariantCulture)));
    }

    internal static async Task<Results<Ok<WithdrawResponse>, ProblemHttpResult>> WithdrawAsync(
        string batchId, WithdrawInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, ItemRepository items, VerificationCache cache, TimeProvider time, CancellationToken ct)
    {
        var (serials, reason) = (input ?? new WithdrawInput(null, null)).Validate();
        var caller = Caller.From(user);
        if (await repo.GetBatchAsync(batchId, caller.Scope, ct).ConfigureAwait(false) is not { } batch)
        {
            return Problems.NotFound(ctx, "batch", "批次");
        }

        var now = time.GetUtcNow();
        var result = await items.WithdrawAsync(batch.Id, serials, reason, fresh => RecordEnvelope.Create(ItemKinds.Withdrawal, "batch:" + batch.Id, caller.Actor, now, new JsonObject
        {
            ["batch"] = batch.Id,
            ["serials"] = new JsonArray([.. fresh.Select(s => (JsonNode)s)]),
            ["reason"] = reason,
        }), ct).ConfigureAwait(false);
        cache.Invalidate(batch.Id);
        return TypedResults.Ok(new WithdrawResponse(batch.Id, result.RecordId, result.Withdrawn, result.AlreadyWithdrawn));
    }

    /// <summary>True when the client prefers text/csv to JSON (label printers' tooling).</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        double csv = 0, json = 0;
        foreach (var m in accepted)
        {
            var q = m.Quality ?? 1;
            if (m.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                csv = Math.Max(csv, q);
            }
            else if (m.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, q);
            }
        }

        return csv > json;
    }
}
