using System.Diagnostics;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Health;
using EcoValue.Ethereum.Rpc;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Chain;

/// <summary>
/// Answers "is the chain we anchor to there, and is it the right one?" for /healthz. It asks once, without retries:
/// a health check must answer quickly and say what is wrong, not wait for the node to come back.
/// </summary>
public sealed class ChainProbe
{
    private readonly EthClient _eth;
    private readonly long _expectedChainId;

    public ChainProbe(IOptions<EcoValueOptions> options, IHttpClientFactory httpClients)
    {
        var chain = options.Value.Chain;
        _expectedChainId = chain.ExpectedChainId;
        _eth = new EthClient(new JsonRpcClient(httpClients.CreateClient(nameof(ChainServices)), new JsonRpcClientOptions
        {
            Endpoint = chain.RpcUrl,
            RequestTimeout = TimeSpan.FromSeconds(Math.Min(chain.RequestTimeoutSeconds, 3)),
            MaxRetries = 0,
        }));
    }

    public async Task<ChainHealth> ProbeAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var chainIdTask = _eth.ChainIdAsync(ct);
            var blockTask = _eth.BlockNumberAsync(ct);
            var chainId = (long)await chainIdTask.ConfigureAwait(false);
            var block = await blockTask.ConfigureAwait(false);
            return chainId == _expectedChainId
                ? new ChainHealth(ComponentStatus.Ok, _expectedChainId, chainId, block, sw.ElapsedMilliseconds, null)
                : new ChainHealth(ComponentStatus.ForeignChain, _expectedChainId, chainId, block, sw.ElapsedMilliseconds,
                    $"the node reports chain id {chainId}, this service is configured for {_expectedChainId}");
        }
        catch (Exception e) when (e is RpcClientException or OperationCanceledException)
        {
            return new ChainHealth(ComponentStatus.Unavailable, _expectedChainId, null, null, sw.ElapsedMilliseconds,
                e is OperationCanceledException ? "the node did not answer in time" : e.Message);
        }
    }
}
