using System.Threading.RateLimiting;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Registry;
using EcoValue.Data.Items;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Item codes and their verification (issue 6, docs/verification.md): issuance, listing and withdrawal of codes
/// (the batch's farmer or an admin), recalls (admin), the GS1 Digital Link resolver and /api/v1/verify (anyone,
/// rate-limited per client address), the scan log and its writer.
/// </summary>
public static class VerificationApi
{
    /// <summary>Rate-limiter policy of the public endpoints: resolver, verify, licence verify (token bucket per client address).</summary>
    public const string PublicRateLimit = "public";

    public static IServiceCollection AddVerification(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VerificationOptions>().Bind(configuration.GetSection(VerificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScanOptions>().Bind(configuration.GetSection(ScanOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ItemRepository>();
        services.AddSingleton<ScanRepository>();
        services.AddSingleton<PublicFactsRepository>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<ItemIssuer>();
        services.AddSingleton<VerificationCache>();
        services.AddSingleton<SerialTrees>();
        services.AddSingleton<ScanLog>();
        services.AddSingleton<ScannerIdentity>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<ScanWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ScanWriter>());

        services.TryAddSingleton<Hosting.SharedRateLimits>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, Hosting.SharedRateLimits>((o, limits, shared) =>
        {
            var (perMinute, burst) = (limits.Value.PublicPerMinute, limits.Value.PublicBurst);
            // Whole tokens only: at 60/min and more, refill each second; below, one token per 60/rate seconds.
            var (period, tokens) = perMinute >= 60
                ? (TimeSpan.FromSeconds(1), (int)Math.Ceiling(perMinute / 60.0))
                : (TimeSpan.FromSeconds(60.0 / Math.Max(perMinute, 1)), 1);
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            // In memory on SQLite, shared by every instance on PostgreSQL. Fails open: a consumer's scan answer must
            // not go down with the limiter's table (docs/verification.md "Rate limits").
            o.AddPolicy(PublicRateLimit, http => perMinute == 0
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : shared.TokenBucket(PublicRateLimit, Auth.AuthSetup.ClientAddress(http), bucket, failOpen: true));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/batches/{batchId}").RequireAuthorization(RegistryApi.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ItemEndpoints.Map(api.MapGroup("/items").WithTags("Items"));
        LabelEndpoints.Map(api);
        RecallEndpoints.Map(api.MapGroup("/recall").WithTags("Recalls").RequireAuthorization(Data.Accounts.Roles.Admin));
        ResolverEndpoints.Map(app);
        return app;
    }
}
