using System.Diagnostics;
using EcoValue.Api.Features.Chain;
using EcoValue.Api.Infrastructure;
using EcoValue.Data;
using EcoValue.Data.Migrations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Health;

/// <summary>
/// GET /healthz: the database, the chain (id, latest block, later contract addresses) and, from the anchoring issue
/// on, the backlog. 200 when everything a request needs is up; 503 with the same body when something is not.
/// </summary>
public static class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddHealthApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealthAsync)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Database and chain status")
            .AllowAnonymous();
        return app;
    }

    internal static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        Database database, ChainProbe chain, InstanceRoles roles, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(ProbeTimeout);
        var dbTask = ProbeDatabaseAsync(database, cts.Token);
        var chainTask = chain.ProbeAsync(cts.Token);
        var report = new HealthReport(await dbTask.ConfigureAwait(false), await chainTask.ConfigureAwait(false), roles.Held);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<DatabaseHealth> ProbeDatabaseAsync(Database database, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var version = await database.PingAsync(ct).ConfigureAwait(false);
            var schema = await Migrator.CurrentVersionAsync(database, ct).ConfigureAwait(false);
            return new DatabaseHealth(ComponentStatus.Ok, database.Provider, version, schema, sw.ElapsedMilliseconds, null);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or OperationCanceledException or TimeoutException)
        {
            return new DatabaseHealth(ComponentStatus.Unavailable, database.Provider, null, null, sw.ElapsedMilliseconds, e.Message);
        }
    }
}
