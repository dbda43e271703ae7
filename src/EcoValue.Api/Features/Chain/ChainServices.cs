using EcoValue.Api.Configuration;
using EcoValue.Ethereum.Rpc;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Chain;

/// <summary>Registers the JSON-RPC clients for the configured chain.</summary>
public static class ChainServices
{
    public static IServiceCollection AddChain(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(ChainServices));
        // The service's own client retries transport errors with backoff (anchoring must ride out a restarting node).
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IOptions<EcoValueOptions>>().Value.Chain;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ChainServices));
            return new EthClient(new JsonRpcClient(http, new JsonRpcClientOptions
            {
                Endpoint = chain.RpcUrl,
                RequestTimeout = TimeSpan.FromSeconds(chain.RequestTimeoutSeconds),
            }));
        });
        services.AddSingleton<EcoValue.Data.Chain.ChainDeploymentRepository>();
        services.AddSingleton<ChainProbe>();
        return services;
    }
}
