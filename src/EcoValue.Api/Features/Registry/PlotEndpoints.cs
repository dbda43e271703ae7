using System.Security.Claims;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>/api/v1/producers/{producerId}/plots (list, add) and /api/v1/plots/{id} (read, correct).</summary>
internal static class PlotEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var byProducer = api.MapGroup("/producers/{producerId}/plots").WithTags("Plots");
        byProducer.MapGet("/", ListAsync).WithName("ListPlots").WithSummary("A producer's plots, filtered and paged");
        byProducer.MapPost("/", CreateAsync).WithName("CreatePlot").WithSummary("Add a plot to a producer").ProducesValidationProblem();
        var plots = api.MapGroup("/plots").WithTags("Plots");
        plots.MapGet("/{id}", GetAsync).WithName("GetPlot").WithSummary("One plot");
        plots.MapPut("/{id}", CorrectAsync).WithName("CorrectPlot").WithSummary("Correct a plot: a new record supersedes the current one")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    internal static async Task<Results<Ok<ListResponse<PlotResponse>>, ProblemHttpResult>> ListAsync(
        string producerId, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, string? region, string? q, string? after, int? limit, CancellationToken ct)
    {
        if (RegistryHttp.CheckPaging(ctx, limit, after) is { } bad)
        {
            return bad;
        }

        if (await repo.GetProducerAsync(producerId, Caller.From(user).Scope, ct).ConfigureAwait(false) is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        var page = await repo.ListPlotsAsync(producerId, region, q, after, limit ?? RegistryHttp.DefaultLimit, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ListResponse<PlotResponse>([.. page.Items.Select(PlotResponse.From)], page.Next));
    }

    internal static async Task<Results<Created<PlotResponse>, ProblemHttpResult>> CreateAsync(
        string producerId, PlotInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var facts = PlotFacts.Validate(input);
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var row = await writer.AddPlotAsync(producerId, caller.Scope, facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "producer", "生产主体");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Created($"/api/v1/plots/{row.Id}", PlotResponse.From(row));
    }

    internal static async Task<Results<Ok<PlotResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext ctx, ClaimsPrincipal user, RegistryRepository repo, CancellationToken ct)
    {
        if (await repo.GetPlotAsync(id, Caller.From(user).Scope, ct).ConfigureAwait(false) is not { } row)
        {
            return Problems.NotFound(ctx, "plot", "地块");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(PlotResponse.From(row));
    }

    internal static async Task<Results<Ok<PlotResponse>, ProblemHttpResult>> CorrectAsync(
        string id, PlotInput? input, HttpContext ctx, ClaimsPrincipal user, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var facts = PlotFacts.Validate(input);
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var row = await writer.CorrectPlotAsync(id, caller.Scope, RegistryHttp.IfMatchVersion(ctx), facts, caller.Actor, now, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound(ctx, "plot", "地块");
        }

        RegistryHttp.SetETag(ctx, row.Version);
        return TypedResults.Ok(PlotResponse.From(row));
    }
}
