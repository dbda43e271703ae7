using EcoValue.Anchoring.Keys;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// The certification workflow (issue 5, docs/certification-workflow.md): brands and accreditation (admin),
/// applications and their evaluation, the certifier's signed decisions, licences with their status changes and a
/// public verify, brand claims of batches (mapped with the registry's batch routes), and the relayer that takes the
/// decisions to LicenceRegistry. Standards load and the master key opens at start.
/// </summary>
public static class CertificationApi
{
    /// <summary>Authorisation policy of application and licence reads: an admin, a farmer or a certifier (each sees its own scope).</summary>
    public const string Policy = "certification";

    public static IServiceCollection AddCertification(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CertificationOptions>().Bind(configuration.GetSection(CertificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LicenceKeyOptions>().Bind(configuration.GetSection(CertificationOptionsValidator.LicencesSection)).ValidateOnStart();
        services.AddSingleton<CertificationOptionsValidator>();
        services.AddSingleton<IValidateOptions<CertificationOptions>>(sp => sp.GetRequiredService<CertificationOptionsValidator>());
        services.AddSingleton<IValidateOptions<LicenceKeyOptions>>(sp => sp.GetRequiredService<CertificationOptionsValidator>());

        services.AddSingleton<CertificationResources>();
        services.AddHostedService<CertificationStartup>();
        services.AddSingleton<CertificationRepository>();
        services.AddSingleton<LicenceChain>();
        services.AddSingleton<CertifierSigning>();
        services.AddSingleton<RelayerSignal>();
        services.AddSingleton<BrandAdministration>();
        services.AddSingleton<ApplicationDecisions>();
        services.AddSingleton<LicenceStatusChanges>();
        services.AddSingleton<BrandClaims>();
        services.AddSingleton<LicenceVerification>();
        services.AddHostedService<RelayerHostedService>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim("role", Roles.Admin, Roles.Farmer, Roles.Certifier));
        return services;
    }

    public static IEndpointRouteBuilder MapCertificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        BrandEndpoints.Map(api.MapGroup("/brands").WithTags("Brands"));
        ApplicationEndpoints.Map(api.MapGroup("/applications").WithTags("Applications").RequireAuthorization(Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden));
        LicenceEndpoints.Map(api.MapGroup("/licences").WithTags("Licences"), Policy);
        return app;
    }
}
