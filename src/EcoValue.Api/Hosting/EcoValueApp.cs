using EcoValue.Api.Features.BulkVerification;
using EcoValue.Anchoring.Worker;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Anchoring;
using EcoValue.Api.Features.Auth;
using EcoValue.Api.Features.Catalogue;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.Chain;
using EcoValue.Api.Features.Dossier;
using EcoValue.Api.Features.Epcis;
using EcoValue.Api.Features.Health;
using EcoValue.Api.Features.Home;
using EcoValue.Api.Features.OpenApi;
using EcoValue.Api.Features.Portal;
using EcoValue.Api.Features.Records;
using EcoValue.Api.Features.Registry;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Hosting;

/// <summary>Builds the web host: options, infrastructure, then each feature's endpoints. Program.cs only runs it.</summary>
public static class EcoValueApp
{
    /// <summary>Largest request body outside EPCIS capture: 1 MiB (a lab result with 500 analytes is ~60 KiB).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // ECOVALUE_DATA names the data folder (DESIGN.md, "Dev profile"); it wins over appsettings.
        if (Environment.GetEnvironmentVariable("ECOVALUE_DATA") is { Length: > 0 } data)
        {
            builder.Configuration[$"{EcoValueOptions.Section}:{nameof(EcoValueOptions.DataDirectory)}"] = data;
        }

        configure?.Invoke(builder);

        // Bodies are small JSON documents; the EPCIS capture route raises its own limit (EpcisApi.MaxCaptureBytes).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.Services.AddOptions<EcoValueOptions>()
            .Bind(builder.Configuration.GetSection(EcoValueOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Chain.RpcUrl.IsAbsoluteUri && o.Chain.RpcUrl.Scheme is "http" or "https", "EcoValue:Chain:RpcUrl must be an absolute http(s) URL")
            .Validate(o => o.Database.Provider != DatabaseOptions.Postgres || !string.IsNullOrWhiteSpace(o.Database.ConnectionString),
                "EcoValue:Database:ConnectionString is required when EcoValue:Database:Provider is postgres")
            .Validate(o => o.PublicBaseUrl is null || (o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme is "http" or "https" && o.PublicBaseUrl.Query.Length == 0 && o.PublicBaseUrl.Fragment.Length == 0),
                "EcoValue:PublicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://trace.example.cn")
            .ValidateOnStart();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Unreadable bodies throw, so ProblemExceptionHandler can name the JSON path that failed (else a bare 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Repositories depend on the backend-neutral Database, chosen by EcoValue:Database:Provider.
        builder.Services.AddSingleton<Database>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EcoValueOptions>>().Value;
            return options.Database.Provider == DatabaseOptions.Postgres
                ? new PostgresDatabase(options.Database.ConnectionString!)
                : new SqliteDatabase(options.DataDirectory, backgroundCheckpoints: true);
        });
        builder.Services.AddSingleton<InstanceRoles>();
        // Registered first so the schema is current before anything else starts (hosted services start in order).
        builder.Services.AddHostedService<DatabaseMigrationService>();
        builder.Services.AddHostedService<WalCheckpointService>();
        builder.Services.AddChain();
        builder.Services.AddHealthApi();
        builder.Services.AddRecordsApi();
        builder.Services.AddEcoValueAuth(builder.Configuration, builder.Environment);
        builder.Services.AddRegistryApi();
        builder.Services.AddCertification(builder.Configuration);
        builder.Services.AddVerification(builder.Configuration);
        builder.Services.AddCatalogue();
        builder.Services.AddBulkVerification();
        builder.Services.AddDossier();
        builder.Services.AddPortal();
        builder.Services.AddConsumerPage(builder.Configuration);
        builder.Services.AddEcoValueOpenApi();
        builder.Services.AddOptions<AnchoringOptions>()
            .Bind(builder.Configuration.GetSection(AnchoringOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<AnchoringHostedService>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<EcoValue.Api.Features.Demo.DemoCertification>();
            builder.Services.AddSingleton<EcoValue.Api.Features.Demo.DemoItems>();
            builder.Services.AddHostedService<EcoValue.Api.Features.Demo.DemoSeeder>();
        }

        var app = builder.Build();
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHomeApi();
        app.MapHealthApi();
        app.MapRecordsApi();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapRegistryApi();
        app.MapCertificationApi();
        app.MapVerification();
        app.MapCatalogue();
        app.MapBulkVerification();
        app.MapPortal();
        app.MapConsumerPage();
        app.MapEpcisApi();
        app.MapDossier();
        app.MapEcoValueOpenApi();
        app.Lifetime.ApplicationStarted.Register(() => LogUrls(app));
        return app;
    }

    private static void LogUrls(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EcoValue");
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var url in app.Urls)
        {
            logger.LogInformation("EcoValue serving {Url}/ (health: {Url}/healthz)", url, url);
        }
    }
}
