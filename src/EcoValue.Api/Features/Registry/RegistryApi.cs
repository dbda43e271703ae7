using EcoValue.Data.Registry;

namespace EcoValue.Api.Features.Registry;

/// <summary>
/// The registry's routes (DESIGN.md "Public interface"): producers, plots, batches, field events, lab results.
/// Farmers and admins only; every object-level access goes through the caller's <see cref="Caller.Scope"/>.
/// Every write is a record; a PUT is a correction (a superseding record), never an edit in place.
/// </summary>
public static class RegistryApi
{
    /// <summary>Authorisation policy: an admin or a farmer.</summary>
    public const string Policy = "registry";

    public static IServiceCollection AddRegistryApi(this IServiceCollection services)
    {
        services.AddSingleton<RegistryRepository>();
        services.AddSingleton<RegistryWriter>();
        services.AddSingleton<EcoValue.Data.Accounts.IProducerDirectory, RegistryProducerDirectory>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin", "farmer"));
        return services;
    }

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ProducerEndpoints.Map(api.MapGroup("/producers").WithTags("Producers"));
        PlotEndpoints.Map(api);
        BatchEndpoints.Map(api.MapGroup("/batches").WithTags("Batches"));
        FieldEventEndpoints.Map(api.MapGroup("/batches/{batchId}/events").WithTags("Field events"));
        LabResultEndpoints.Map(api.MapGroup("/batches/{batchId}/lab-results").WithTags("Lab results"));
        EvidenceEndpoints.Map(api);
        Certification.BrandClaimEndpoints.Map(api.MapGroup("/batches/{batchId}/brand").WithTags("Brand claims"));
        SignupEndpoint.Map(app);
        return app;
    }
}
