namespace EcoValue.Api.Features.Verification;

/// <summary>Registers the consumer page's options and serves its script (the resolver renders the page itself).</summary>
public static class ConsumerPageSetup
{
    public static IServiceCollection AddConsumerPage(this IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<ConsumerPageOptions>()
            .Bind(configuration.GetSection(ConsumerPageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .Services;

    public static IEndpointRouteBuilder MapConsumerPage(this IEndpointRouteBuilder app) => app.MapConsumerAssets();
}
