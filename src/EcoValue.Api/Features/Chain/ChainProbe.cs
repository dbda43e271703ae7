using System.Diagnostics;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Health;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Chain;

/// <summary>
/// Answers "is the chain we anchor to there, is it the right one, and are our contracts still on it?" for /healthz.
/// It asks once, without retries: a health check must answer quickly and say what is wrong, not wait for the node.
/// </summary>
public sealed class ChainProbe
{
    private readonly EthClient _eth;
    private readonly long _expectedChainId;
    private readonly ChainDeploymentRepository _deployments;

    public ChainProbe(IOptions<EcoValueOptions> options, IHttpClientFactory httpClients, ChainDeploymentRepository deployments)
    {
        var chain = options.Value.Chain;
        _expectedChainId = chain.ExpectedChainId;
        _deployments = deployments;
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
            if (chainId != _expectedChainId)
            {
                return new ChainHealth(ComponentStatus.ForeignChain, _expectedChainId, chainId, block, sw.ElapsedMilliseconds,
                    $"the node reports chain id {chainId}, this service is configured for {_expectedChainId}", []);
            }

            var contracts = await CheckContractsAsync(chainId, ct).ConfigureAwait(false);
            var (status, error) = contracts switch
            {
                [] => (ComponentStatus.NotDeployed, $"no contracts are recorded for chain {chainId}: run `ecovalue deploy`"),
                _ when contracts.FirstOrDefault(c => c.Status != ComponentStatus.Ok) is { } broken => (ComponentStatus.Reset, $"{broken.Name}: {broken.Error}"),
                _ => (ComponentStatus.Ok, (string?)null),
            };
            return new ChainHealth(status, _expectedChainId, chainId, block, sw.ElapsedMilliseconds, error, contracts);
        }
        catch (Exception e) when (e is RpcClientException or OperationCanceledException)
        {
            return new ChainHealth(ComponentStatus.Unavailable, _expectedChainId, null, null, sw.ElapsedMilliseconds,
                e is OperationCanceledException ? "the node did not answer in time" : e.Message, []);
        }
    }

    private async Task<IReadOnlyList<ContractHealth>> CheckContractsAsync(long chainId, CancellationToken ct)
    {
        var check = new DeploymentCheck(_eth);
        var result = new List<ContractHealth>();
        foreach (var row in await _deployments.ListAsync(chainId, ct).ConfigureAwait(false))
        {
            var verdict = await check.CheckAsync(row, ct).ConfigureAwait(false);
            result.Add(new ContractHealth(row.Contract, Address.Parse(row.Address).ToString(), (ulong)row.DeployBlock,
                verdict.IsIntact ? ComponentStatus.Ok : ComponentStatus.Reset, verdict.Problem));
        }

        return result;
    }
}
